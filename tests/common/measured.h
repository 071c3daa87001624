#pragma once
// Numeric checks for the test suites. A failure names the expression, prints the measured value and the
// bound it broke, so a red run says by how much. Every bound used with these is justified where it is used:
// the float32 error of the operation compared, or a margin measured over at least 20 seeds for a learning
// outcome (docs/testing.md lists those measurements; scripts/seed-margins.sh repeats them).
// No LibTorch here: GUI and CLI suites include it too.

#include <QtTest/QtTest>

#include <cmath>
#include <cstdlib>

namespace tltest {

inline QByteArray describeCheck(const char* expression, double measured, const char* relation, double bound) {
    return QStringLiteral("%1: measured %2, required %3 %4")
        .arg(QString::fromUtf8(expression))
        .arg(measured, 0, 'g', 9)
        .arg(QString::fromUtf8(relation))
        .arg(bound, 0, 'g', 9)
        .toUtf8();
}

inline QByteArray describeNear(const char* a, const char* b, double va, double vb, double tolerance) {
    return QStringLiteral("|%1 - %2| = |%3 - %4| = %5, required <= %6")
        .arg(QString::fromUtf8(a), QString::fromUtf8(b))
        .arg(va, 0, 'g', 9)
        .arg(vb, 0, 'g', 9)
        .arg(std::abs(va - vb), 0, 'g', 9)
        .arg(tolerance, 0, 'g', 9)
        .toUtf8();
}

/// The seed of a learning test: TL_TEST_SEED when set (scripts/seed-margins.sh sweeps it), else `fallback`.
inline std::uint64_t testSeed(std::uint64_t fallback) {
    const QByteArray value = qgetenv("TL_TEST_SEED");
    if (value.isEmpty()) return fallback;
    bool ok = false;
    const qulonglong seed = value.toULongLong(&ok);
    return ok ? seed : fallback;
}

}  // namespace tltest

// measured < bound (a NaN fails)
#define TL_VERIFY_BELOW(measured, bound)                                                          \
    do {                                                                                          \
        const double tl_m_ = static_cast<double>(measured), tl_b_ = static_cast<double>(bound);   \
        QVERIFY2(tl_m_ < tl_b_, tltest::describeCheck(#measured, tl_m_, "<", tl_b_).constData()); \
    } while (false)

// measured <= bound
#define TL_VERIFY_AT_MOST(measured, bound)                                                          \
    do {                                                                                            \
        const double tl_m_ = static_cast<double>(measured), tl_b_ = static_cast<double>(bound);     \
        QVERIFY2(tl_m_ <= tl_b_, tltest::describeCheck(#measured, tl_m_, "<=", tl_b_).constData()); \
    } while (false)

// measured >= bound
#define TL_VERIFY_AT_LEAST(measured, bound)                                                         \
    do {                                                                                            \
        const double tl_m_ = static_cast<double>(measured), tl_b_ = static_cast<double>(bound);     \
        QVERIFY2(tl_m_ >= tl_b_, tltest::describeCheck(#measured, tl_m_, ">=", tl_b_).constData()); \
    } while (false)

// measured > bound
#define TL_VERIFY_ABOVE(measured, bound)                                                          \
    do {                                                                                          \
        const double tl_m_ = static_cast<double>(measured), tl_b_ = static_cast<double>(bound);   \
        QVERIFY2(tl_m_ > tl_b_, tltest::describeCheck(#measured, tl_m_, ">", tl_b_).constData()); \
    } while (false)

// |a - b| <= tolerance (a NaN fails)
#define TL_VERIFY_NEAR(a, b, tolerance)                                                                            \
    do {                                                                                                           \
        const double tl_a_ = static_cast<double>(a), tl_b_ = static_cast<double>(b);                               \
        const double tl_t_ = static_cast<double>(tolerance);                                                       \
        QVERIFY2(std::abs(tl_a_ - tl_b_) <= tl_t_, tltest::describeNear(#a, #b, tl_a_, tl_b_, tl_t_).constData()); \
    } while (false)

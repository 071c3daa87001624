#pragma once
// What a call throws, as text a failure message can print, and whether it is the tl::Error a damaged or
// hostile file must give: core lets no other exception type out for anything a file contains.

#include "tl/error.h"

#include <QString>
#include <QStringList>

#include <exception>
#include <typeinfo>

namespace tltest {

/// "tl::Error: <message>", "another exception (<type>): <message>" or "nothing".
template <typename Fn>
QString thrown(Fn&& call) {
    try {
        call();
    } catch (const tl::Error& e) {
        return QStringLiteral("tl::Error: ") + QString::fromUtf8(e.what());
    } catch (const std::exception& e) {
        return QStringLiteral("another exception (") + QString::fromUtf8(typeid(e).name()) + QStringLiteral("): ") + QString::fromUtf8(e.what());
    }
    return QStringLiteral("nothing");
}

/// True when `seen` (from thrown()) is a tl::Error whose message contains every one of `words`.
inline bool isErrorNaming(const QString& seen, const QStringList& words) {
    if (!seen.startsWith(QStringLiteral("tl::Error: "))) return false;
    for (const QString& w : words)
        if (!seen.contains(w)) return false;
    return true;
}

/// The failure message of a check on thrown(): what was expected and what was seen.
inline QByteArray expectedError(const QString& call, const QStringList& words, const QString& seen) {
    return QStringLiteral("%1: expected a tl::Error containing \"%2\"; seen %3").arg(call, words.join(QStringLiteral("\", \"")), seen).toUtf8();
}

}  // namespace tltest

// `call` (a statement) throws a tl::Error whose message holds every word of `words` (a QStringList).
#define TL_VERIFY_ERROR_NAMING(call, words)                                                                                    \
    do {                                                                                                                       \
        const QStringList tl_w_ = (words);                                                                                     \
        const QString tl_s_ = tltest::thrown([&] { call; });                                                                   \
        QVERIFY2(tltest::isErrorNaming(tl_s_, tl_w_), tltest::expectedError(QStringLiteral(#call), tl_w_, tl_s_).constData()); \
    } while (false)

// Calibration figures and temperature scaling (tl/calibration.h) against the same definitions written with NumPy
// and PyTorch's L-BFGS (make_calibration_fixtures.py) on the predictions of a deliberately over-confident model:
// reliability bins, ECE, MCE, NLL and Brier equal; the fitted temperature equal; the held-out ECE at least halved;
// sizes, labels and too few images refused by name.
#include "measured.h"

#include "tl/calibration.h"
#include "tl/error.h"
#include "tl/runtime.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <fstream>

namespace {

template <class T>
std::vector<T> readRaw(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    std::vector<T> out(static_cast<std::size_t>(in.tellg()) / sizeof(T));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(out.size() * sizeof(T)));
    return out;
}

template <class T>
std::vector<T> slice(const std::vector<T>& v, std::size_t from, std::size_t to) {
    return std::vector<T>(v.begin() + static_cast<std::ptrdiff_t>(from), v.begin() + static_cast<std::ptrdiff_t>(to));
}

}  // namespace

class TestCalibration : public QObject {
    Q_OBJECT
    std::string dir_;
    nlohmann::json ref_;
    std::vector<float> logits_;
    std::vector<int> labels_;
    int classes_ = 0;

private Q_SLOTS:
    void initTestCase() {
        tl::initRuntime();
        dir_ = qEnvironmentVariable("TL_CALIBRATION_FIXTURES").toStdString();
        ref_ = nlohmann::json::parse(std::ifstream(dir_ + "/reference.json"));
        logits_ = readRaw<float>(dir_ + "/logits.f32");
        labels_ = readRaw<int>(dir_ + "/labels.i32");
        classes_ = ref_["classes"].get<int>();
        QCOMPARE(labels_.size(), ref_["images"].get<std::size_t>());
    }

    void figuresMatchTheDefinitions() {
        // The probabilities both sides see: float32 softmax of the same float32 logits (LibTorch here, PyTorch there:
        // the same kernel; a last-bit difference in one probability moves the figures by ~1e-7 / N).
        const tl::Calibration c = tl::calibrationOf(tl::softmaxAt(logits_, classes_), classes_, labels_);
        const auto& whole = ref_["whole"];
        QCOMPARE(c.images, labels_.size());
        QVERIFY(c.meaningful());
        QCOMPARE(c.bins.size(), std::size_t{15});
        for (std::size_t b = 0; b < c.bins.size(); ++b) {
            QCOMPARE(c.bins[b].count, whole["bins"][b]["count"].get<std::size_t>());  // exact: the same float32 confidences
            TL_VERIFY_BELOW(std::abs(c.bins[b].confidence - whole["bins"][b]["confidence"].get<double>()), 1e-6);
            TL_VERIFY_BELOW(std::abs(c.bins[b].accuracy - whole["bins"][b]["accuracy"].get<double>()), 1e-12);
        }
        // Sums of 1000 float64 terms from float32 inputs (measured 0 to 1.7e-15): 1e-6 covers a last-bit difference of a
        // probability between the two softmax kernels.
        TL_VERIFY_BELOW(std::abs(c.ece - whole["ece"].get<double>()), 1e-6);
        TL_VERIFY_BELOW(std::abs(c.mce - whole["mce"].get<double>()), 1e-6);
        TL_VERIFY_BELOW(std::abs(c.nll - whole["nll"].get<double>()), 1e-6);
        TL_VERIFY_BELOW(std::abs(c.brier - whole["brier"].get<double>()), 1e-6);
        qInfo("ECE %.4f, MCE %.4f, NLL %.4f, Brier %.4f; from NumPy's: %.3g, %.3g, %.3g, %.3g", c.ece, c.mce, c.nll, c.brier,
              std::abs(c.ece - whole["ece"].get<double>()), std::abs(c.mce - whole["mce"].get<double>()),
              std::abs(c.nll - whole["nll"].get<double>()), std::abs(c.brier - whole["brier"].get<double>()));
    }

    void temperatureMatchesPyTorchAndHalvesTheError() {
        const std::size_t fit = ref_["fit_images"].get<std::size_t>();
        const std::vector<float> fitLogits = slice(logits_, 0, fit * static_cast<std::size_t>(classes_));
        const double t = tl::fitTemperature(fitLogits, classes_, slice(labels_, 0, fit));
        // The bound of the issue. Both minimise the same convex function of 1/T to convergence: measured 3.8e-8.
        TL_VERIFY_BELOW(std::abs(t - ref_["temperature"].get<double>()), 1e-3);
        qInfo("fitted temperature %.9f, PyTorch's %.9f: %.3g apart", t, ref_["temperature"].get<double>(),
              std::abs(t - ref_["temperature"].get<double>()));
        const std::vector<float> heldLogits = slice(logits_, fit * static_cast<std::size_t>(classes_), logits_.size());
        const std::vector<int> heldLabels = slice(labels_, fit, labels_.size());
        const double before = tl::calibrationOf(tl::softmaxAt(heldLogits, classes_), classes_, heldLabels).ece;
        const double after = tl::calibrationOf(tl::softmaxAt(heldLogits, classes_, t), classes_, heldLabels).ece;
        qInfo("held-out ECE %.4f before, %.4f after", before, after);
        TL_VERIFY_AT_MOST(after, before / 2);
        // Temperature scaling changes no prediction.
        const std::vector<float> p1 = tl::softmaxAt(heldLogits, classes_), pt = tl::softmaxAt(heldLogits, classes_, t);
        for (std::size_t i = 0; i < heldLabels.size(); ++i) {
            const auto row = static_cast<std::ptrdiff_t>(i) * classes_;
            QCOMPARE(std::max_element(p1.begin() + row, p1.begin() + row + classes_) - p1.begin(),
                     std::max_element(pt.begin() + row, pt.begin() + row + classes_) - pt.begin());
        }
    }

    void refusals() {
        const auto message = [](auto&& f) {
            try {
                f();
            } catch (const tl::Error& e) {
                return QString::fromStdString(e.what());
            }
            return QString();
        };
        QVERIFY(message([] { tl::calibrationOf({0.5f, 0.5f, 1.0f}, 2, {0, 1}); }).contains(QStringLiteral("need 4")));
        QVERIFY(message([] { tl::calibrationOf({0.5f, 0.5f}, 2, {2}); }).contains(QStringLiteral("label 2")));
        const QString few = message([] { tl::fitTemperature(std::vector<float>(10 * 2, 0.0f), 2, std::vector<int>(10, 0)); });
        QVERIFY2(few.contains(QStringLiteral("10 images")) && few.contains(QStringLiteral("20")), qPrintable(few));
        QVERIFY(!tl::calibrationOf({0.9f, 0.1f}, 2, {0}).meaningful());  // one image: figures, but not meaningful
        QVERIFY(message([] { tl::softmaxAt({1.0f, 2.0f}, 2, 0.0); }).contains(QStringLiteral("positive")));
    }
};

QTEST_MAIN(TestCalibration)
#include "tst_calibration.moc"

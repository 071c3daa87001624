// Augmentation: Keras' affine transforms against keras_preprocessing itself, torchvision's colour
// adjustments against torchvision, each geometric option moving a marker where it should, fill modes,
// RandomResizedCrop's rectangle, determinism from a seed, the JSON config, and the cache form.
#include "image_fixtures.h"

#include "tl/augment.h"
#include "tl/error.h"
#include "tl/preprocess.h"
#include "tl/runtime.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <QtTest/QtTest>

#include <cmath>

namespace {

/// Mean and largest absolute difference.
struct Diff {
    double mean = 0;
    int worst = 0;
};
Diff difference(const cv::Mat& a, const std::vector<std::uint8_t>& ref) {
    Diff d;
    std::size_t i = 0;
    for (int y = 0; y < a.rows; ++y) {
        const auto* row = a.ptr<std::uint8_t>(y);
        for (int x = 0; x < a.cols * 3; ++x, ++i) {
            const int v = std::abs(static_cast<int>(row[x]) - static_cast<int>(ref[i]));
            d.worst = std::max(d.worst, v);
            d.mean += v;
        }
    }
    d.mean /= static_cast<double>(ref.size());
    return d;
}

cv::Mat fixtureInput(std::vector<std::uint8_t>& storage) {
    const auto& a = fixtures::manifest()["augment"];
    storage = fixtures::readRaw<std::uint8_t>(a["input"]);
    return cv::Mat(a["height"].get<int>(), a["width"].get<int>(), CV_8UC3, storage.data()).clone();
}

/// A black 64 × 64 image with a white square marker of side `size` whose top-left corner is (row, col).
cv::Mat marker(int row, int col, int size = 4) {
    cv::Mat m(64, 64, CV_8UC3, cv::Scalar::all(0));
    m(cv::Rect(col, row, size, size)).setTo(cv::Scalar::all(255));
    return m;
}

/// The centroid (row, col) of the bright pixels.
cv::Point2d centroid(const cv::Mat& rgb) {
    cv::Mat gray;
    cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
    const cv::Moments m = cv::moments(gray);
    return {m.m01 / m.m00, m.m10 / m.m00};
}

}  // namespace

class TestAugment : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { tl::initRuntime(); }

    void matchesKerasAffine_data() {
        QTest::addColumn<int>("index");
        const auto& cases = fixtures::manifest()["augment"]["keras"];
        for (std::size_t i = 0; i < cases.size(); ++i)
            QTest::newRow((cases[i]["params"].dump() + " " + cases[i]["fill_mode"].get<std::string>()).c_str()) << static_cast<int>(i);
    }
    void matchesKerasAffine() {
        QFETCH(int, index);
        const auto& c = fixtures::manifest()["augment"]["keras"][static_cast<std::size_t>(index)];
        std::vector<std::uint8_t> storage;
        const cv::Mat input = fixtureInput(storage);
        tl::KerasTransform t;
        const auto& p = c["params"];
        t.theta = p.value("theta", 0.0);
        t.tx = p.value("tx", 0.0);
        t.ty = p.value("ty", 0.0);
        t.shear = p.value("shear", 0.0);
        t.zx = p.value("zx", 1.0);
        t.zy = p.value("zy", 1.0);
        const cv::Mat out = tl::applyKerasTransform(input, t, c["fill_mode"], 0.0);
        const Diff d = difference(out, fixtures::readRaw<std::uint8_t>(c["ref"]));
        // OpenCV interpolates with 1/32-pixel weights where SciPy uses doubles: off by a level or two.
        qInfo("mean %.3f, worst %d", d.mean, d.worst);
        QVERIFY2(d.mean < 0.2 && d.worst <= 2, qPrintable(QStringLiteral("mean %1, worst %2").arg(d.mean).arg(d.worst)));
    }

    void matchesTorchvisionColour_data() {
        QTest::addColumn<int>("index");
        const auto& cases = fixtures::manifest()["augment"]["color"];
        for (std::size_t i = 0; i < cases.size(); ++i)
            QTest::newRow((cases[i]["op"].get<std::string>() + " " + cases[i]["factor"].dump()).c_str()) << static_cast<int>(i);
    }
    void matchesTorchvisionColour() {
        QFETCH(int, index);
        const auto& c = fixtures::manifest()["augment"]["color"][static_cast<std::size_t>(index)];
        std::vector<std::uint8_t> storage;
        const cv::Mat input = fixtureInput(storage);
        const std::string op = c["op"];
        const double f = c["factor"];
        const cv::Mat out = tl::colorJitter(input, op == "brightness" ? f : 1.0, op == "contrast" ? f : 1.0,
                                            op == "saturation" ? f : 1.0, op == "hue" ? f : 0.0);
        const Diff d = difference(out, fixtures::readRaw<std::uint8_t>(c["ref"]));
        qInfo("mean %.3f, worst %d", d.mean, d.worst);
        // Pillow's HSV round trip and its 8-bit blends round a little differently.
        QVERIFY2(d.mean < 1.0 && d.worst <= (op == "hue" ? 12 : 2), qPrintable(QStringLiteral("mean %1, worst %2").arg(d.mean).arg(d.worst)));
    }

    void flipsMoveTheMarker() {
        const cv::Mat in = marker(10, 20);  // centre (11.5, 21.5)
        tl::KerasTransform h;
        h.flipHorizontal = true;
        QCOMPARE(centroid(tl::applyKerasTransform(in, h, "nearest", 0)), cv::Point2d(11.5, 63 - 21.5));
        tl::KerasTransform v;
        v.flipVertical = true;
        QCOMPARE(centroid(tl::applyKerasTransform(in, v, "nearest", 0)), cv::Point2d(63 - 11.5, 21.5));
    }

    void shiftRotateZoomShearMoveTheMarker() {
        const auto near = [](cv::Point2d a, cv::Point2d b) { return std::abs(a.x - b.x) < 0.35 && std::abs(a.y - b.y) < 0.35; };
        // A shift samples the input at output + (tx, ty): the content moves by (−tx, −ty).
        tl::KerasTransform shift;
        shift.tx = 8;
        shift.ty = -10;
        cv::Point2d got = centroid(tl::applyKerasTransform(marker(10, 20), shift, "constant", 0));
        QVERIFY2(near(got, {11.5 - 8, 21.5 + 10}), qPrintable(QStringLiteral("%1, %2").arg(got.x).arg(got.y)));
        // 90° about Keras' centre (32.5, 32.5): (r, c) → (o + (c − o), o − (r − o)).
        tl::KerasTransform rot;
        rot.theta = 90;
        got = centroid(tl::applyKerasTransform(marker(10, 20), rot, "constant", 0));
        QVERIFY2(near(got, {32.5 + (21.5 - 32.5), 32.5 - (11.5 - 32.5)}), qPrintable(QStringLiteral("%1, %2").arg(got.x).arg(got.y)));
        // Zoom 0.5 magnifies twice about the centre, and the marker grows to 8 × 8.
        tl::KerasTransform zoom;
        zoom.zx = zoom.zy = 0.5;
        const cv::Mat zoomed = tl::applyKerasTransform(marker(28, 36), zoom, "constant", 0);
        got = centroid(zoomed);
        QVERIFY2(near(got, {32.5 + 2 * (29.5 - 32.5), 32.5 + 2 * (37.5 - 32.5)}), qPrintable(QStringLiteral("%1, %2").arg(got.x).arg(got.y)));
        // Shear s: an output point (o + a, o + b) samples (o + a − b·sin s, o + b·cos s), so the marker at
        // input (r, c) lands at b = (c − o) / cos s, a = (r − o) + b·sin s.
        tl::KerasTransform shear;
        shear.shear = 30;
        got = centroid(tl::applyKerasTransform(marker(10, 40), shear, "constant", 0));
        const double b = (41.5 - 32.5) / std::cos(M_PI / 6), a = (11.5 - 32.5) + b * 0.5;
        QVERIFY2(std::abs(got.x - (32.5 + a)) < 0.5 && std::abs(got.y - (32.5 + b)) < 0.5,
                 qPrintable(QStringLiteral("%1, %2").arg(got.x).arg(got.y)));
        cv::Mat gray;
        cv::cvtColor(zoomed, gray, cv::COLOR_RGB2GRAY);
        const double area = cv::sum(gray)[0] / 255.0;  // 16 before: about four times that, less the blurred rim
        QVERIFY2(area > 48 && area < 72, qPrintable(QString::number(area)));
    }

    void fillModes() {
        // A horizontal ramp shifted left by 16 columns: the right 16 columns lie outside the input.
        cv::Mat ramp(8, 64, CV_8UC3);
        for (int x = 0; x < 64; ++x) ramp.col(x).setTo(cv::Scalar::all(3 * x));
        tl::KerasTransform t;
        t.ty = 16;
        const auto valueAt = [&](const std::string& mode, int col) {
            return static_cast<int>(tl::applyKerasTransform(ramp, t, mode, 77).at<cv::Vec3b>(4, col)[0]);
        };
        QCOMPARE(valueAt("nearest", 10), 3 * 26);
        QCOMPARE(valueAt("nearest", 63), 3 * 63);          // the edge column repeated
        QCOMPARE(valueAt("constant", 63), 77);             // cval
        QCOMPARE(valueAt("reflect", 63), 3 * 48);          // input column 79 mirrored about the edge
        QCOMPARE(valueAt("wrap", 63), 3 * 15);             // input column 79 wrapped
        QVERIFY_THROWS_EXCEPTION(tl::Error, tl::applyKerasTransform(ramp, t, "mirror", 0));
        // The source is never written into.
        for (int x = 0; x < 64; ++x) QCOMPARE(static_cast<int>(ramp.at<cv::Vec3b>(4, x)[2]), 3 * x);
    }

    void randomResizedCropBox() {
        tl::AugmentConfig c;
        c.randomResizedCrop = true;
        c.scaleLow = 0.25;
        c.scaleHigh = 0.5;
        tl::AugmentRng rng(1);
        for (int i = 0; i < 200; ++i) {
            const cv::Rect r = tl::randomResizedCropBox(300, 200, c, rng);
            QVERIFY(r.x >= 0 && r.y >= 0 && r.x + r.width <= 300 && r.y + r.height <= 200);
            const double area = static_cast<double>(r.area()) / (300.0 * 200.0);
            QVERIFY2(area > 0.24 && area < 0.51, qPrintable(QString::number(area)));
            const double ratio = static_cast<double>(r.width) / r.height;
            QVERIFY(ratio > 0.74 && ratio < 1.35);
        }
        // Impossible ratios fall back to the centre crop with the ratio clamped (torchvision's fallback).
        c.ratioLow = c.ratioHigh = 10.0;
        c.scaleLow = c.scaleHigh = 1.0;
        QCOMPARE(tl::randomResizedCropBox(100, 100, c, rng), cv::Rect(0, 45, 100, 10));
    }

    void deterministicFromSeed() {
        std::vector<std::uint8_t> storage;
        const cv::Mat input = fixtureInput(storage);
        const tl::AugmentConfig c = tl::parseAugmentConfig(
            R"({"rotation_range": 40, "width_shift_range": 0.2, "height_shift_range": 0.2, "shear_range": 20,
                "zoom_range": 0.2, "horizontal_flip": true, "fill_mode": "reflect",
                "random_resized_crop": {"scale": [0.5, 1.0]}, "color_jitter": {"brightness": 0.3, "hue": 0.05}})",
            "aug.json");
        const tl::Preprocessing recipe = tl::recipeFor("torchvision", 64, 72);
        const auto equal = [](const cv::Mat& a, const cv::Mat& b) { return cv::norm(a, b, cv::NORM_INF) == 0; };
        const cv::Mat a = tl::augmentImage(input, c, recipe, tl::augmentSeed(5, 0, 3));
        QCOMPARE(a.rows, 64);
        QCOMPARE(a.cols, 64);
        QVERIFY(equal(a, tl::augmentImage(input, c, recipe, tl::augmentSeed(5, 0, 3))));
        QVERIFY(!equal(a, tl::augmentImage(input, c, recipe, tl::augmentSeed(5, 1, 3))));   // next epoch
        QVERIFY(!equal(a, tl::augmentImage(input, c, recipe, tl::augmentSeed(5, 0, 4))));   // next sample
        QVERIFY(!equal(a, tl::augmentImage(input, c, recipe, tl::augmentSeed(6, 0, 3))));   // another run seed
        // The generator is fixed: these values hold on every platform.
        tl::AugmentRng rng(42);
        const std::uint64_t first = rng.next();
        tl::AugmentRng again(42);
        QCOMPARE(again.next(), first);
        const auto preview = tl::augmentPreview(input, c, recipe, 6, 9);
        QCOMPARE(preview.size(), std::size_t{6});
        QVERIFY(!equal(preview[0], preview[1]));
        // Without options the augmentation is the recipe's crop.
        QVERIFY(equal(tl::augmentImage(input, tl::AugmentConfig{}, recipe, 1), tl::cropForNetwork(input, recipe)));
    }

    void configJson() {
        const tl::AugmentConfig c = tl::parseAugmentConfig(
            R"({"rotation_range": 20, "width_shift_range": 0.1, "zoom_range": 0.2, "horizontal_flip": true,
                "fill_mode": "constant", "cval": 0, "rescale": 0.00392156862745098, "shear_range": 0.2})",
            "aug.json");
        QCOMPARE(c.rotationRange, 20.0);
        QCOMPARE(c.zoomLow, 0.8);
        QCOMPARE(c.zoomHigh, 1.2);
        QVERIFY(c.horizontalFlip && !c.verticalFlip);
        QCOMPARE(c.fillMode, std::string("constant"));
        QVERIFY(c.active());
        const tl::AugmentConfig back = tl::parseAugmentConfig(tl::augmentConfigJson(c), "round trip");
        QCOMPARE(tl::augmentConfigJson(back), tl::augmentConfigJson(c));
        const auto fails = [](const char* json, const char* word) {
            try {
                tl::parseAugmentConfig(json, "aug.json");
            } catch (const tl::Error& e) {
                return std::string(e.what()).find(word) != std::string::npos && std::string(e.what()).find("aug.json") != std::string::npos;
            }
            return false;
        };
        QVERIFY(fails(R"({"rotation": 20})", "unknown augmentation option 'rotation'"));
        QVERIFY(fails(R"({"fill_mode": "mirror"})", "fill_mode"));
        QVERIFY(fails(R"({"zoom_range": [1.2, 0.8]})", "zoom_range"));
        QVERIFY(fails(R"({"color_jitter": {"hue": 0.7}})", "hue"));
        QVERIFY(fails(R"({"horizontal_flip": "yes"})", "wrong value type"));
        QVERIFY(fails("[1, 2]", "JSON object"));
        QVERIFY(!tl::AugmentConfig{}.active());
    }

    void cacheFormKeepsTheCrop_data() {
        QTest::addColumn<QString>("mode");
        QTest::newRow("torchvision") << "torchvision";
        QTest::newRow("caffe (resize)") << "caffe";
        QTest::newRow("vgg_mean (crop_or_pad)") << "vgg_mean";
    }
    void cacheFormKeepsTheCrop() {
        QFETCH(QString, mode);
        std::vector<std::uint8_t> storage;
        const cv::Mat input = fixtureInput(storage);
        const tl::Preprocessing recipe = tl::recipeFor(mode.toStdString(), 56, 64);
        const cv::Mat form = tl::cacheForm(input, recipe);
        QVERIFY(form.total() <= input.total());
        QCOMPARE(cv::norm(tl::cropForNetwork(form, recipe), tl::cropForNetwork(input, recipe), cv::NORM_INF), 0.0);
    }

    void rescaleReplacesNormalisation() {
        cv::Mat crop(2, 2, CV_8UC3, cv::Scalar(255, 51, 0));
        tl::AugmentConfig c;
        c.rescale = 1.0 / 255.0;
        std::vector<float> out(12);
        tl::normalizeAugmented(crop, tl::recipeFor("torchvision", 2, 2), c, out.data());
        QCOMPARE(out[0], 1.0f);
        QCOMPARE(out[4], 0.2f);
        QCOMPARE(out[8], 0.0f);
    }
};

QTEST_GUILESS_MAIN(TestAugment)
#include "tst_augment.moc"

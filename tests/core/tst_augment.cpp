// Augmentation: Keras' affine transforms against keras_preprocessing itself, torchvision's colour
// adjustments against torchvision, each geometric option moving a marker where it should, fill modes,
// RandomResizedCrop's rectangle, determinism from a seed, the JSON config, and the cache form.
#include "image_fixtures.h"
#include "measured.h"
#include "thrown.h"

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
        // warpAffine snaps the sample point to 1/32 px (≤ 1/64 px off per axis; 15-bit weights), SciPy samples in double
        // and the fixture rounds once: where neighbours differ by under ~90 levels that is < 1.5 levels before rounding,
        // so ≤ 2 after. Most pixels round alike; the mean bound rests on the measured mean, which the test logs.
        qInfo("mean %.3f, worst %d", d.mean, d.worst);
        TL_VERIFY_BELOW(d.mean, 0.2);
        TL_VERIFY_AT_MOST(d.worst, 2);
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
        const cv::Mat out =
            tl::colorJitter(input, op == "brightness" ? f : 1.0, op == "contrast" ? f : 1.0, op == "saturation" ? f : 1.0, op == "hue" ? f : 0.0);
        const Diff d = difference(out, fixtures::readRaw<std::uint8_t>(c["ref"]));
        qInfo("mean %.3f, worst %d", d.mean, d.worst);
        // Pillow's HSV round trip and its 8-bit blends round a little differently.
        // Blends: Pillow truncates where OpenCV rounds (1 level), and its grey (integer 299/587/114) and OpenCV's (14-bit
        // fixed point) can differ by a level, scaled by |1 - factor| ≤ 0.8 in the saturation blend: ≤ 2 levels.
        // Hue: both hold it in 256 steps; one step moves a channel by up to 6 levels at full chroma (≈ 43 steps per
        // 60° sector), so a two-step disagreement of the 8-bit HSV round trips is ≤ 12. The mean bound rests on the
        // measured mean, which the test logs.
        TL_VERIFY_BELOW(d.mean, 1.0);
        TL_VERIFY_AT_MOST(d.worst, op == "hue" ? 12 : 2);
    }

    void flipsMoveTheMarker() {
        const cv::Mat in = marker(10, 20);  // centre (11.5, 21.5)
        // Exact: a flip moves whole pixels, the moments of a white 4 × 4 square are integers, and dividing by its 16
        // pixels gives the half-integer centre exactly.
        tl::KerasTransform h;
        h.flipHorizontal = true;
        const cv::Point2d flippedH = centroid(tl::applyKerasTransform(in, h, "nearest", 0));
        TL_VERIFY_NEAR(flippedH.x, 11.5, 0.0);
        TL_VERIFY_NEAR(flippedH.y, 63 - 21.5, 0.0);
        tl::KerasTransform v;
        v.flipVertical = true;
        const cv::Point2d flippedV = centroid(tl::applyKerasTransform(in, v, "nearest", 0));
        TL_VERIFY_NEAR(flippedV.x, 63 - 11.5, 0.0);
        TL_VERIFY_NEAR(flippedV.y, 21.5, 0.0);
    }

    void shiftRotateZoomShearMoveTheMarker() {
        // The bounds catch a wrong centre or axis, not rounding. The shift, the 90° turn and the zoom sample at whole or
        // quarter pixels placed symmetrically about the marker, so bilinear interpolation keeps its centroid (up to the
        // 8-bit rounding of the rim); a half-pixel error in Keras' centre (size / 2 + 0.5) would move the turned or
        // zoomed marker by 0.5 px or more, above 0.35. The shear samples at irrational positions: its rim's sampling
        // phase moves the centroid by a fraction of a pixel, hence 0.5 there.
        // A shift samples the input at output + (tx, ty): the content moves by (−tx, −ty).
        tl::KerasTransform shift;
        shift.tx = 8;
        shift.ty = -10;
        cv::Point2d got = centroid(tl::applyKerasTransform(marker(10, 20), shift, "constant", 0));
        TL_VERIFY_BELOW(std::abs(got.x - (11.5 - 8)), 0.35);
        TL_VERIFY_BELOW(std::abs(got.y - (21.5 + 10)), 0.35);
        // 90° about Keras' centre (32.5, 32.5): (r, c) → (o + (c − o), o − (r − o)).
        tl::KerasTransform rot;
        rot.theta = 90;
        got = centroid(tl::applyKerasTransform(marker(10, 20), rot, "constant", 0));
        TL_VERIFY_BELOW(std::abs(got.x - (32.5 + (21.5 - 32.5))), 0.35);
        TL_VERIFY_BELOW(std::abs(got.y - (32.5 - (11.5 - 32.5))), 0.35);
        // Zoom 0.5 magnifies twice about the centre, and the marker grows to 8 × 8.
        tl::KerasTransform zoom;
        zoom.zx = zoom.zy = 0.5;
        const cv::Mat zoomed = tl::applyKerasTransform(marker(28, 36), zoom, "constant", 0);
        got = centroid(zoomed);
        TL_VERIFY_BELOW(std::abs(got.x - (32.5 + 2 * (29.5 - 32.5))), 0.35);
        TL_VERIFY_BELOW(std::abs(got.y - (32.5 + 2 * (37.5 - 32.5))), 0.35);
        // Shear s: an output point (o + a, o + b) samples (o + a − b·sin s, o + b·cos s), so the marker at
        // input (r, c) lands at b = (c − o) / cos s, a = (r − o) + b·sin s.
        tl::KerasTransform shear;
        shear.shear = 30;
        got = centroid(tl::applyKerasTransform(marker(10, 40), shear, "constant", 0));
        const double b = (41.5 - 32.5) / std::cos(M_PI / 6), a = (11.5 - 32.5) + b * 0.5;
        TL_VERIFY_BELOW(std::abs(got.x - (32.5 + a)), 0.5);
        TL_VERIFY_BELOW(std::abs(got.y - (32.5 + b)), 0.5);
        cv::Mat gray;
        cv::cvtColor(zoomed, gray, cv::COLOR_RGB2GRAY);
        const double area = cv::sum(gray)[0] / 255.0;  // 16 before, four times that after
        // Zoom 0.5 samples the input at quarter-pixel steps (16.25 + r / 2): the bilinear ramps of a 4-pixel side then
        // sum to exactly 8 per axis, so the area is 64 up to the 8-bit rounding of the rim (a small fraction of a
        // pixel). The bounds are wide on purpose (± a row or two of the 8 × 8 square): they catch a wrong zoom factor.
        TL_VERIFY_ABOVE(area, 48);
        TL_VERIFY_BELOW(area, 72);
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
        QCOMPARE(valueAt("nearest", 63), 3 * 63);  // the edge column repeated
        QCOMPARE(valueAt("constant", 63), 77);     // cval
        QCOMPARE(valueAt("reflect", 63), 3 * 48);  // input column 79 mirrored about the edge
        QCOMPARE(valueAt("wrap", 63), 3 * 15);     // input column 79 wrapped
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
            // Each side is the rounded square root of the drawn target (lround: ≤ 0.5 px), and both sides are at least
            // sqrt(15000 · 3/4) ≈ 106 px, so area and ratio sit within 0.5/106 + 0.5/106 ≈ 1 % of the drawn ranges
            // [0.25, 0.5] and [3/4, 4/3]: 0.2475..0.505 and 0.742..1.346, inside the bounds.
            const double area = static_cast<double>(r.area()) / (300.0 * 200.0);
            TL_VERIFY_ABOVE(area, 0.24);
            TL_VERIFY_BELOW(area, 0.51);
            const double ratio = static_cast<double>(r.width) / r.height;
            TL_VERIFY_ABOVE(ratio, 0.74);
            TL_VERIFY_BELOW(ratio, 1.35);
        }
        // Impossible ratios fall back to the centre crop with the ratio clamped (torchvision's fallback).
        c.ratioLow = c.ratioHigh = 10.0;
        c.scaleLow = c.scaleHigh = 1.0;
        QCOMPARE(tl::randomResizedCropBox(100, 100, c, rng), cv::Rect(0, 45, 100, 10));  // exact: integer rectangle
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
        // Exact: the same seed replays the same integer draws and the same 8-bit operations; the largest difference of
        // two 8-bit images is a whole number of levels, 0 when they are equal, ≥ 1 when they differ.
        const auto distance = [](const cv::Mat& a, const cv::Mat& b) { return cv::norm(a, b, cv::NORM_INF); };
        const cv::Mat a = tl::augmentImage(input, c, recipe, tl::augmentSeed(5, 0, 3));
        QCOMPARE(a.rows, 64);
        QCOMPARE(a.cols, 64);
        TL_VERIFY_AT_MOST(distance(a, tl::augmentImage(input, c, recipe, tl::augmentSeed(5, 0, 3))), 0.0);
        TL_VERIFY_ABOVE(distance(a, tl::augmentImage(input, c, recipe, tl::augmentSeed(5, 1, 3))), 0.0);  // next epoch
        TL_VERIFY_ABOVE(distance(a, tl::augmentImage(input, c, recipe, tl::augmentSeed(5, 0, 4))), 0.0);  // next sample
        TL_VERIFY_ABOVE(distance(a, tl::augmentImage(input, c, recipe, tl::augmentSeed(6, 0, 3))), 0.0);  // another run seed
        // The generator is fixed: these values hold on every platform.
        tl::AugmentRng rng(42);
        const std::uint64_t first = rng.next();
        tl::AugmentRng again(42);
        QCOMPARE(again.next(), first);
        const auto preview = tl::augmentPreview(input, c, recipe, 6, 9);
        QCOMPARE(preview.size(), std::size_t{6});
        TL_VERIFY_ABOVE(distance(preview[0], preview[1]), 0.0);
        // Without options the augmentation is the recipe's crop.
        TL_VERIFY_AT_MOST(distance(tl::augmentImage(input, tl::AugmentConfig{}, recipe, 1), tl::cropForNetwork(input, recipe)), 0.0);
    }

    void configJson() {
        const tl::AugmentConfig c = tl::parseAugmentConfig(
            R"({"rotation_range": 20, "width_shift_range": 0.1, "zoom_range": 0.2, "horizontal_flip": true,
                "fill_mode": "constant", "cval": 0, "rescale": 0.00392156862745098, "shear_range": 0.2})",
            "aug.json");
        // Exact: 20 is parsed as is, and 1 - 0.2 and 1 + 0.2 round to the doubles nearest 0.8 and 1.2.
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

        // Every number has a finite range, named with the value seen when it is out of it.
        const std::vector<std::pair<const char*, QStringList>> hostile{
            {R"({"width_shift_range": 1e300})", {"'width_shift_range' is 1e+300", "0 to 65536"}},
            {R"({"rotation_range": "20"})", {"'rotation_range' is \"20\" (string, not a number)"}},
            {R"({"zoom_range": 1e300})", {"'zoom_range[0]' is -1e+300"}},
            {R"({"zoom_range": [0.5, 1e9]})", {"'zoom_range[1]' is 1e+09", "above 0 and at most 100"}},
            {R"({"cval": -1e12})", {"'cval' is -1e+12"}},
            {R"({"rescale": 1e200})", {"'rescale' is 1e+200"}},
            {R"({"random_resized_crop": {"ratio": [0.5, 1e12]}})", {"'random_resized_crop.ratio[1]' is 1e+12"}},
            {R"({"random_resized_crop": {"scale": "all"}})", {"random_resized_crop.scale: expects a number or a [low, high] pair"}},
            {R"({"color_jitter": {"brightness": 1e100}})", {"'color_jitter.brightness' is 1e+100", "0 to 100"}},
            {R"({"color_jitter": {"contrast": null}})", {"'color_jitter.contrast' is null"}},
        };
        for (const auto& [json, words] : hostile) TL_VERIFY_ERROR_NAMING(tl::parseAugmentConfig(json, "aug.json"), words + QStringList{"aug.json"});
        // NaN and infinity cannot be written in JSON; a config built in code gets the same checks.
        tl::AugmentConfig inCode;
        inCode.shearRange = std::nan("");
        TL_VERIFY_ERROR_NAMING(tl::validateAugmentConfig(inCode), (QStringList{"'shear_range' is NaN", "at least 0 and below 90"}));
        inCode.shearRange = 0;
        inCode.heightShiftRange = INFINITY;
        TL_VERIFY_ERROR_NAMING(tl::validateAugmentConfig(inCode), (QStringList{"'height_shift_range' is infinity"}));
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
        // Exact: the largest difference of two 8-bit crops is a whole number of levels.
        QCOMPARE(cv::norm(tl::cropForNetwork(form, recipe), tl::cropForNetwork(input, recipe), cv::NORM_INF), 0.0);
    }

    void rescaleReplacesNormalisation() {
        cv::Mat crop(2, 2, CV_8UC3, cv::Scalar(255, 51, 0));
        tl::AugmentConfig c;
        c.rescale = 1.0 / 255.0;
        std::vector<float> out(12);
        tl::normalizeAugmented(crop, tl::recipeFor("torchvision", 2, 2), c, out.data());
        // 255 · float(1/255) rounds to exactly 1.0f and 0 · anything is 0: exact. 51 · float(1/255) goes through two
        // float32 roundings (the scale, the product): ≤ 2 · 6e-8 relative, 2.4e-8 at 0.2 (it lands 1 ulp, 1.5e-8, off
        // 0.2f); 1e-7 leaves a 4x margin.
        QCOMPARE(out[0], 1.0f);
        TL_VERIFY_NEAR(out[4], 0.2f, 1e-7);
        QCOMPARE(out[8], 0.0f);
    }
};

QTEST_GUILESS_MAIN(TestAugment)
#include "tst_augment.moc"

// GIF decoding (core/src/image/gif_decode.cpp through tl::decodeImage): the first image of every fixture
// make_gif_fixtures.py writes, pixel for pixel against Pillow's decoding of the same file; truncated data; and
// the refusals of damaged or oversized files, with what their messages must name.
#include "measured.h"
#include "thrown.h"

#include "tl/error.h"
#include "tl/image.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <QtTest/QtTest>

#include <fstream>
#include <stdexcept>

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

/// make_gif_fixtures.py's folder (FIXTURES_SETUP gif in CMakeLists.txt).
std::string fixture(const std::string& name) { return qEnvironmentVariable("TL_TEST_TMP").toStdString() + "/gif/" + name; }

const nlohmann::json& manifest() {
    static const nlohmann::json m = [] {
        std::ifstream in(fixture("manifest.json"));
        if (!in) throw std::runtime_error("missing " + fixture("manifest.json") + " (run the gif_fixtures test first)");
        return nlohmann::json::parse(in);
    }();
    return m;
}

/// Pixels (not samples) where the image differs from the raw RGB reference, and the largest sample difference.
std::pair<std::int64_t, int> difference(const cv::Mat& rgb, const std::vector<std::uint8_t>& ref) {
    std::int64_t pixels = 0;
    int worst = 0;
    std::size_t i = 0;
    for (int y = 0; y < rgb.rows; ++y) {
        const auto* row = rgb.ptr<std::uint8_t>(y);
        for (int x = 0; x < rgb.cols; ++x, i += 3) {
            int d = 0;
            for (int k = 0; k < 3; ++k) d = std::max(d, std::abs(row[3 * x + k] - ref[i + static_cast<std::size_t>(k)]));
            pixels += d > 0;
            worst = std::max(worst, d);
        }
    }
    return {pixels, worst};
}

/// A GIF89a with a 2-entry global table (black, white), `width`×`height` screen, then `body` and the trailer.
std::vector<std::uint8_t> gif(int width, int height, const std::vector<std::uint8_t>& body) {
    std::vector<std::uint8_t> b{'G',
                                'I',
                                'F',
                                '8',
                                '9',
                                'a',
                                static_cast<std::uint8_t>(width & 0xFF),
                                static_cast<std::uint8_t>(width >> 8),
                                static_cast<std::uint8_t>(height & 0xFF),
                                static_cast<std::uint8_t>(height >> 8),
                                0x80,
                                0,
                                0,
                                0,
                                0,
                                0,
                                255,
                                255,
                                255};
    b.reserve(b.size() + body.size() + 1);
    b.insert(b.end(), body.begin(), body.end());
    b.push_back(0x3B);
    return b;
}

/// An image descriptor at (0, 0) of `width`×`height`, no local table.
std::vector<std::uint8_t> descriptor(int width, int height) {
    return {0x2C,
            0,
            0,
            0,
            0,
            static_cast<std::uint8_t>(width & 0xFF),
            static_cast<std::uint8_t>(width >> 8),
            static_cast<std::uint8_t>(height & 0xFF),
            static_cast<std::uint8_t>(height >> 8),
            0};
}

std::vector<std::uint8_t> concat(std::vector<std::uint8_t> a, const std::vector<std::uint8_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// LZW data, minimum code size 2 (3-bit codes, least significant bit first): clear (4), 1, 1, 0, end (5) as one
// sub-block. 4 | 1 << 3 | 1 << 6 = 0x4C; then bit 2 of the second 1 = 0, 0 (3 bits), 5 (3 bits) → 0b1010000 = 0x50.
const std::vector<std::uint8_t> kFourPixels{2, 2, 0x4C, 0x50, 0};

}  // namespace

class TestGif : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decodesLikePillow_data() {
        QTest::addColumn<int>("index");
        const auto& cases = manifest()["decode"];
        for (std::size_t i = 0; i < cases.size(); ++i) QTest::newRow(cases[i]["file"].get<std::string>().c_str()) << static_cast<int>(i);
    }
    void decodesLikePillow() {
        QFETCH(int, index);
        const auto& c = manifest()["decode"][static_cast<std::size_t>(index)];
        const std::string path = fixture(c["file"].get<std::string>());
        const tl::DecodedImage image = tl::readImage(path);
        QCOMPARE(q(image.format), QStringLiteral("gif"));
        QCOMPARE(image.rgb.type(), CV_8UC3);
        QCOMPARE(image.rgb.cols, c["width"].get<int>());
        QCOMPARE(image.rgb.rows, c["height"].get<int>());
        QCOMPARE(image.storedWidth, c["width"].get<int>());
        QCOMPARE(image.storedHeight, c["height"].get<int>());
        const std::vector<std::uint8_t> bytes = tl::readFileBytes(path);
        const tl::ImageHeader header = tl::readImageHeader(bytes.data(), bytes.size(), path);
        QCOMPARE(header.width, c["width"].get<int>());
        QCOMPARE(header.height, c["height"].get<int>());
        const std::vector<std::uint8_t> ref = tl::readFileBytes(fixture(c["ref"].get<std::string>()));
        QCOMPARE(ref.size(), static_cast<std::size_t>(image.rgb.cols) * image.rgb.rows * 3);
        const auto [pixels, worst] = difference(image.rgb, ref);
        qInfo("%s: %s; %d×%d, code size %d: %lld pixels differ (largest difference %d)", c["file"].get<std::string>().c_str(),
              c["note"].get<std::string>().c_str(), image.rgb.cols, image.rgb.rows, c["min_code_size"].get<int>(), static_cast<long long>(pixels),
              worst);
        // Palette images: the colours follow from the file alone, there is nothing to round.
        TL_VERIFY_AT_MOST(pixels, 0);
    }

    // The background option colours the transparent and uncovered pixels.
    void backgroundOption() {
        const std::string path = fixture("own_offset_interlaced_transparent.gif");
        tl::DecodeOptions options;
        options.background = {10, 20, 30};
        const tl::DecodedImage image = tl::readImage(path, options);
        QCOMPARE(image.rgb.at<cv::Vec3b>(0, 0), cv::Vec3b(10, 20, 30));  // outside the image at (3, 2)
        const tl::DecodedImage white = tl::readImage(path);
        QCOMPARE(white.rgb.at<cv::Vec3b>(0, 0), cv::Vec3b(255, 255, 255));
        std::int64_t transparent = 0;
        for (int y = 2; y < 2 + 19; ++y)
            for (int x = 3; x < 3 + 21; ++x) transparent += image.rgb.at<cv::Vec3b>(y, x) == cv::Vec3b(10, 20, 30);
        TL_VERIFY_AT_LEAST(transparent, 1);  // the fixture's image holds its transparent index
    }

    void headerAndExtension() {
        const std::vector<std::uint8_t> b = gif(300, 200, {});
        const tl::ImageHeader h = tl::readImageHeader(b.data(), 13, "screen.gif");  // the signature and the screen only
        QCOMPARE(q(h.format), QStringLiteral("gif"));
        QCOMPARE(h.width, 300);
        QCOMPARE(h.height, 200);
        QVERIFY(tl::hasImageExtension("动图/Cat.GIF"));
        QVERIFY(tl::hasImageExtension("a.gif"));
    }

    void handMadeImage() {
        const std::vector<std::uint8_t> b = gif(2, 2, concat(descriptor(2, 2), kFourPixels));
        tl::DecodeOptions options;
        options.background = {1, 2, 3};
        const tl::DecodedImage image = tl::decodeImage(b, "four.gif", options);
        QCOMPARE(image.rgb.at<cv::Vec3b>(0, 0), cv::Vec3b(255, 255, 255));
        QCOMPARE(image.rgb.at<cv::Vec3b>(0, 1), cv::Vec3b(255, 255, 255));
        QCOMPARE(image.rgb.at<cv::Vec3b>(1, 0), cv::Vec3b(0, 0, 0));
        QCOMPARE(image.rgb.at<cv::Vec3b>(1, 1), cv::Vec3b(1, 2, 3));  // never decoded: the end code came first
    }

    // Data cut short inside the LZW data: the decoded pixels are the full file's, the rest is background.
    void truncatedData_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("own_deferred_clear") << QStringLiteral("own_deferred_clear.gif");
        QTest::newRow("pillow_noise256") << QStringLiteral("pillow_noise256.gif");
    }
    void truncatedData() {
        QFETCH(QString, file);
        const std::vector<std::uint8_t> bytes = tl::readFileBytes(fixture(file.toStdString()));
        const tl::DecodedImage full = tl::decodeImage(bytes, "full");
        const std::vector<std::uint8_t> half(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bytes.size() / 2));
        const tl::DecodedImage cut = tl::decodeImage(half, "half");
        QCOMPARE(cut.rgb.size(), full.rgb.size());
        const std::int64_t total = std::int64_t{full.rgb.rows} * full.rgb.cols;
        std::int64_t same = 0;  // the first pixel (raster order: neither file is interlaced) that differs
        while (same < total && cut.rgb.at<cv::Vec3b>(static_cast<int>(same / full.rgb.cols), static_cast<int>(same % full.rgb.cols)) ==
                                   full.rgb.at<cv::Vec3b>(static_cast<int>(same / full.rgb.cols), static_cast<int>(same % full.rgb.cols)))
            ++same;
        std::int64_t notBackground = 0;
        for (std::int64_t i = same; i < total; ++i)
            notBackground +=
                cut.rgb.at<cv::Vec3b>(static_cast<int>(i / full.rgb.cols), static_cast<int>(i % full.rgb.cols)) != cv::Vec3b(255, 255, 255);
        qInfo("%lld of %lld pixels decoded from the first half of the file", static_cast<long long>(same), static_cast<long long>(total));
        TL_VERIFY_AT_LEAST(same, total / 4);
        TL_VERIFY_BELOW(same, total);
        TL_VERIFY_AT_MOST(notBackground, 0);
    }

    void refusals_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("maxPixels");
        QTest::addColumn<QStringList>("words");
        auto row = [](const char* name, const std::vector<std::uint8_t>& b, qint64 maxPixels, const QStringList& words) {
            QTest::newRow(name) << QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size())) << maxPixels << words;
        };
        const qint64 limit = tl::DecodeOptions{}.maxPixels;
        row("truncated header", {'G', 'I', 'F', '8', '9', 'a', 10, 0, 10}, limit,
            {"bad.gif", "ends inside its logical screen descriptor", "truncated"});
        row("unknown version", {'G', 'I', 'F', '8', '8', 'a', 1, 0, 1, 0, 0, 0, 0}, limit, {"GIF87a or GIF89a expected"});
        // 65535×65535×3 bytes (12 GB) would not be allocated unnoticed: the size is refused from the header.
        row("screen over the limit", gif(65535, 65535, concat(descriptor(1, 1), kFourPixels)), limit,
            {"65535×65535", "4295 megapixels", "more than the limit of 100 megapixels", "not decoded"});
        row("screen over a low limit", gif(400, 300, concat(descriptor(1, 1), kFourPixels)), 100'000,
            {"400×300", "0.12 megapixels", "limit of 0.10"});
        row("image over the limit", gif(10, 10, concat(descriptor(60000, 60000), kFourPixels)), limit,
            {"first image of the GIF is 60000×60000", "3600 megapixels", "limit of 100 megapixels"});
        // clear (4), 0, then 7: the table holds 0..3, clear, end and no entry yet (6 codes).
        row("LZW code outside the table", gif(2, 2, concat(descriptor(2, 2), {2, 2, 0xC4, 0x01, 0})), limit,
            {"damaged GIF: LZW code 7 outside the table at byte 32", "the table holds 6 codes"});
        row("LZW code size 12", gif(2, 2, concat(descriptor(2, 2), {12, 2, 0xC4, 0x01, 0})), limit, {"LZW minimum code size 12 at byte 29"});
        row("no image descriptor", gif(2, 2, {0x21, 0xFE, 3, 'a', 'b', 'c', 0}), limit, {"no image", "trailer at byte 26"});
        row("ends before the image", {'G', 'I', 'F', '8', '9', 'a', 2, 0, 2, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255}, limit,
            {"ends at byte 19 before its first image"});
        row("unknown block", gif(2, 2, {0x99}), limit, {"unknown block 0x99 at byte 19"});
        row("empty image", gif(2, 2, concat(descriptor(0, 2), kFourPixels)), limit, {"first image is 0×2 pixels"});
        row("no pixels: end code first", gif(2, 2, concat(descriptor(2, 2), {2, 1, 0x2C, 0})), limit, {"first image has no pixels"});
        row("no pixels: no data",
            concat({'G', 'I', 'F', '8', '9', 'a', 2, 0, 2, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255}, concat(descriptor(2, 2), {2})), limit,
            {"first image has no pixels"});
        row("no colour table", {'G', 'I', 'F', '8', '9', 'a', 2, 0, 2, 0, 0, 0, 0, 0x2C, 0, 0, 0, 0, 2, 0, 2, 0, 0, 2, 2, 0x4C, 0x50, 0, 0x3B}, limit,
            {"no colour table"});
        row("truncated colour table", {'G', 'I', 'F', '8', '9', 'a', 2, 0, 2, 0, 0x87, 0, 0, 1, 2, 3}, limit,
            {"ends inside its global colour table"});
    }
    void refusals() {
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, maxPixels);
        QFETCH(QStringList, words);
        tl::DecodeOptions options;
        options.maxPixels = maxPixels;
        const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.constData());
        const QString seen = tltest::thrown([&] { tl::decodeImage(data, static_cast<std::size_t>(bytes.size()), "bad.gif", options); });
        qInfo("%s", qPrintable(seen));
        QVERIFY2(tltest::isErrorNaming(seen, words), tltest::expectedError(QStringLiteral("decodeImage"), words, seen).constData());
    }

    // Every prefix of a file, and every single-byte change of it, decodes or throws tl::Error; nothing else.
    void damagedVariants() {
        const std::vector<std::uint8_t> bytes = tl::readFileBytes(fixture("own_offset_interlaced_transparent.gif"));
        int decoded = 0, refused = 0;
        auto attempt = [&](const std::vector<std::uint8_t>& b) {
            const QString seen = tltest::thrown([&] {
                const tl::DecodedImage image = tl::decodeImage(b, "variant.gif");
                if (image.rgb.type() != CV_8UC3 || image.rgb.empty()) throw std::logic_error("decoded, but not to 8-bit RGB");
            });
            if (seen == QStringLiteral("nothing")) ++decoded;
            else if (seen.startsWith(QStringLiteral("tl::Error: "))) ++refused;
            else QFAIL(qPrintable(seen));
        };
        for (std::size_t n = 0; n < bytes.size(); ++n)
            attempt(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n)));
        for (std::size_t i = 0; i < bytes.size(); ++i)
            for (std::uint8_t v : {std::uint8_t{0}, std::uint8_t{0xFF}, static_cast<std::uint8_t>(bytes[i] ^ 0x5A)}) {
                std::vector<std::uint8_t> b = bytes;
                b[i] = v;
                attempt(b);
            }
        qInfo("%d variants decoded, %d refused with a tl::Error", decoded, refused);
        TL_VERIFY_AT_LEAST(decoded, 1);
        TL_VERIFY_AT_LEAST(refused, 1);
    }
};

QTEST_GUILESS_MAIN(TestGif)
#include "tst_gif.moc"

#pragma once
// Synthetic folder datasets for the dataset and loader suites: small images written with OpenCV, each
// one different (class colour, a seeded pattern), plus the broken files users have in real folders.

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace dsmaker {

namespace fs = std::filesystem;

/// A distinct image: a class colour, a seeded block pattern, `width` × `height`, RGB order.
inline cv::Mat pattern(int label, int variant, int width = 48, int height = 40) {
    static const cv::Scalar colours[] = {{220, 40, 40}, {40, 200, 60}, {50, 60, 230}, {200, 200, 40}, {160, 40, 200}};
    cv::Mat rgb(height, width, CV_8UC3, colours[label % 5]);
    cv::RNG rng(static_cast<std::uint64_t>(label * 1000 + variant + 1));
    for (int i = 0; i < 6; ++i) {
        const cv::Point a(rng.uniform(0, width), rng.uniform(0, height)), b(rng.uniform(0, width), rng.uniform(0, height));
        cv::rectangle(rgb, a, b, cv::Scalar(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256)), cv::FILLED);
    }
    return rgb;
}

/// Writes RGB `rgb` to `path` in the format its extension names.
inline void write(const fs::path& path, const cv::Mat& rgb, int quality = 92) {
    fs::create_directories(path.parent_path());
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<std::uint8_t> bytes;
    std::vector<int> params;
    const std::string ext = path.extension().string();
    if (ext == ".jpg" || ext == ".jpeg") params = {cv::IMWRITE_JPEG_QUALITY, quality};
    cv::imencode(ext, bgr, bytes, params);
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

inline void writeText(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

/// `count` images of class `label` in `dir` (name_000.png …).
inline std::vector<fs::path> fill(const fs::path& dir, int label, int count, const std::string& ext = ".png", int firstVariant = 0) {
    std::vector<fs::path> out;
    for (int i = 0; i < count; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "img_%03d%s", firstVariant + i, ext.c_str());
        write(dir / name, pattern(label, firstVariant + i));
        out.push_back(dir / name);
    }
    return out;
}

/// A PNG whose header declares width × height (no pixel data follows).
inline void writePngHeader(const fs::path& path, std::uint32_t width, std::uint32_t height) {
    std::string b("\x89PNG\r\n\x1a\n", 8);
    const auto be32 = [&b](std::uint32_t v) {
        for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<char>((v >> s) & 0xff));
    };
    be32(13);
    b += "IHDR";
    be32(width);
    be32(height);
    b += std::string("\x08\x02\x00\x00\x00", 5);
    be32(0);  // CRC (not checked by a header reader)
    writeText(path, b);
}

/// The folders freshDir made in this process; removed when the process exits normally (the runs and
/// models of a suite reach gigabytes, and the suites run side by side on one disk), kept when
/// TL_KEEP_TEST_TMP is set (to look at them after a failure) and when the process dies.
class MadeFolders {
public:
    static MadeFolders& instance() {
        static MadeFolders folders;
        return folders;
    }
    void add(const fs::path& dir) { dirs_.push_back(dir); }
    MadeFolders(const MadeFolders&) = delete;
    MadeFolders& operator=(const MadeFolders&) = delete;
    ~MadeFolders() {
        if (std::getenv("TL_KEEP_TEST_TMP")) return;
        std::error_code ignored;
        for (const fs::path& dir : dirs_) fs::remove_all(dir, ignored);
    }

private:
    MadeFolders() = default;
    std::vector<fs::path> dirs_;
};

/// A fresh, empty folder under TL_TEST_TMP, removed when the suite ends (MadeFolders).
inline fs::path freshDir(const std::string& name) {
    const char* tmp = std::getenv("TL_TEST_TMP");
    const fs::path dir = fs::path(tmp ? tmp : "/tmp") / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    MadeFolders::instance().add(dir);
    return dir;
}

}  // namespace dsmaker

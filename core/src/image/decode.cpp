#include "tl/image.h"

#include "io/atomic_file.h"

#include "image/gif_decode.h"
#include "tl/error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <optional>

namespace tl {

namespace {

/// Bounds-checked reads of big- and little-endian integers from a byte range.
class Bytes {
public:
    Bytes(const std::uint8_t* data, std::size_t size, const std::string& source) : d_(data), n_(size), source_(source) {}
    std::size_t size() const { return n_; }
    bool has(std::size_t at, std::size_t count) const { return at <= n_ && count <= n_ - at; }
    void need(std::size_t at, std::size_t count, const char* what) const {
        if (!has(at, count)) throw Error(source_, std::string("the file ends inside its ") + what + " (truncated?)");
    }
    std::uint8_t u8(std::size_t at) const {
        need(at, 1, "header");
        return d_[at];
    }
    std::uint32_t be16(std::size_t at) const {
        need(at, 2, "header");
        return (d_[at] << 8) | d_[at + 1];
    }
    std::uint32_t le16(std::size_t at) const {
        need(at, 2, "header");
        return d_[at] | (d_[at + 1] << 8);
    }
    std::uint32_t be32(std::size_t at) const { return (be16(at) << 16) | be16(at + 2); }
    std::uint32_t le32(std::size_t at) const { return le16(at) | (le16(at + 2) << 16); }
    std::uint32_t le24(std::size_t at) const { return le16(at) | (static_cast<std::uint32_t>(u8(at + 2)) << 16); }
    bool startsWith(std::size_t at, const char* text) const {
        const std::size_t len = std::strlen(text);
        return has(at, len) && std::memcmp(d_ + at, text, len) == 0;
    }
    Bytes sub(std::size_t at, std::size_t count) const {
        need(at, count, "metadata");
        return {d_ + at, count, source_};
    }
    const std::string& source() const { return source_; }

private:
    const std::uint8_t* d_;
    std::size_t n_;
    const std::string& source_;
};

/// The first image directory of a TIFF structure (a TIFF file, or the EXIF block of the other formats).
struct TiffTags {
    std::uint32_t width = 0, height = 0, orientation = 1;
};

TiffTags readTiffTags(const Bytes& b) {
    TiffTags tags;
    const bool little = b.startsWith(0, "II");
    if (!little && !b.startsWith(0, "MM")) throw Error(b.source(), "damaged TIFF/EXIF block (no byte-order mark)");
    auto u16 = [&](std::size_t at) { return little ? b.le16(at) : b.be16(at); };
    auto u32 = [&](std::size_t at) { return little ? b.le32(at) : b.be32(at); };
    const std::uint32_t magic = u16(2);
    if (magic == 43) throw Error(b.source(), "BigTIFF files are not supported");
    if (magic != 42) throw Error(b.source(), "damaged TIFF/EXIF block (bad magic number)");
    const std::uint32_t ifd = u32(4);
    const std::uint32_t count = u16(ifd);
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::size_t entry = ifd + 2 + static_cast<std::size_t>(i) * 12;
        const std::uint32_t tag = u16(entry), type = u16(entry + 2);
        const std::uint32_t value = type == 3 ? u16(entry + 8) : type == 4 ? u32(entry + 8) : 0;
        if (tag == 256) tags.width = value;
        else if (tag == 257) tags.height = value;
        else if (tag == 274) tags.orientation = value;
    }
    if (tags.orientation < 1 || tags.orientation > 8) tags.orientation = 1;  // as viewers do: ignore nonsense
    return tags;
}

/// The orientation in an EXIF block; a damaged block is ignored (the pixels are still fine).
int exifOrientation(const Bytes& exif) {
    try {
        const std::size_t skip = exif.startsWith(0, "Exif") ? 6 : 0;  // "Exif\0\0" in JPEG APP1, absent elsewhere
        if (!exif.has(skip, 8)) return 1;
        return static_cast<int>(readTiffTags(exif.sub(skip, exif.size() - skip)).orientation);
    } catch (const Error&) {
        return 1;
    }
}

ImageHeader jpegHeader(const Bytes& b) {
    ImageHeader h;
    h.format = "jpeg";
    std::size_t pos = 2;
    while (true) {
        if (!b.has(pos, 2)) throw Error(b.source(), "the JPEG ends before its frame header (truncated?)");
        if (b.u8(pos) != 0xFF) throw Error(b.source(), "damaged JPEG: no marker at byte " + std::to_string(pos));
        std::uint8_t marker = b.u8(pos + 1);
        while (marker == 0xFF) marker = b.u8(++pos + 1);  // fill bytes
        pos += 2;
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
        if (marker == 0xD9 || marker == 0xDA) throw Error(b.source(), "damaged JPEG: no frame header before the image data");
        const std::uint32_t length = b.be16(pos);
        if (length < 2) throw Error(b.source(), "damaged JPEG: segment of length " + std::to_string(length));
        const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            h.height = static_cast<int>(b.be16(pos + 3));
            h.width = static_cast<int>(b.be16(pos + 5));
            return h;
        }
        if (marker == 0xE1 && b.startsWith(pos + 2, "Exif") && b.has(pos, length)) h.orientation = exifOrientation(b.sub(pos + 2, length - 2));
        pos += length;
    }
}

ImageHeader pngHeader(const Bytes& b) {
    ImageHeader h;
    h.format = "png";
    if (!b.startsWith(12, "IHDR")) throw Error(b.source(), "damaged PNG: the first chunk is not IHDR");
    h.width = static_cast<int>(b.be32(16));
    h.height = static_cast<int>(b.be32(20));
    // An eXIf chunk, if any, comes before the image data.
    for (std::size_t pos = 8; b.has(pos, 8);) {
        const std::uint32_t length = b.be32(pos);
        if (b.startsWith(pos + 4, "IDAT") || b.startsWith(pos + 4, "IEND")) break;
        if (b.startsWith(pos + 4, "eXIf") && b.has(pos + 8, length)) h.orientation = exifOrientation(b.sub(pos + 8, length));
        if (length > b.size()) break;
        pos += 12 + static_cast<std::size_t>(length);
    }
    return h;
}

ImageHeader bmpHeader(const Bytes& b) {
    ImageHeader h;
    h.format = "bmp";
    const std::uint32_t dib = b.le32(14);
    if (dib == 12) {
        h.width = static_cast<int>(b.le16(18));
        h.height = static_cast<int>(b.le16(20));
    } else {
        h.width = static_cast<int>(b.le32(18));
        h.height = std::abs(static_cast<int>(b.le32(22)));  // negative: stored top-down
    }
    return h;
}

ImageHeader webpHeader(const Bytes& b) {
    ImageHeader h;
    h.format = "webp";
    bool sized = false;
    for (std::size_t pos = 12; b.has(pos, 8);) {
        const std::uint32_t length = b.le32(pos + 4);
        const std::size_t data = pos + 8;
        if (b.startsWith(pos, "VP8 ")) {
            if (b.u8(data + 3) != 0x9D || b.u8(data + 4) != 0x01 || b.u8(data + 5) != 0x2A)
                throw Error(b.source(), "damaged WebP: bad VP8 start code");
            h.width = static_cast<int>(b.le16(data + 6) & 0x3FFF);
            h.height = static_cast<int>(b.le16(data + 8) & 0x3FFF);
            sized = true;
        } else if (b.startsWith(pos, "VP8L")) {
            if (b.u8(data) != 0x2F) throw Error(b.source(), "damaged WebP: bad VP8L signature");
            const std::uint32_t bits = b.le32(data + 1);
            h.width = static_cast<int>((bits & 0x3FFF) + 1);
            h.height = static_cast<int>(((bits >> 14) & 0x3FFF) + 1);
            sized = true;
        } else if (b.startsWith(pos, "VP8X")) {
            h.width = static_cast<int>(b.le24(data + 4) + 1);
            h.height = static_cast<int>(b.le24(data + 7) + 1);
            sized = true;
        } else if (b.startsWith(pos, "EXIF") && b.has(data, length)) {
            h.orientation = exifOrientation(b.sub(data, length));
        }
        if (length > b.size()) break;
        pos = data + length + (length & 1);
    }
    if (!sized) throw Error(b.source(), "damaged WebP: no image chunk");
    return h;
}

ImageHeader gifHeader(const std::uint8_t* data, std::size_t size, const std::string& source) {
    ImageHeader h;
    h.format = "gif";
    const GifScreen screen = readGifScreen(data, size, source);  // the logical screen: the first image is drawn on it
    h.width = screen.width;
    h.height = screen.height;
    return h;
}

std::string megapixels(std::int64_t pixels) {
    std::ostringstream out;
    out << std::setprecision(pixels >= 10'000'000 ? 0 : 2) << std::fixed << static_cast<double>(pixels) / 1e6;
    return out.str();
}

void applyOrientation(cv::Mat& m, int orientation) {
    switch (orientation) {
        case 2: cv::flip(m, m, 1); break;
        case 3: cv::rotate(m, m, cv::ROTATE_180); break;
        case 4: cv::flip(m, m, 0); break;
        case 5: cv::transpose(m, m); break;
        case 6: cv::rotate(m, m, cv::ROTATE_90_CLOCKWISE); break;
        case 7:
            cv::transpose(m, m);
            cv::rotate(m, m, cv::ROTATE_180);
            break;
        case 8: cv::rotate(m, m, cv::ROTATE_90_COUNTERCLOCKWISE); break;
        default: break;
    }
}

/// Any depth and channel count OpenCV returns → 8-bit RGB, alpha composited onto `bg`.
cv::Mat toRgb8(const cv::Mat& in, const std::array<std::uint8_t, 3>& bg, const std::string& source) {
    cv::Mat m;
    switch (in.depth()) {
        case CV_8U: m = in; break;
        case CV_16U: in.convertTo(m, CV_8U, 1.0 / 257.0); break;
        case CV_32F: in.convertTo(m, CV_8U, 255.0); break;
        default: throw Error(source, "unsupported sample format (only 8-bit, 16-bit and float images are read)");
    }
    cv::Mat rgb;
    switch (m.channels()) {
        case 1: cv::cvtColor(m, rgb, cv::COLOR_GRAY2RGB); break;
        case 3: cv::cvtColor(m, rgb, cv::COLOR_BGR2RGB); break;
        case 2:
        case 4: {
            cv::Mat colour, alpha;
            if (m.channels() == 2) {
                std::vector<cv::Mat> parts;
                cv::split(m, parts);
                cv::cvtColor(parts[0], colour, cv::COLOR_GRAY2RGB);
                alpha = parts[1];
            } else {
                cv::cvtColor(m, colour, cv::COLOR_BGRA2RGB);
                cv::extractChannel(m, alpha, 3);
            }
            rgb.create(colour.size(), CV_8UC3);
            for (int y = 0; y < colour.rows; ++y) {
                const auto* c = colour.ptr<cv::Vec3b>(y);
                const auto* a = alpha.ptr<std::uint8_t>(y);
                auto* o = rgb.ptr<cv::Vec3b>(y);
                for (int x = 0; x < colour.cols; ++x)
                    for (int k = 0; k < 3; ++k)
                        o[x][k] = static_cast<std::uint8_t>((c[x][k] * a[x] + bg[static_cast<std::size_t>(k)] * (255 - a[x]) + 127) / 255);
            }
            break;
        }
        default: throw Error(source, "unsupported number of channels: " + std::to_string(m.channels()));
    }
    return rgb;
}

}  // namespace

const std::vector<std::string>& imageExtensions() {
    static const std::vector<std::string> ext{".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".bmp", ".dib", ".webp", ".tif", ".tiff", ".gif"};
    return ext;
}

bool hasImageExtension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto& all = imageExtensions();
    return std::find(all.begin(), all.end(), ext) != all.end();
}

ImageHeader readImageHeader(const std::uint8_t* data, std::size_t size, const std::string& source) {
    const Bytes b(data, size, source);
    if (size == 0) throw Error(source, "the file is empty");
    ImageHeader h;
    if (b.has(0, 3) && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) h = jpegHeader(b);
    else if (b.startsWith(0, "\x89PNG\r\n\x1a\n")) h = pngHeader(b);
    else if (b.startsWith(0, "BM") && b.has(0, 26)) h = bmpHeader(b);
    else if (b.startsWith(0, "RIFF") && b.startsWith(8, "WEBP")) h = webpHeader(b);
    else if (isGif(data, size)) h = gifHeader(data, size, source);
    else if (b.startsWith(0, "II") || b.startsWith(0, "MM")) {
        const TiffTags tags = readTiffTags(b);
        h.format = "tiff";
        h.width = static_cast<int>(std::min<std::uint32_t>(tags.width, INT32_MAX));
        h.height = static_cast<int>(std::min<std::uint32_t>(tags.height, INT32_MAX));
        h.orientation = static_cast<int>(tags.orientation);
    } else {
        throw Error(source, "not a supported image (JPEG, PNG, BMP, WebP, TIFF or GIF expected)");
    }
    if (h.width <= 0 || h.height <= 0)
        throw Error(source, "damaged " + h.format + " header: size " + std::to_string(h.width) + "×" + std::to_string(h.height));
    return h;
}

DecodedImage decodeImage(const std::uint8_t* data, std::size_t size, const std::string& source, const DecodeOptions& options) {
    const ImageHeader header = readImageHeader(data, size, source);
    const std::int64_t pixels = static_cast<std::int64_t>(header.width) * header.height;
    if (pixels > options.maxPixels) {
        throw Error(source, "the image is " + std::to_string(header.width) + "×" + std::to_string(header.height) + " = " + megapixels(pixels) +
                                " megapixels, more than the limit of " + megapixels(options.maxPixels) +
                                " megapixels; it was not decoded (the limit can be raised in the settings)");
    }
    if (header.format == "gif") {
        // OpenCV 4.6 reads no GIF: the first image (of an animation too), by our own bounded decoder.
        DecodedImage out;
        out.format = header.format;
        out.storedWidth = header.width;
        out.storedHeight = header.height;
        out.channels = 3;  // palette colours; a transparent index is composited onto options.background
        out.rgb = decodeGifFirstFrame(data, size, source, options.maxPixels, options.background);
        return out;
    }
    cv::Mat encoded(1, static_cast<int>(std::min<std::size_t>(size, INT32_MAX)), CV_8U, const_cast<std::uint8_t*>(data));
    // Reduced decoding: the largest of 1/8, 1/4, 1/2 that keeps the shorter side long enough. OpenCV's
    // reduced modes convert to BGR; orientation is left to us, as in the full-size path.
    int reduction = 1;
    if (header.format == "jpeg" && options.minShortSide > 0) {
        const int shortSide = std::min(header.width, header.height);
        for (int f : {8, 4, 2})
            if (shortSide >= f * options.minShortSide) {
                reduction = f;
                break;
            }
    }
    const int flags = reduction == 8   ? cv::IMREAD_REDUCED_COLOR_8 | cv::IMREAD_IGNORE_ORIENTATION
                      : reduction == 4 ? cv::IMREAD_REDUCED_COLOR_4 | cv::IMREAD_IGNORE_ORIENTATION
                      : reduction == 2 ? cv::IMREAD_REDUCED_COLOR_2 | cv::IMREAD_IGNORE_ORIENTATION
                                       : cv::IMREAD_UNCHANGED;
    cv::Mat raw;
    try {
        raw = cv::imdecode(encoded, flags);
    } catch (const cv::Exception& e) {
        throw Error(source, "the " + header.format + " data could not be decoded: " + e.msg);
    }
    if (raw.empty()) throw Error(source, "the " + header.format + " data could not be decoded (damaged or truncated file)");

    DecodedImage out;
    out.format = header.format;
    out.storedWidth = reduction > 1 ? header.width : raw.cols;
    out.storedHeight = reduction > 1 ? header.height : raw.rows;
    out.reduction = reduction;
    out.channels = raw.channels();
    out.bitDepth = raw.depth() == CV_16U ? 16 : raw.depth() == CV_32F ? 32 : 8;
    out.rgb = toRgb8(raw, options.background, source);
    // OpenCV's TIFF reader turns the image by the file's orientation tag itself.
    const bool turnedByDecoder = header.format == "tiff";
    if (turnedByDecoder) out.orientation = header.orientation;
    if (options.applyOrientation && header.orientation != 1 && !turnedByDecoder) {
        applyOrientation(out.rgb, header.orientation);
        out.orientation = header.orientation;
    }
    return out;
}

DecodedImage decodeImage(const std::vector<std::uint8_t>& bytes, const std::string& source, const DecodeOptions& options) {
    return decodeImage(bytes.data(), bytes.size(), source, options);
}

std::vector<std::uint8_t> readFileBytes(const std::string& path) {
    const std::filesystem::path p(path);
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) throw Error(path, "is a folder, not a file");
    std::ifstream in(p, std::ios::binary);
    if (!in) throw Error(path, std::string("cannot open: ") + std::strerror(errno));
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0) throw Error(path, "cannot read the file's size");
    in.seekg(0);
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size)) throw Error(path, "cannot read the whole file");
    return bytes;
}

DecodedImage readImage(const std::string& path, const DecodeOptions& options) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    return decodeImage(bytes, path, options);
}

void writePng(const std::string& path, const cv::Mat& rgb) {
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<std::uint8_t> bytes;
    if (!cv::imencode(".png", bgr, bytes)) throw Error(path, "cannot encode the image as PNG");
    io::AtomicFile file(path);
    file.write(bytes.data(), bytes.size());
    file.commit();
}

}  // namespace tl

#include "image/gif_decode.h"

#include "tl/error.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <iomanip>
#include <sstream>

namespace tl {

namespace {

constexpr int kTableSize = 4096;  // LZW codes are at most 12 bits

std::string megapixels(std::int64_t pixels) {
    std::ostringstream out;
    out << std::setprecision(pixels >= 10'000'000 ? 0 : 2) << std::fixed << static_cast<double>(pixels) / 1e6;
    return out.str();
}

std::string hexByte(std::uint8_t b) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", b);
    return text;
}

/// Bounds-checked reads; a read past the end says what was being read and where.
class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size, const std::string& source) : d_(data), n_(size), source_(source) {}
    std::size_t size() const { return n_; }
    bool has(std::size_t at, std::size_t count) const { return at <= n_ && count <= n_ - at; }
    void need(std::size_t at, std::size_t count, const char* what) const {
        if (!has(at, count))
            throw Error(source_, std::string("the GIF ends inside its ") + what + " at byte " + std::to_string(std::min(at, n_)) + " (truncated?)");
    }
    std::uint8_t u8(std::size_t at, const char* what) const {
        need(at, 1, what);
        return d_[at];
    }
    int le16(std::size_t at, const char* what) const {
        need(at, 2, what);
        return d_[at] | (d_[at + 1] << 8);
    }
    const std::uint8_t* at(std::size_t pos) const { return d_ + pos; }
    const std::string& source() const { return source_; }

private:
    const std::uint8_t* d_;
    std::size_t n_;
    const std::string& source_;
};

/// The bits of the LZW data, least significant first, across its sub-blocks (a length byte, then that many
/// bytes; a length of 0 ends the data). The end of the file ends the data too (a truncated file).
class CodeReader {
public:
    CodeReader(const Reader& r, std::size_t pos) : r_(r), pos_(pos) {}

    /// The next code of `width` bits; false when the data ends first.
    bool read(int width, int& code) {
        while (bits_ < width) {
            int byte = 0;
            if (!nextByte(byte)) return false;
            acc_ |= static_cast<std::uint32_t>(byte) << bits_;
            bits_ += 8;
        }
        code = static_cast<int>(acc_ & ((1u << width) - 1));
        acc_ >>= width;
        bits_ -= width;
        return true;
    }
    /// The offset of the last byte read (where the last code ended), for messages.
    std::size_t lastByte() const { return pos_ > 0 ? pos_ - 1 : 0; }

private:
    bool nextByte(int& byte) {
        while (left_ == 0) {
            if (ended_ || !r_.has(pos_, 1)) return false;
            left_ = *r_.at(pos_++);
            if (left_ == 0) {
                ended_ = true;
                return false;
            }
        }
        if (!r_.has(pos_, 1)) return false;
        --left_;
        byte = *r_.at(pos_++);
        return true;
    }

    const Reader& r_;
    std::size_t pos_;
    std::size_t left_ = 0;  // bytes left in the current sub-block
    bool ended_ = false;    // the block terminator was read
    std::uint32_t acc_ = 0;
    int bits_ = 0;
};

/// Where the next pixel of the image goes: rows in order, or in the four passes of an interlaced image
/// (every 8th row from 0, every 8th from 4, every 4th from 2, every 2nd from 1); clipped to the screen.
class PixelSink {
public:
    PixelSink(cv::Mat& screen, int left, int top, int width, int height, bool interlaced, const std::array<cv::Vec3b, 256>& palette)
        : screen_(screen), left_(left), top_(top), w_(width), h_(height), interlaced_(interlaced), palette_(palette) {
        startRow();
    }
    bool done() const { return done_; }
    std::int64_t written() const { return written_; }

    void put(std::uint8_t index) {
        if (row_ != nullptr && left_ + x_ < screen_.cols) row_[left_ + x_] = palette_[index];
        ++written_;
        if (++x_ == w_) nextRow();
    }

private:
    static constexpr int kStart[4] = {0, 4, 2, 1};
    static constexpr int kStep[4] = {8, 8, 4, 2};

    void nextRow() {
        x_ = 0;
        y_ += interlaced_ ? kStep[pass_] : 1;
        while (y_ >= h_) {
            if (!interlaced_ || ++pass_ >= 4) {
                done_ = true;
                row_ = nullptr;
                return;
            }
            y_ = kStart[pass_];
        }
        startRow();
    }
    void startRow() {
        const int screenY = top_ + y_;
        row_ = screenY < screen_.rows && left_ < screen_.cols ? screen_.ptr<cv::Vec3b>(screenY) : nullptr;
    }

    cv::Mat& screen_;
    const int left_, top_, w_, h_;
    const bool interlaced_;
    const std::array<cv::Vec3b, 256>& palette_;
    int x_ = 0, y_ = 0, pass_ = 0;
    cv::Vec3b* row_ = nullptr;
    std::int64_t written_ = 0;
    bool done_ = false;
};

/// The LZW data of one image, from its minimum code size byte at `pos`, into `sink` until the image is full,
/// the end code, or the end of the data.
void decodeLzw(const Reader& r, std::size_t pos, PixelSink& sink) {
    const int minSize = r.u8(pos, "image data");
    if (minSize < 2 || minSize > 8)
        throw Error(r.source(),
                    "damaged GIF: LZW minimum code size " + std::to_string(minSize) + " at byte " + std::to_string(pos) + " (2 to 8 expected)");
    const int clear = 1 << minSize, end = clear + 1;
    // Entry e (clear + 2 ≤ e < next) is the string of entry prefix[e] followed by suffix[e]; first[e] is its
    // first index. Every prefix is a lower entry, so following them ends, after at most kTableSize steps.
    std::array<std::uint16_t, kTableSize> prefix{};
    std::array<std::uint8_t, kTableSize> suffix{}, first{};
    std::array<std::uint8_t, kTableSize> chain{};  // one entry's indices, last first
    for (int i = 0; i < clear; ++i) suffix[static_cast<std::size_t>(i)] = first[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(i);

    CodeReader bits(r, pos + 1);
    int width = minSize + 1, next = clear + 2, prev = -1;
    int code = 0;
    while (!sink.done() && bits.read(width, code)) {
        if (code == clear) {
            width = minSize + 1;
            next = clear + 2;
            prev = -1;
            continue;
        }
        if (code == end) break;
        // Defined: the roots, the entries below `next`, and `next` itself right after another code (the entry
        // that code is about to define: its string plus its own first index).
        if (code > next || (code >= clear && prev < 0))
            throw Error(r.source(), "damaged GIF: LZW code " + std::to_string(code) + " outside the table at byte " +
                                        std::to_string(bits.lastByte()) + " (the table holds " + std::to_string(prev < 0 ? clear + 2 : next) +
                                        " codes)");
        if (prev >= 0 && next < kTableSize) {
            // A full table takes no entries until a clear code ("deferred clear"); the width stays 12 bits.
            const auto e = static_cast<std::size_t>(next);
            prefix[e] = static_cast<std::uint16_t>(prev);
            first[e] = first[static_cast<std::size_t>(prev)];
            suffix[e] = code == next ? first[e] : first[static_cast<std::size_t>(code)];
            ++next;
            if (next == (1 << width) && width < 12) ++width;
        }
        std::size_t n = 0;
        int c = code;
        while (c >= clear) {
            chain[n++] = suffix[static_cast<std::size_t>(c)];
            c = prefix[static_cast<std::size_t>(c)];
        }
        chain[n++] = static_cast<std::uint8_t>(c);
        while (n > 0 && !sink.done()) sink.put(chain[--n]);
        prev = code;
    }
    if (sink.written() == 0)
        throw Error(r.source(),
                    "damaged GIF: the first image has no pixels (its data at byte " + std::to_string(pos) + " ends before the first one)");
}

}  // namespace

bool isGif(const std::uint8_t* data, std::size_t size) { return size >= 4 && std::memcmp(data, "GIF8", 4) == 0; }

GifScreen readGifScreen(const std::uint8_t* data, std::size_t size, const std::string& source) {
    const Reader r(data, size, source);
    r.need(0, 6, "header");
    if (std::memcmp(data, "GIF87a", 6) != 0 && std::memcmp(data, "GIF89a", 6) != 0)
        throw Error(source, "damaged GIF: unknown version (GIF87a or GIF89a expected)");
    r.need(6, 7, "logical screen descriptor");
    return {r.le16(6, "header"), r.le16(8, "header")};
}

cv::Mat decodeGifFirstFrame(const std::uint8_t* data, std::size_t size, const std::string& source, std::int64_t maxPixels,
                            const std::array<std::uint8_t, 3>& background) {
    const Reader r(data, size, source);
    const GifScreen screen = readGifScreen(data, size, source);
    auto checkSize = [&](const char* what, int w, int h) {
        const std::int64_t pixels = std::int64_t{w} * h;
        if (pixels > maxPixels)
            throw Error(source, std::string(what) + " is " + std::to_string(w) + "×" + std::to_string(h) + " = " + megapixels(pixels) +
                                    " megapixels, more than the limit of " + megapixels(maxPixels) +
                                    " megapixels; it was not decoded (the limit can be raised in the settings)");
    };
    if (screen.width == 0 || screen.height == 0)
        throw Error(source, "damaged GIF: logical screen of " + std::to_string(screen.width) + "×" + std::to_string(screen.height) + " pixels");
    checkSize("the GIF's logical screen", screen.width, screen.height);

    const std::uint8_t screenFlags = r.u8(10, "header");
    std::size_t pos = 13;
    std::size_t table = 0;
    int tableSize = 0;
    if (screenFlags & 0x80) {
        tableSize = 2 << (screenFlags & 7);
        r.need(pos, 3 * static_cast<std::size_t>(tableSize), "global colour table");
        table = pos;
        pos += 3 * static_cast<std::size_t>(tableSize);
    }

    // Blocks up to the first image: extensions are skipped, except the transparent index of a graphic control
    // extension (the last one before the image applies to it).
    int transparent = -1;
    while (true) {
        if (!r.has(pos, 1)) throw Error(source, "the GIF ends at byte " + std::to_string(pos) + " before its first image (truncated?)");
        const std::uint8_t block = *r.at(pos);
        if (block == 0x2C) break;
        if (block == 0x3B)
            throw Error(source, "damaged GIF: no image (the trailer at byte " + std::to_string(pos) + " comes before any image descriptor)");
        if (block != 0x21)
            throw Error(source, "damaged GIF: unknown block " + hexByte(block) + " at byte " + std::to_string(pos) +
                                    " (an extension, an image or the trailer expected)");
        const std::uint8_t label = r.u8(pos + 1, "extension");
        pos += 2;
        if (label == 0xF9) {
            const std::uint8_t length = r.u8(pos, "graphic control extension");
            if (length >= 4) {
                r.need(pos + 1, 4, "graphic control extension");
                transparent = (*r.at(pos + 1) & 1) ? *r.at(pos + 4) : -1;
            }
        }
        while (true) {  // the extension's sub-blocks, up to the empty one
            const std::uint8_t length = r.u8(pos, "extension");
            r.need(pos + 1, length, "extension");
            pos += 1 + static_cast<std::size_t>(length);
            if (length == 0) break;
        }
    }

    const std::size_t descriptor = pos;
    r.need(descriptor, 10, "image descriptor");
    const int left = r.le16(descriptor + 1, "image descriptor"), top = r.le16(descriptor + 3, "image descriptor");
    const int width = r.le16(descriptor + 5, "image descriptor"), height = r.le16(descriptor + 7, "image descriptor");
    const std::uint8_t imageFlags = r.u8(descriptor + 9, "image descriptor");
    pos = descriptor + 10;
    if (width == 0 || height == 0)
        throw Error(source, "damaged GIF: the first image is " + std::to_string(width) + "×" + std::to_string(height) +
                                " pixels (image descriptor at byte " + std::to_string(descriptor) + ")");
    checkSize("the first image of the GIF", width, height);
    if (imageFlags & 0x80) {
        tableSize = 2 << (imageFlags & 7);
        r.need(pos, 3 * static_cast<std::size_t>(tableSize), "local colour table");
        table = pos;
        pos += 3 * static_cast<std::size_t>(tableSize);
    }
    if (tableSize == 0) throw Error(source, "damaged GIF: the first image has no colour table (neither a global nor a local one)");

    // Indices past the colour table are black. Transparent pixels, and the screen outside the first image, get
    // the caller's background (DecodeOptions::background: white unless set), as the alpha of a PNG or WebP does;
    // the GIF's own background colour index is ignored, as web browsers do.
    std::array<cv::Vec3b, 256> palette{};
    for (int i = 0; i < tableSize; ++i) {
        const std::uint8_t* rgb = r.at(table + 3 * static_cast<std::size_t>(i));
        palette[static_cast<std::size_t>(i)] = cv::Vec3b(rgb[0], rgb[1], rgb[2]);
    }
    const cv::Vec3b bg(background[0], background[1], background[2]);
    if (transparent >= 0) palette[static_cast<std::size_t>(transparent)] = bg;

    cv::Mat out(screen.height, screen.width, CV_8UC3, cv::Scalar(bg[0], bg[1], bg[2]));
    PixelSink sink(out, left, top, width, height, (imageFlags & 0x40) != 0, palette);
    decodeLzw(r, pos, sink);
    return out;
}

}  // namespace tl

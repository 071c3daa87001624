#pragma once
// GIF (87a and 89a): the first image of the file, decoded by a bounded reader of our own (OpenCV 4.6 reads no
// GIF), written from the GIF89a specification. Torch-free (the fuzz preset compiles it with clang).
//
// What is read: the logical screen descriptor, the global and local colour tables, the graphic control
// extension before the first image (its transparent index; every other extension is skipped), the first image
// descriptor (its offset inside the logical screen, interlacing) and its LZW data (minimum code size 2..8,
// clear and end codes, the 4096-entry table, codes after the table is full without a clear: "deferred clear").
// Later images (animation frames) are not looked at.
//
// Bounds: the logical screen and the first image are each checked against the pixel limit before anything is
// allocated; every read is bounds-checked; the work is linear in the file size plus the image's pixels. Every
// problem is a tl::Error naming the source, what is wrong and at which byte.

#include <opencv2/core/mat.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace tl {

/// The logical screen of a GIF: the size of the picture its images are drawn on.
struct GifScreen {
    int width = 0;
    int height = 0;
};

/// True when the bytes start with the GIF signature ("GIF8"; the version is checked by readGifScreen).
bool isGif(const std::uint8_t* data, std::size_t size);

/// The logical screen size, from the header alone. Throws tl::Error (naming `source`) when the file is not a
/// GIF87a/GIF89a or ends inside its header.
GifScreen readGifScreen(const std::uint8_t* data, std::size_t size, const std::string& source);

/// The first image drawn on the logical screen: CV_8UC3, RGB, of the logical screen's size. Pixels outside the
/// first image, pixels of its transparent colour index and pixels its (truncated) data does not reach are
/// `background`. Throws tl::Error when the screen or the image is larger than `maxPixels`, when the file has
/// no image, the image has no decodable pixel, or the file is damaged (an LZW code outside the table, an unknown
/// block); a file cut short inside the image data is not an error as long as one pixel was decoded.
cv::Mat decodeGifFirstFrame(const std::uint8_t* data, std::size_t size, const std::string& source, std::int64_t maxPixels,
                            const std::array<std::uint8_t, 3>& background);

}  // namespace tl

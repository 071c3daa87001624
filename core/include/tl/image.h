#pragma once
// Image decoding for everything that reads photos: classify, datasets, previews. Files are read as bytes
// (so any path, Chinese names included, works the same) and decoded with OpenCV into 8-bit RGB, after
// the header has been checked against a pixel limit, the EXIF orientation applied, grayscale and
// palette images expanded, alpha composited onto a background and 16-bit samples reduced to 8 bits.
// GIFs (which OpenCV does not read) are decoded by a bounded decoder of our own: the first image only.
// Every failure is a tl::Error naming the file and what is wrong with it.

#include <opencv2/core/mat.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace tl {

struct DecodeOptions {
    /// Images whose header declares more pixels than this are refused before decoding.
    std::int64_t maxPixels = 100'000'000;
    /// Apply the EXIF orientation tag (JPEG, PNG, WebP), as cameras and phones expect. TIFF files are always
    /// turned by their orientation tag (OpenCV's TIFF reader does it).
    bool applyOrientation = true;
    /// > 0: a JPEG may be decoded at 1/2, 1/4 or 1/8 of its size (libjpeg's DCT scaling, several times faster)
    /// as long as its shorter side stays at least this long. 0: every pixel is decoded.
    int minShortSide = 0;
    /// The colour transparent pixels are composited onto (RGB).
    std::array<std::uint8_t, 3> background{255, 255, 255};
};

/// What the header of an image file says, read without decoding its pixels.
struct ImageHeader {
    std::string format;  ///< "jpeg", "png", "bmp", "webp", "tiff", "gif"; empty when not recognised
    int width = 0;       ///< as stored, before any EXIF rotation (GIF: the logical screen)
    int height = 0;
    int orientation = 1;  ///< EXIF orientation 1..8 (1 = as stored)
};

struct DecodedImage {
    cv::Mat rgb;          ///< CV_8UC3, RGB order, orientation applied
    std::string format;   ///< as in ImageHeader
    int storedWidth = 0;  ///< the file's own dimensions, before orientation and reduction
    int storedHeight = 0;
    int orientation = 1;  ///< the EXIF orientation that was applied (1 when none)
    int channels = 0;     ///< channels in the file as decoded: 1 gray, 3 colour, 4 with alpha
    int bitDepth = 8;     ///< 8 or 16
    int reduction = 1;    ///< 2, 4 or 8 when decoded at reduced size (DecodeOptions::minShortSide)

    /// The full image's size with the orientation applied (rgb is smaller when reduced).
    int fullWidth() const { return orientation >= 5 ? storedHeight : storedWidth; }
    int fullHeight() const { return orientation >= 5 ? storedWidth : storedHeight; }
};

/// The file extensions decodeImage() is meant for (lower case, with the dot).
const std::vector<std::string>& imageExtensions();
/// True when `path` ends in one of imageExtensions() (case-insensitive).
bool hasImageExtension(const std::string& path);

/// Reads the header of an encoded image. Throws tl::Error (naming `source`) when the format is not one of
/// JPEG, PNG, BMP, WebP, TIFF, GIF or the header is damaged.
ImageHeader readImageHeader(const std::uint8_t* data, std::size_t size, const std::string& source);

/// Decodes an encoded image held in memory; `source` names it in errors.
DecodedImage decodeImage(const std::uint8_t* data, std::size_t size, const std::string& source, const DecodeOptions& options = {});
DecodedImage decodeImage(const std::vector<std::uint8_t>& bytes, const std::string& source, const DecodeOptions& options = {});

/// Reads the file at `path` (UTF-8) and decodes it.
DecodedImage readImage(const std::string& path, const DecodeOptions& options = {});

/// The whole file as bytes. Throws tl::Error naming `path` when it cannot be read.
std::vector<std::uint8_t> readFileBytes(const std::string& path);

/// Writes an 8-bit RGB image as a PNG file, atomically (a failure leaves no file). Throws tl::Error naming `path`.
void writePng(const std::string& path, const cv::Mat& rgb);

}  // namespace tl

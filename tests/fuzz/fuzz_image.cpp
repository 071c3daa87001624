// Image decoding (core/src/image/decode.cpp): readImageHeader (the format's header, the EXIF orientation of
// JPEG, PNG, WebP and TIFF) and decodeImage (OpenCV's decoders for JPEG, PNG, BMP, WebP and TIFF, then the
// conversion to 8-bit RGB and the orientation; GIF's first image by our own decoder, image/gif_decode.cpp),
// on the bytes in memory as readImage passes them; JPEGs are also
// decoded reduced, as the dataset loader asks (DecodeOptions::minShortSide).
//
// The pixel limit is 4 megapixels instead of the app's default 100 (a setting), so that each input decodes in
// milliseconds; what is checked is that the limit holds: no image decodes to more pixels than it allows.

#include "fuzz_support.h"

#include "tl/image.h"

namespace {

constexpr std::int64_t kMaxPixels = std::int64_t{1} << 22;

void check(const tl::DecodedImage& image, const tl::DecodeOptions& options) {
    const std::int64_t stored = std::int64_t{image.storedWidth} * image.storedHeight;
    const std::int64_t decoded = std::int64_t{image.rgb.cols} * image.rgb.rows;
    if (stored > options.maxPixels || decoded > options.maxPixels)
        tl::fuzz::fail("image", "decoded " + std::to_string(image.rgb.cols) + "x" + std::to_string(image.rgb.rows) + " (stored " +
                                    std::to_string(image.storedWidth) + "x" + std::to_string(image.storedHeight) + ") past the pixel limit of " +
                                    std::to_string(options.maxPixels));
    if (image.rgb.type() != CV_8UC3 || image.rgb.empty()) tl::fuzz::fail("image", "the decoded image is not 8-bit RGB");
    if (image.orientation < 1 || image.orientation > 8) tl::fuzz::fail("image", "orientation out of 1..8");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    tl::ImageHeader header;
    tl::fuzz::run("image", [&] { header = tl::readImageHeader(data, size, "image"); });
    tl::DecodeOptions options;
    options.maxPixels = kMaxPixels;
    tl::fuzz::run("image", [&] { check(tl::decodeImage(data, size, "image", options), options); });
    if (header.format == "jpeg") {
        options.minShortSide = 8;
        tl::fuzz::run("image", [&] { check(tl::decodeImage(data, size, "image", options), options); });
    }
    return 0;
}

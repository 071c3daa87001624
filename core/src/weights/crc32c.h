#pragma once
// CRC-32C (Castagnoli), as TensorFlow and LevelDB checksum their files, and their "masked" form: a CRC
// stored next to the data it covers is rotated and offset so that a CRC of data containing CRCs is not
// degenerate. Table-driven (slicing by 8), with the SSE 4.2 instruction where the CPU has it.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tl::weights {

/// Extends `crc` (the CRC-32C of some earlier bytes, 0 for none) over `size` more bytes.
std::uint32_t crc32cExtend(std::uint32_t crc, const void* data, std::size_t size);
/// The same without the CPU's CRC instruction (what crc32cExtend falls back to; for tests).
std::uint32_t crc32cExtendPortable(std::uint32_t crc, const void* data, std::size_t size);
inline std::uint32_t crc32c(std::string_view bytes) { return crc32cExtend(0, bytes.data(), bytes.size()); }

inline constexpr std::uint32_t kCrc32cMaskDelta = 0xa282ead8u;
inline constexpr std::uint32_t crc32cMask(std::uint32_t crc) { return ((crc >> 15) | (crc << 17)) + kCrc32cMaskDelta; }
inline constexpr std::uint32_t crc32cUnmask(std::uint32_t masked) {
    const std::uint32_t rot = masked - kCrc32cMaskDelta;
    return (rot >> 17) | (rot << 15);
}

}  // namespace tl::weights

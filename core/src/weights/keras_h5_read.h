#pragma once
// The reading half of Keras HDF5 files, the only code that hands an untrusted file to libhdf5. It runs in
// the child process of app/h5read (transfer-studio-h5read), never in the app's own process: libhdf5 1.10
// crashes, hangs and allocates what the file asks on damaged input (docs/security.md). Torch-free, so the
// helper stays small and the fuzzer (tests/fuzz/fuzz_keras_h5.cpp) can build it with clang.
//
// The file is read from memory (libhdf5's core driver over the caller's bytes): libhdf5 opens no file. The
// child writes what it read as safetensors (writeKerasSafetensors), which the parent opens with the fuzzed
// safetensors reader (weights/keras_h5.cpp, readKerasFile).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tl::weights::h5 {

struct Weight {
    std::string name;                  ///< as stored: "block1_conv1/kernel:0"
    std::vector<std::uint64_t> shape;  ///< 1 to 4 dimensions, each ≥ 1
    std::uint64_t numel = 0;
    /// Where its float32 little-endian values lie in the file when they are stored there as they are (contiguous,
    /// unfiltered, F32LE): the parent then takes them from its own map of the file, bounds-checked, and the
    /// child copies nothing. -1 otherwise (chunked, compressed, another float type): the child writes them out.
    std::int64_t fileOffset = -1;
};

struct Layer {
    std::string name;
    std::vector<Weight> weights;
};

struct Contents {
    std::string kind;          ///< "weights" (save_weights / Keras Applications) or "model" (model.save)
    std::string kerasVersion;  ///< the root's keras_version attribute, "" when absent
    std::string backend;
    std::vector<std::string> layerNames;  ///< every layer, with weights or not, in model order
    std::vector<Layer> layers;            ///< the layers that have weights, in model order
};

/// A Keras HDF5 file image opened by libhdf5. Every name, count and shape is checked against the file's size
/// before it sizes anything. Throws tl::Error (without the file's path: the parent adds it).
class KerasH5 {
public:
    /// `data` must outlive the object (libhdf5 reads it in place).
    KerasH5(const void* data, std::size_t size);
    ~KerasH5();
    KerasH5(const KerasH5&) = delete;
    KerasH5& operator=(const KerasH5&) = delete;

    const Contents& contents() const { return contents_; }
    /// Reads weight `w` of layer `l` (indices into contents().layers) as float32 into `out` (numel floats).
    void read(std::size_t l, std::size_t w, float* out) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    Contents contents_;
};

/// The layout of the safetensors file writeKerasSafetensors makes: its header (length prefix included) and
/// the total size. Tensor "l/w" is weight w of layer l (only those with no fileOffset); the metadata holds kind,
/// keras_version, backend, layer_names and layers (JSON: [[layer, [[weight, shape, fileOffset], ...]], ...]) —
/// what readKerasFile needs to rebuild the KerasFile.
struct SafetensorsLayout {
    std::string header;                  ///< 8-byte length, then the JSON, padded to 8 bytes
    std::vector<std::uint64_t> offsets;  ///< of each weight's data from the file's start, in layer order (kDirect: none)
    std::uint64_t total = 0;
};
inline constexpr std::uint64_t kDirect = ~std::uint64_t(0);
SafetensorsLayout safetensorsLayout(const Contents& contents);

/// Writes the file's weights as safetensors into `fd` (sized with ftruncate, filled through a shared map).
/// Throws tl::Error when the output cannot be sized (the memory limit) or a dataset cannot be read.
void writeKerasSafetensors(const KerasH5& file, int fd);

}  // namespace tl::weights::h5

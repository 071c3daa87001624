// The Keras HDF5 reading code of the child process (weights/keras_h5_read.cpp, run by transfer-studio-h5read),
// here in the fuzzer's own process: the bytes are the file image libhdf5 reads, every weight is read as the
// child reads it into its output. Torch-free.
//
// libhdf5 1.10 itself crashes and hangs on some inputs (docs/security.md): that is why the app runs this code in
// a child process. A crash whose stack is inside libhdf5 is expected here and contained in the app; its input
// goes to regressions/keras_h5_contained/, which replays it through the child (fuzz_keras_h5_contained.cpp).
// A crash in our frames, or an exception other than tl::Error, is a finding of ours.

#include "fuzz_support.h"
#include "weights/keras_h5_read.h"

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    tl::fuzz::run("keras_h5", [&] {
        const tl::weights::h5::KerasH5 file(data, size);
        const auto& contents = file.contents();
        const auto layout = tl::weights::h5::safetensorsLayout(contents);
        if (layout.total > 3 * size + (1u << 20)) tl::fuzz::fail("keras_h5", "an output larger than the file's checks allow");
        std::vector<float> buffer;
        for (std::size_t l = 0; l < contents.layers.size(); ++l)
            for (std::size_t w = 0; w < contents.layers[l].weights.size(); ++w) {
                const auto& weight = contents.layers[l].weights[w];
                // Values the parent takes from its own map of the file must lie inside it.
                if (weight.fileOffset >= 0 && (static_cast<std::uint64_t>(weight.fileOffset) > size ||
                                               weight.numel * sizeof(float) > size - static_cast<std::uint64_t>(weight.fileOffset)))
                    tl::fuzz::fail("keras_h5", "a weight's place in the file runs past its end");
                buffer.assign(weight.numel, 0.0f);
                file.read(l, w, buffer.data());
            }
    });
    return 0;
}

// Keras .h5 import: libhdf5 in the child process (weights::readKerasFile, what the app does) against the same
// reading code in this process (weights/keras_h5_read.cpp into tensors: the in-process reading the app did
// before libhdf5 moved out). Both then go the same way into a network built once: Keras layouts converted
// (models::foreignTensors) and copied in (loadStateDict) — the import a user waits for, less building the
// network. Rounds alternate which goes first; prints each round, the medians and the median of the per-round
// ratios (child / in process).
//
// usage: bench_keras_import FILE.h5 [ROUNDS]   (the fixtures' VGG16: build/dev/tests/core/tmp/keras/vgg16_top/weights.h5)

#include "bench_timing.h"
#include "models/foreign.h"
#include "models/model_impl.h"
#include "weights/keras_h5.h"
#include "weights/keras_h5_read.h"

#include "tl/model.h"

#include "tl/runtime.h"

#include <torch/torch.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace {

/// The file read by libhdf5 in this process, as readKerasFile did before.
tl::weights::KerasFile inProcess(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    ::fstat(fd, &st);
    const auto size = static_cast<std::size_t>(st.st_size);
    void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    tl::weights::KerasFile out;
    out.path = path;
    {
        const tl::weights::h5::KerasH5 file(data, size);
        const auto& contents = file.contents();
        out.kind = contents.kind;
        out.layerNames = contents.layerNames;
        for (std::size_t l = 0; l < contents.layers.size(); ++l) {
            tl::weights::KerasLayer layer{contents.layers[l].name, {}};
            for (std::size_t w = 0; w < contents.layers[l].weights.size(); ++w) {
                const auto& weight = contents.layers[l].weights[w];
                torch::Tensor t = torch::empty(std::vector<int64_t>(weight.shape.begin(), weight.shape.end()), torch::kFloat32);
                file.read(l, w, t.data_ptr<float>());
                layer.weights.emplace_back(weight.name, t);
            }
            out.layers.push_back(std::move(layer));
        }
    }
    ::munmap(data, size);
    return out;
}

/// The rest of an import, the same for both: Keras layouts to ours, copied into the network.
std::size_t apply(const tl::weights::KerasFile& file, tl::Model& model) {
    auto& net = *model.impl()->net;
    const auto tensors = tl::models::foreignTensors(file, net);
    tl::weights::loadStateDict(net, tensors.tensors, file.path);
    return tensors.tensors.size();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_keras_import FILE.h5 [ROUNDS]\n");
        return 64;
    }
    tl::initRuntime();
    const std::string path = argv[1];
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 7;
    const auto probe = tl::models::probeForeignFile(tl::weights::readKerasFile(path));
    tl::Model model = tl::Model::create(probe.fits, probe.classes > 0 ? probe.classes : 1000);
    // Warm-up (page cache, libraries), and the two readings must agree tensor for tensor.
    const std::size_t a = apply(inProcess(path), model);
    const torch::Tensor first = model.impl()->net->parameters().front().clone();
    const std::size_t b = apply(tl::weights::readKerasFile(path), model);
    if (a != b || !torch::equal(first, model.impl()->net->parameters().front())) {
        std::fprintf(stderr, "the two readings differ (%zu and %zu tensors)\n", a, b);
        return 1;
    }
    std::vector<double> child, local, ratios;
    for (int r = 0; r < rounds; ++r) {
        double c = 0, l = 0;
        for (int k = 0; k < 2; ++k) {
            const bool childNow = (r + k) % 2 == 0;
            const double start = bench::nowMs();
            apply(childNow ? tl::weights::readKerasFile(path) : inProcess(path), model);
            (childNow ? c : l) = bench::nowMs() - start;
        }
        child.push_back(c);
        local.push_back(l);
        ratios.push_back(c / l);
        std::printf("round %d: child %.1f ms, in process %.1f ms, ratio %.3f\n", r + 1, c, l, c / l);
    }
    std::printf(
        "%s (%s, %zu tensors): read + convert + load, child median %.1f ms, in process median %.1f ms, median ratio %.3f (min %.3f, max %.3f)\n",
        path.c_str(), probe.fits.c_str(), a, median(child), median(local), median(ratios), *std::min_element(ratios.begin(), ratios.end()),
        *std::max_element(ratios.begin(), ratios.end()));
    return 0;
}

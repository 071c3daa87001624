#include "fuzz_support.h"

#include "tl/checkpoint_info.h"
#include "tl/run_log.h"
#include "tl/trainer.h"
#include "train/checkpoint.h"
#include "train/run_files.h"
#include "train/schedule.h"
#include "weights/checkpoint_reader.h"
#include "weights/mapped_file.h"
#include "weights/safetensors.h"
#include "weights/slim_names.h"
#include "weights/tf_bundle.h"

#include <torch/torch.h>

#include <cxxabi.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <typeinfo>

namespace fs = std::filesystem;

namespace tl::fuzz {

namespace {

std::string demangled(const char* name) {
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> out(abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
    return status == 0 && out ? out.get() : name;
}

std::string makeScratch() {
    std::string base;
    if (const char* env = std::getenv("TL_FUZZ_TMP"); env && *env) base = env;
    else if (fs::is_directory("/dev/shm")) base = "/dev/shm";  // tmpfs: the fsyncs of a run directory cost nothing
    else base = fs::temp_directory_path().string();
    std::error_code ec;
    fs::create_directories(base, ec);
    std::string pattern = base + "/tl-fuzz-XXXXXX";
    if (!::mkdtemp(pattern.data())) {
        std::fprintf(stderr, "fuzz: cannot make a scratch folder under %s: %s\n", base.c_str(), std::strerror(errno));
        std::abort();
    }
    return pattern;
}

void removeScratch() {
    std::error_code ec;
    fs::remove_all(scratchDir(), ec);
}

/// Reads every element of a tensor the reader returned (as loading it into a model would), after checking
/// that its view lies inside its storage. Views far larger than a model (a stride-0 expansion of a few bytes,
/// which is legal) have their first and last elements read instead of a copy.
void touch(const torch::Tensor& t, const std::string& name) {
    if (!t.defined() || t.numel() == 0) return;
    std::int64_t last = t.storage_offset();
    for (std::int64_t d = 0; d < t.dim(); ++d) last += (t.size(d) - 1) * t.stride(d);
    const auto item = static_cast<std::int64_t>(t.element_size());
    const auto storageBytes = static_cast<std::int64_t>(t.storage().nbytes());
    if (t.storage_offset() < 0 || last < t.storage_offset() || (last + 1) * item > storageBytes)
        fail("tensor", "'" + name + "' views elements " + std::to_string(t.storage_offset()) + ".." + std::to_string(last) + " of a storage of " +
                           std::to_string(storageBytes) + " bytes");
    if (t.numel() <= (std::int64_t{1} << 22)) {
        const torch::Tensor copy = t.clone();
        (void)copy;
        return;
    }
    const auto* base = static_cast<const volatile std::uint8_t*>(t.storage().data());
    volatile std::uint8_t sink = 0;
    sink = sink + base[t.storage_offset() * item] + base[(last + 1) * item - 1];
}

void touchAll(const weights::StateDict& dict) {
    for (const auto& [name, tensor] : dict) touch(tensor, name);
}

}  // namespace

void abortOnUnexpected(const char* harness) {
    const std::type_info* type = abi::__cxa_current_exception_type();
    std::string what = "(not a std::exception)";
    try {
        throw;
    } catch (const std::exception& e) {
        what = e.what();
    } catch (...) {}
    std::fprintf(stderr, "\n==fuzz== %s: an exception other than tl::Error escaped the reader\n==fuzz== type: %s\n==fuzz== what: %s\n", harness,
                 type ? demangled(type->name()).c_str() : "?", what.c_str());
    std::fflush(stderr);
    std::abort();
}

void sayRefused(const char* harness, const tl::Error& e) {
    static const bool say = std::getenv("TL_FUZZ_SAY") != nullptr;
    if (say) std::fprintf(stderr, "==fuzz== %s refused: %s\n", harness, e.what());
}

void fail(const char* harness, const std::string& what) {
    std::fprintf(stderr, "\n==fuzz== %s: %s\n", harness, what.c_str());
    std::fflush(stderr);
    std::abort();
}

const std::string& scratchDir() {
    static const std::string dir = [] {
        std::string d = makeScratch();
        return d;
    }();
    static const bool registered = [] { return std::atexit(removeScratch) == 0; }();
    (void)registered;
    return dir;
}

void clearScratch() {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(scratchDir(), ec)) fs::remove_all(entry.path(), ec);
}

std::string makeScratchDir(const std::string& name) {
    const std::string path = scratchDir() + "/" + name;
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) fail("fuzz", "cannot make " + path + ": " + ec.message());
    return path;
}

std::string writeScratch(const std::string& name, std::string_view bytes) {
    const std::string path = scratchDir() + "/" + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size()) || std::fclose(f) != 0) {
        std::fprintf(stderr, "fuzz: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
        std::abort();
    }
    return path;
}

std::vector<std::string_view> splitParts(const std::uint8_t* data, std::size_t size, std::size_t maxParts) {
    std::vector<std::string_view> parts;
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    while (parts.size() < maxParts && rest.size() >= 4) {
        const auto* p = reinterpret_cast<const std::uint8_t*>(rest.data());
        const std::size_t length = p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::size_t>(p[3]) << 24);
        rest.remove_prefix(4);
        const std::size_t n = std::min(length, rest.size());
        parts.push_back(rest.substr(0, n));
        rest.remove_prefix(n);
    }
    return parts;
}

void readWeightsFile(const std::string& path) {
    run("torch_save", [&] {
        const weights::Checkpoint checkpoint = weights::readCheckpoint(path);
        touchAll(checkpoint.tensors);
    });
    run("torch_save", [&] {
        const CheckpointInfo info = inspectCheckpoint(path);
        std::int64_t total = 0;
        for (const auto& t : info.tensors) total += t.numel;
        if (total != info.totalElements) fail("torch_save", "inspectCheckpoint's total is not the sum of its tensors");
    });
}

void readSafetensorsFile(const std::string& path) {
    run("safetensors", [&] {
        const weights::MappedFilePtr file = weights::MappedFile::open(path);
        if (!weights::looksLikeSafetensors(*file)) return;
        const weights::Checkpoint checkpoint = weights::readSafetensors(file);
        touchAll(checkpoint.tensors);
    });
}

void readTfBundleFiles(const std::string& prefix) {
    run("tf_bundle", [&] {
        if (!weights::isTfBundlePrefix(prefix)) fail("tf_bundle", "the index written is not found");
        const weights::StateDict variables = weights::readTfBundle(prefix);
        touchAll(variables);
        const weights::KerasFile file = weights::slimAsKerasFile(variables, prefix);
        for (const auto& layer : file.layers) touchAll(layer.weights);
    });
}

void readRunDirectory(const std::string& dir) {
    // The config first, as Trainer::resume reads it.
    run("run_dir", [&] { (void)Trainer::resume(dir); });
    const std::string checkpoint = (fs::path(dir) / train::kCheckpointFile).string();
    train::RunPosition position;
    position.epoch = 1;
    position.metricsRow = "1,1,0.5,0.5,0.5,0.5,0.5,0.001,1.000,1.00\n";
    run("run_dir", [&] { position = train::readRunPosition(checkpoint); });
    run("run_dir", [&] {
        torch::nn::Sequential net(torch::nn::Linear(2, 2));
        torch::nn::Sequential head(torch::nn::Linear(2, 2));
        train::loadWeights(checkpoint, *net, head.ptr().get());
    });
    // The optimizer state, read into each kind of optimizer the trainer makes (each refuses the others' state).
    for (const char* name : {"sgd", "adam", "adamw", "rmsprop"}) {
        run("run_dir", [&] {
            torch::nn::Sequential net(torch::nn::Linear(2, 2));
            OptimizerConfig config;
            config.name = name;
            auto optimizer = train::makeOptimizer(config, net->parameters(), {});
            train::loadOptimizer(checkpoint, *optimizer);
        });
    }
    // The runs list and the run viewer (ui/train/trainpanel.cpp) read the events through readRun.
    run("run_dir", [&] {
        const RunRecord record = readRun(dir);
        for (std::size_t i = 0; i < record.batches.size(); ++i) {
            const BatchEnd& b = record.batches[i];
            if (b.batch > b.batches) fail("run_dir", "readRun: a batch numbered past its epoch's batch count");
            if (i > 0 && std::pair(record.batches[i - 1].epoch, record.batches[i - 1].batch) >= std::pair(b.epoch, b.batch))
                fail("run_dir", "readRun: batches out of order or repeated");
        }
        for (std::size_t i = 1; i < record.epochs.size(); ++i)
            if (record.epochs[i - 1].epoch >= record.epochs[i].epoch) fail("run_dir", "readRun: epochs out of order or repeated");
    });
    // Then the logs, as the resumed run reopens them (metrics.csv: the rows of epochs before the checkpoint's).
    run("run_dir", [&] {
        train::RunFiles files(dir, true);
        files.restoreMetrics(position.epoch, position.metricsRow);
    });
}

}  // namespace tl::fuzz

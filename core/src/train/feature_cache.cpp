#include "train/feature_cache.h"

#include "tl/error.h"
#include "tl/weight_store.h"
#include "weights/checkpoint_reader.h"
#include "weights/safetensors.h"
#include "weights/sha256.h"

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace tl::train {

namespace {

std::string fileContentHash(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot read the weights file");
    weights::Sha256 sha;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        sha.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    return sha.hexDigest();
}

}  // namespace

std::string featureCacheKey(const std::string& arch, const std::string& weightsPath, const Preprocessing& r, const std::vector<std::string>& files) {
    weights::Sha256 sha;
    const auto add = [&sha](const std::string& s) {
        sha.update(s.data(), s.size());
        sha.update("\n", 1);
    };
    add("features v1");
    add(arch);
    add(fileContentHash(weightsPath));
    add(r.mode + " " + r.geometry + " " + std::to_string(r.inputSize) + " " + std::to_string(r.resizeSize) + " " + r.interpolation + " " +
        std::to_string(r.divisor) + " " + std::to_string(r.bgr) + " " + std::to_string(r.mean[0]) + " " + std::to_string(r.mean[1]) + " " +
        std::to_string(r.mean[2]) + " " + std::to_string(r.std[0]) + " " + std::to_string(r.std[1]) + " " + std::to_string(r.std[2]));
    for (const auto& f : files) {
        std::error_code ec;
        const auto size = fs::file_size(f, ec);
        const auto time = fs::last_write_time(f, ec).time_since_epoch().count();
        add(f + " " + std::to_string(size) + " " + std::to_string(time));
    }
    return sha.hexDigest();
}

std::string featureCachePath(const std::string& key) { return (fs::path(appCacheDir()) / "features" / (key + ".safetensors")).string(); }

std::optional<Features> loadFeatures(const std::string& key, std::int64_t rows, std::int64_t cols) {
    const std::string path = featureCachePath(key);
    if (!fs::exists(path)) return std::nullopt;
    try {
        const auto ck = weights::readCheckpoint(path);
        Features f;
        for (const auto& [name, t] : ck.tensors) {
            if (name == "features") f.values = t;
            else if (name == "present") f.present = t;
        }
        // Shapes first: a damaged file is neither copied nor handed to the head.
        if (!f.values.defined() || !f.present.defined() || f.values.dim() != 2 || f.values.size(0) != rows || f.values.size(1) != cols ||
            f.present.dim() != 1 || f.present.numel() != rows)
            return std::nullopt;
        f.values = f.values.to(torch::kFloat32).clone();
        f.present = f.present.to(torch::kUInt8).clone();
        return f;
    } catch (const Error&) {
        return std::nullopt;  // damaged: computed again
    }
}

void saveFeatures(const std::string& key, const Features& f) {
    const std::string path = featureCachePath(key);
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    if (ec) throw Error(path, "cannot create the feature cache folder: " + ec.message());
    weights::writeSafetensors(path, {{"features", f.values.contiguous()}, {"present", f.present.contiguous()}},
                              {{"format", "transfer-studio-features"}});
}

}  // namespace tl::train

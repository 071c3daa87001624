#include "tl/weight_store.h"

#include "io/atomic_file.h"

#include "tl/catalog.h"
#include "tl/model.h"

#include "tl/error.h"
#include "weights/download.h"
#include "weights/sha256.h"
#include "weights/tf_bundle.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace tl {
namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

std::string homeDir() {
    if (std::string home = env("HOME"); !home.empty()) return home;
    if (const passwd* pw = ::getpwuid(::getuid()); pw != nullptr && pw->pw_dir != nullptr) return pw->pw_dir;
    throw Error("weight store", "cannot find the home folder (HOME is not set)");
}

std::string expandTilde(const std::string& path) {
    if (path == "~") return homeDir();
    if (path.rfind("~/", 0) == 0) return homeDir() + path.substr(1);
    return path;
}

/// $XDG_CACHE_HOME when it is an absolute path (the XDG rule), else ~/.cache.
fs::path userCacheDir() {
    const std::string xdg = env("XDG_CACHE_HOME");
    if (!xdg.empty() && fs::path(xdg).is_absolute()) return xdg;
    return fs::path(homeDir()) / ".cache";
}

bool isHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

void checkFileName(const std::string& name) {
    if (name.empty()) throw Error("weight store", "a weights file needs a name");
    if (name.find('/') != std::string::npos || name.find('\0') != std::string::npos || name.front() == '.')
        throw Error(name, "not a plain file name (no folders, not starting with '.')");
}

/// A source's expected hash prefix, lowercase; empty when there is none to check.
std::string expectedPrefix(const WeightSource& source) {
    if (source.sha256Prefix.empty()) return hashPrefixFromFileName(source.fileName);
    std::string prefix;
    for (const char c : source.sha256Prefix) {
        const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!isHex(lower)) throw Error(source.fileName, "the SHA-256 prefix \"" + source.sha256Prefix + "\" is not hexadecimal");
        prefix.push_back(lower);
    }
    if (prefix.size() > 64) throw Error(source.fileName, "the SHA-256 prefix \"" + source.sha256Prefix + "\" is longer than a SHA-256");
    return prefix;
}

/// Percent-encodes what is not unreserved in a URL path segment.
std::string encodeSegment(const std::string& segment) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : segment) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 0x0f]);
        }
    }
    return out;
}

void makeDir(const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(dir, "cannot create the weights folder: " + ec.message());
}

[[noreturn]] void throwChecksumMismatch(const std::string& path, const std::string& expected, const std::string& actual, const char* consequence) {
    throw ChecksumMismatch(path, "checksum did not match: expected a SHA-256 starting with " + expected + ", got " + actual + "; " + consequence,
                           expected, actual);
}

/// Deletes an unverified copy once verified weights of the same name are in place.
void removeUnverified(const std::string& unverifiedDir, const std::string& fileName) {
    std::error_code ec;
    fs::remove(fs::path(unverifiedDir) / fileName, ec);
}

}  // namespace

WeightStore::WeightStore(WeightStoreOptions options) : options_(std::move(options)) {
    if (options_.torchHome.empty()) {
        const std::string torchHome = env("TORCH_HOME");
        options_.torchHome = torchHome.empty() ? (userCacheDir() / "torch").string() : expandTilde(torchHome);
    }
    if (options_.cacheDir.empty()) options_.cacheDir = (fs::path(appCacheDir()) / "weights").string();
    if (options_.mirrorBaseUrl.empty()) options_.mirrorBaseUrl = env("TL_WEIGHTS_MIRROR");
    while (!options_.mirrorBaseUrl.empty() && options_.mirrorBaseUrl.back() == '/') options_.mirrorBaseUrl.pop_back();
    hubDir_ = (fs::path(options_.torchHome) / "hub" / "checkpoints").string();
    if (options_.kerasHome.empty()) {
        const std::string kerasHome = env("KERAS_HOME");
        const std::string home = env("HOME");
        options_.kerasHome = !kerasHome.empty() ? expandTilde(kerasHome) : home.empty() ? std::string() : (fs::path(home) / ".keras").string();
    }
}

std::string appCacheDir() { return (userCacheDir() / "transfer-studio").string(); }

std::string WeightStore::urlFor(const WeightSource& source) const {
    checkFileName(source.fileName);
    if (!options_.mirrorBaseUrl.empty()) return options_.mirrorBaseUrl + "/" + encodeSegment(source.fileName);
    if (source.url.empty()) throw Error(source.fileName, "no download URL is known, and no mirror is set (TL_WEIGHTS_MIRROR)");
    return source.url;
}

std::string WeightStore::partPath(const WeightSource& source) const {
    checkFileName(source.fileName);
    return (fs::path(options_.cacheDir) / (source.fileName + ".part")).string();
}

std::string WeightStore::unverifiedDir() const { return (fs::path(options_.cacheDir) / "unverified").string(); }

std::optional<std::string> WeightStore::find(const WeightSource& source) const {
    checkFileName(source.fileName);
    const std::string kerasModels = options_.kerasHome.empty() ? std::string() : (fs::path(options_.kerasHome) / "models").string();
    // The app's cache before Keras' own: a file imported here replaces one Keras downloaded. Unverified weights last.
    for (const std::string& dir : {hubDir_, options_.cacheDir, kerasModels, unverifiedDir()}) {
        if (dir.empty()) continue;
        const fs::path candidate = fs::path(dir) / source.fileName;
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec) && fs::file_size(candidate, ec) > 0 && !ec) return candidate.string();
        // A TensorFlow V2 checkpoint is a prefix: PREFIX.index beside its PREFIX.data-* shards.
        if (fs::is_regular_file(fs::path(candidate.string() + ".index"), ec) && !ec) return candidate.string();
    }
    return std::nullopt;
}

WeightsState WeightStore::state(const WeightSource& source) const {
    const auto found = find(source);
    if (!found) return WeightsState::Absent;
    return fs::path(*found).parent_path() == fs::path(unverifiedDir()) ? WeightsState::Unverified : WeightsState::Verified;
}

std::string WeightStore::require(const ModelSpec& spec, const std::string& advice) const {
    if (const auto found = find(weightSourceOf(spec))) return *found;
    throw Error(spec.id, "no pretrained weights on this machine (looked in " + hubDir_ + " and " + options_.cacheDir + "); " + advice);
}

std::string WeightStore::download(const WeightSource& source, const DownloadProgressFn& progress) {
    weights::DownloadJob job;
    job.url = urlFor(source);
    job.sha256Prefix = expectedPrefix(source);
    job.partPath = partPath(source);
    job.finalPath = (fs::path(options_.cacheDir) / source.fileName).string();
    job.connectTimeoutSeconds = options_.connectTimeoutSeconds;
    job.stallTimeoutSeconds = options_.stallTimeoutSeconds;
    makeDir(options_.cacheDir);
    weights::downloadFile(job, progress);
    removeUnverified(unverifiedDir(), source.fileName);
    return job.finalPath;
}

std::string WeightStore::ensure(const WeightSource& source, const DownloadProgressFn& progress) {
    if (auto found = find(source)) return *found;
    return download(source, progress);
}

namespace {

/// Copies one weights file into `cacheDir` (as importFile describes), checking its SHA-256 prefix.
/// With Trust::Unverified the hash is not checked (`cacheDir` is then the unverified folder).
std::string copyIntoStore(const std::string& cacheDir, const std::string& path, const std::optional<WeightSource>& expected,
                          const DownloadProgressFn& progress, Trust trust) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) throw Error(path, "no such file to import");
    if (fs::is_directory(status)) throw Error(path, "is a folder, not a weights file");
    if (!fs::is_regular_file(status)) throw Error(path, "is not a regular file");

    const std::string name = expected ? expected->fileName : fs::path(path).filename().string();
    checkFileName(name);
    const std::string prefix = trust == Trust::Unverified ? std::string() : expected ? expectedPrefix(*expected) : hashPrefixFromFileName(name);

    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!in) throw Error(path, "cannot read: " + std::string(std::strerror(errno)));
    const auto size = static_cast<int64_t>(fs::file_size(path, ec));
    if (ec) throw Error(path, "cannot read its size: " + ec.message());
    if (size == 0) throw Error(path, "is empty, not a weights file");

    makeDir(cacheDir);
    const std::string destination = (fs::path(cacheDir) / name).string();
    if (fs::equivalent(path, destination, ec)) {  // already in the cache: only check it
        const std::string actual = sha256File(path);
        if (actual.compare(0, prefix.size(), prefix) != 0) throwChecksumMismatch(path, prefix, actual, "the file is left as it was");
        return destination;
    }

    io::AtomicFile temp(destination);
    weights::Sha256 hasher;
    std::vector<char> buffer(1 << 20);
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    auto lastReport = start;
    int64_t copied = 0;
    const auto report = [&](bool final) {
        if (!progress) return;
        const auto now = Clock::now();
        if (!final && now - lastReport < std::chrono::milliseconds(100)) return;
        lastReport = now;
        DownloadProgress p;
        p.received = copied;
        p.total = size;
        const double seconds = std::chrono::duration<double>(now - start).count();
        p.bytesPerSecond = seconds > 0 ? static_cast<double>(copied) / seconds : 0.0;
        p.etaSeconds = final ? 0.0 : (p.bytesPerSecond > 0 ? static_cast<double>(size - copied) / p.bytesPerSecond : -1.0);
        if (!progress(p)) throw Cancelled(path, "import cancelled; nothing was imported");
    };
    size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), in.get())) > 0) {
        temp.write(buffer.data(), n);
        hasher.update(buffer.data(), n);
        copied += static_cast<int64_t>(n);
        report(false);
    }
    if (std::ferror(in.get()) != 0) throw Error(path, "read error: " + std::string(std::strerror(errno)));
    report(true);

    const std::string actual = hasher.hexDigest();
    if (actual.compare(0, prefix.size(), prefix) != 0) throwChecksumMismatch(path, prefix, actual, "nothing was imported");
    temp.commit();
    return destination;
}

}  // namespace

std::string WeightStore::importFile(const std::string& path, const std::optional<WeightSource>& expected, const DownloadProgressFn& progress,
                                    Trust trust) {
    std::error_code ec;
    const std::string dir = trust == Trust::Unverified ? unverifiedDir() : options_.cacheDir;
    if (weights::isTfBundlePrefix(path)) {
        // A TensorFlow V2 checkpoint: its .data shards, then its .index (find() sees the prefix once that is there),
        // each copied under the catalog's prefix. Progress counts the bytes of all of them.
        const fs::path prefix = weights::tfBundlePrefix(path);
        const std::string name = expected ? expected->fileName : prefix.filename().string();
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(prefix.parent_path().empty() ? fs::path(".") : prefix.parent_path(), ec)) {
            const std::string file = entry.path().filename().string();
            const std::string stem = prefix.filename().string() + ".data-";
            if (file.rfind(stem, 0) == 0) files.push_back(entry.path());
        }
        if (ec) throw Error(path, "cannot list its folder: " + ec.message());
        std::sort(files.begin(), files.end());
        const fs::path index = prefix.string() + ".index";
        if (files.empty() || !fs::is_regular_file(index, ec))
            throw Error(path, "a TF checkpoint needs its .index file and at least one .data shard beside it");
        files.push_back(index);
        int64_t total = 0, done = 0;
        for (const auto& f : files) total += static_cast<int64_t>(fs::file_size(f));
        std::vector<std::string> copied;
        try {
            for (const auto& f : files) {
                const std::string suffix = f.filename().string().substr(prefix.filename().string().size());
                copied.push_back(copyIntoStore(
                    dir, f.string(), WeightSource{name + suffix, "", ""},
                    [&](const DownloadProgress& p) {
                        DownloadProgress all = p;
                        all.received = done + p.received;
                        all.total = total;
                        return !progress || progress(all);
                    },
                    trust));
                done += static_cast<int64_t>(fs::file_size(f));
            }
        } catch (...) {  // no half checkpoint: the shards copied so far go
            for (const auto& c : copied) fs::remove(c, ec);
            throw;
        }
        if (trust == Trust::Verified)
            for (const auto& f : files) removeUnverified(unverifiedDir(), name + f.filename().string().substr(prefix.filename().string().size()));
        return (fs::path(dir) / name).string();
    }
    std::string stored = copyIntoStore(dir, path, expected, progress, trust);
    if (trust == Trust::Verified) removeUnverified(unverifiedDir(), fs::path(stored).filename().string());
    return stored;
}

std::string WeightStore::importCatalogWeights(const ModelSpec& spec, const std::string& path, Trust trust, const DownloadProgressFn& progress) {
    Model::fromCatalog(spec, path);  // throws, naming every key that does not fit the architecture
    return importFile(path, weightSourceOf(spec), progress, trust);
}

std::string hashPrefixFromFileName(std::string_view fileName) {
    // torch.hub's rule: the first "-<hex digits>." in the name.
    for (size_t dash = fileName.find('-'); dash != std::string_view::npos; dash = fileName.find('-', dash + 1)) {
        size_t end = dash + 1;
        while (end < fileName.size() && isHex(fileName[end])) ++end;
        const size_t digits = end - dash - 1;
        if (end < fileName.size() && fileName[end] == '.' && digits >= 6 && digits <= 64) return std::string(fileName.substr(dash + 1, digits));
    }
    return {};
}

WeightSource weightSourceOf(const ModelSpec& spec) { return {spec.weights.fileName, spec.weights.url, spec.weights.sha256Prefix}; }

}  // namespace tl

#pragma once
// The weight store: where pretrained checkpoints are found, fetched to and imported into.
//
// Lookup order: PyTorch's own hub cache (<torchHome>/hub/checkpoints, so weights a user already has from
// Python are reused), then the app's cache. Downloads go to the app's cache only: they are written to
// <cacheDir>/<fileName>.part, resumed from there with an HTTP Range request, checked against the SHA-256
// prefix that torchvision puts in its file names, and renamed into place atomically, so a file under its
// final name is always complete. Torch-free and Qt-free; every failure is a tl::Error naming the URL or file.
//
// Unverified weights: a file whose SHA-256 differs from the published one (a colleague's fine-tune, an older
// release) can be imported when the user says so (Trust::Unverified). It is kept apart from verified weights, in
// <cacheDir>/unverified/<fileName>, and is found only when no verified copy is: a verified download or import of the
// same model replaces it (the unverified copy is deleted).

#include "tl/error.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tl {

struct ModelSpec;

/// One checkpoint as the catalog describes it.
struct WeightSource {
    std::string fileName;      ///< e.g. "resnet50-0676ba61.pth"; a plain name, no directories
    std::string url;           ///< where the catalog says it lives (used unless a mirror is set)
    std::string sha256Prefix;  ///< leading hex digits of the file's SHA-256 (torchvision's names carry
                               ///< the first 8); empty: the prefix in fileName is used, if it has one
};

/// Whether an imported file's SHA-256 must match the published one (Verified), or the user takes the file as it
/// is (Unverified: stored apart, and marked as such wherever the model is shown).
enum class Trust { Verified, Unverified };

/// What the store holds for one checkpoint: a file under the catalog's name in PyTorch's, the app's or Keras'
/// cache (Verified), only a file imported as unverified (Unverified), or nothing (Absent).
enum class WeightsState { Absent, Verified, Unverified };

/// Thrown by importFile() (a tl::Error) when the only problem is the file's SHA-256: it carries both values, so that
/// the caller can offer to import the file as unverified weights.
class ChecksumMismatch : public Error {
public:
    ChecksumMismatch(const std::string& where, const std::string& what, std::string expected, std::string actual)
        : Error(where, what), expected_(std::move(expected)), actual_(std::move(actual)) {}
    /// The expected SHA-256 prefix (lowercase hex) and the file's whole SHA-256 (64 lowercase hex digits).
    const std::string& expected() const noexcept { return expected_; }
    const std::string& actual() const noexcept { return actual_; }

private:
    std::string expected_;
    std::string actual_;
};

/// The checkpoint of a catalog model's pretrained weights.
WeightSource weightSourceOf(const ModelSpec& spec);

/// The app's cache folder: $XDG_CACHE_HOME (or ~/.cache) / transfer-studio. Weights, features and the like
/// live in sub-folders of it.
std::string appCacheDir();

struct WeightStoreOptions {
    /// PyTorch's home. Empty: $TORCH_HOME, else $XDG_CACHE_HOME/torch, else ~/.cache/torch.
    /// Checkpoints are looked for in <torchHome>/hub/checkpoints.
    std::string torchHome;
    /// The app's own cache, where downloads and imports go. Empty: $XDG_CACHE_HOME/transfer-studio/weights,
    /// else ~/.cache/transfer-studio/weights.
    std::string cacheDir;
    /// Keras' home, whose models/ folder holds Keras Applications' downloads (looked in after PyTorch's cache).
    /// Empty: $KERAS_HOME, else ~/.keras.
    std::string kerasHome;
    /// When set, a download fetches <mirrorBaseUrl>/<fileName> instead of the catalog URL (for machines
    /// behind a firewall, and for tests). Empty: the environment variable TL_WEIGHTS_MIRROR, if set.
    std::string mirrorBaseUrl;
    /// A connection that cannot be made within this many seconds fails.
    int connectTimeoutSeconds = 30;
    /// A transfer that receives nothing for this many seconds fails (and can be resumed).
    int stallTimeoutSeconds = 60;
};

/// Reported by download() and importFile(): at most about ten times a second, plus once at the end.
struct DownloadProgress {
    int64_t received = 0;         ///< bytes of the file present so far, including a resumed part (drops
                                  ///< to 0 once if the server ignores the resume request and starts over)
    int64_t total = -1;           ///< the file's size; -1 while unknown
    double bytesPerSecond = 0.0;  ///< over the bytes moved in this call only
    double etaSeconds = -1.0;     ///< -1 while unknown
    bool resumed = false;         ///< this call continues a partial file left by an earlier one
};

/// Returns true to go on, false to cancel (the call then throws tl::Cancelled).
using DownloadProgressFn = std::function<bool(const DownloadProgress&)>;

class WeightStore {
public:
    /// Resolves the options' defaults from the environment; creates nothing on disk.
    explicit WeightStore(WeightStoreOptions options = {});

    /// PyTorch's checkpoint folder, <torchHome>/hub/checkpoints.
    const std::string& torchHubDir() const { return hubDir_; }
    const std::string& cacheDir() const { return options_.cacheDir; }
    /// Where weights imported as unverified are kept: <cacheDir>/unverified.
    std::string unverifiedDir() const;
    /// The mirror in use, without a trailing slash; empty when none.
    const std::string& mirrorBaseUrl() const { return options_.mirrorBaseUrl; }

    /// The URL download() fetches for `source`: the mirror's when one is set, else the catalog's.
    std::string urlFor(const WeightSource& source) const;
    /// Where download() keeps the partial file for `source` between calls.
    std::string partPath(const WeightSource& source) const;

    /// The path of `source`'s file if present: the hub cache first, then the app cache, then Keras' cache, then
    /// the unverified folder (so that weights imported as unverified load everywhere; state() tells which it was).
    /// The contents are not hashed here (that is download()'s and importFile()'s job).
    std::optional<std::string> find(const WeightSource& source) const;
    /// Whether find() finds a verified file, only an unverified one, or none.
    WeightsState state(const WeightSource& source) const;
    /// find(), or tl::Error naming the model, both caches and then `advice` (what to do) when absent.
    std::string require(const ModelSpec& spec, const std::string& advice) const;

    /// Downloads `source` into the app cache and returns its path. Resumes a partial file left by an
    /// earlier call (a server that ignores the Range request is handled: the transfer restarts from zero);
    /// verifies the SHA-256 prefix, and on a mismatch deletes the file and throws tl::Error saying the
    /// checksum did not match, with the expected and actual values. Throws tl::Error naming the URL for
    /// HTTP errors (with the status) and broken connections (the partial file is kept for a resume), and
    /// tl::Cancelled when `progress` returns false (also keeping the partial file). Two downloads of the
    /// same file at once (threads or processes) are refused rather than interleaved.
    std::string download(const WeightSource& source, const DownloadProgressFn& progress = {});

    /// find(), or download() when the file is in neither cache.
    std::string ensure(const WeightSource& source, const DownloadProgressFn& progress = {});

    /// Copies a weights file (from a USB stick, a shared drive) into the app cache, through a temporary
    /// file and a rename, and returns the new path. The file keeps its name unless `expected` is given,
    /// whose fileName it then takes. Its SHA-256 must start with `expected`'s prefix, or else with the
    /// prefix its own name carries (torchvision's "-<hex>." convention); a mismatch leaves nothing behind
    /// and throws tl::Error saying the checksum did not match. A missing or unreadable file throws
    /// tl::Error naming it. `progress` can cancel (tl::Cancelled).
    /// A checksum mismatch throws ChecksumMismatch. With Trust::Unverified the checksum is not required: the file is
    /// copied into unverifiedDir() (the contents are not checked here: importCatalogWeights() does that). A verified
    /// import deletes an unverified copy of the same name.
    std::string importFile(const std::string& path, const std::optional<WeightSource>& expected = std::nullopt,
                           const DownloadProgressFn& progress = {}, Trust trust = Trust::Verified);

    /// Imports `path` as catalog model `spec`'s weights: first loads it into `spec`'s architecture (keys and shapes
    /// as for any weights; tl::Error naming the file and every key that does not fit: missing, unexpected or of
    /// another shape), then importFile() under the catalog's file name with `trust`.
    std::string importCatalogWeights(const ModelSpec& spec, const std::string& path, Trust trust = Trust::Verified,
                                     const DownloadProgressFn& progress = {});

private:
    WeightStoreOptions options_;
    std::string hubDir_;
};

/// The SHA-256 of a file, as 64 lowercase hex digits. Throws tl::Error naming the file if it cannot be read.
std::string sha256File(const std::string& path);
/// The SHA-256 of bytes in memory, as 64 lowercase hex digits.
std::string sha256Hex(std::string_view bytes);

/// The hash prefix a torchvision-style file name carries ("resnet50-0676ba61.pth" gives "0676ba61"): the
/// hex digits between the last '-' and the following '.', when there are 6 to 64 of them; else empty.
std::string hashPrefixFromFileName(std::string_view fileName);

}  // namespace tl

#pragma once
// Folder datasets, laid out as Keras' flow_from_directory and torchvision's ImageFolder expect:
//   ROOT/train/<class>/*, ROOT/validation/<class>/* (or val/, valid/), optionally ROOT/test/<class>/*;
//   or ROOT/<class>/*, split here into train and validation, stratified and seeded.
// A scan lists every sample with its class and split, and reports what a user must know before training:
// files skipped and why, classes without images, the same image in two splits (leakage), imbalance.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace tl {

enum class Split { Train = 0, Validation = 1, Test = 2 };
/// "train", "validation", "test".
const char* splitName(Split split);

struct DatasetSample {
    std::string path;  ///< absolute or as given under the root, UTF-8
    int label = 0;     ///< index into Dataset::classes
    Split split = Split::Train;
};

struct SkippedFile {
    std::string path;
    std::string reason;  ///< "not an image", "empty file", "unreadable: …", "over the pixel limit: …", …
};

/// The same image content (SHA-256 of the file) in two splits.
struct LeakedImage {
    std::string trainPath;
    std::string otherPath;
    Split otherSplit = Split::Validation;
};

struct ScanOptions {
    /// Share of each class held out for validation when the root has no split folders (stratified).
    double validationFraction = 0.2;
    /// The split of a class-folder layout depends only on this seed and the file names, so it stays the same
    /// across scans, and adding a file moves at most one other file between the splits.
    std::uint64_t seed = 42;
    /// Files whose header declares more pixels than this are skipped (as decoding would refuse them).
    std::int64_t maxPixels = 100'000'000;
    /// Read every file to find the same image in two splits (leakage). Costs one read of the dataset.
    bool detectLeakage = true;
    /// Threads reading files (0: one per core).
    int threads = 0;
};

struct ScanProgress {
    std::size_t done = 0;   ///< files examined
    std::size_t total = 0;  ///< files found
    std::string current;    ///< the file just examined
};
/// Returns true to go on, false to cancel (the scan then throws tl::Cancelled).
using ScanProgressFn = std::function<bool(const ScanProgress&)>;

struct Dataset {
    enum class Layout { SplitFolders, ClassFolders };

    std::string root;
    Layout layout = Layout::ClassFolders;
    /// Class names in the order Keras and torchvision give them (sorted by code point); label i = classes[i].
    std::vector<std::string> classes;
    std::vector<DatasetSample> samples;  ///< sorted by split, class, then path
    std::vector<SkippedFile> skipped;
    std::vector<LeakedImage> leakage;
    std::vector<std::string> warnings;  ///< e.g. a class with no validation images, a split folder's extra class
    ScanOptions options;                ///< what the scan used (seed and fraction decide the split)

    /// Samples per class in `split` (indexed by label).
    std::vector<std::size_t> counts(Split split) const;
    std::size_t size(Split split) const;
    /// Classes with no image in `split`.
    std::vector<std::string> emptyClasses(Split split) const;
    /// Largest over smallest class count in the training split (0 when a class has none).
    double imbalanceRatio() const;
    /// Paths and labels of `split`, in sample order.
    std::vector<std::string> paths(Split split) const;
    std::vector<int> labels(Split split) const;

    /// The scan report as JSON (root, layout, classes with counts per split, skipped, leakage, warnings).
    std::string reportJson(int indent = 2) const;
    /// {"classes": [...], "class_to_idx": {...}}: the mapping saved with every run.
    std::string classMapJson() const;
};

/// Scans the dataset folder `root`. Throws tl::Error naming the folder when it does not exist or holds no
/// class folder with an image; tl::Cancelled when `progress` returns false. Unreadable files never stop it.
Dataset scanDataset(const std::string& root, const ScanOptions& options = {}, const ScanProgressFn& progress = {});

/// The class names stored by classMapJson(), in label order. Throws tl::Error naming `source` when malformed.
std::vector<std::string> parseClassMap(const std::string& json, const std::string& source);

}  // namespace tl

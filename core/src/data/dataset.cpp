#include "tl/dataset.h"

#include "tl/error.h"
#include "tl/image.h"
#include "mix.h"
#include "weights/sha256.h"

#include <nlohmann/json.hpp>
#include <opencv2/core/utility.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

namespace fs = std::filesystem;

namespace tl {

const char* splitName(Split split) {
    switch (split) {
        case Split::Train: return "train";
        case Split::Validation: return "validation";
        case Split::Test: return "test";
    }
    return "?";
}

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool hidden(const fs::path& p) {
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.';
}

/// Sub-folders of `dir` (not hidden), sorted by name as Python's sorted() orders str (code points = UTF-8 bytes).
std::vector<fs::path> subfolders(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, fs::directory_options::follow_directory_symlink, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code typeEc;
        if (it->is_directory(typeEc) && !hidden(it->path())) out.push_back(it->path());
    }
    if (ec) throw Error(dir.string(), "cannot list the folder: " + ec.message());
    std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) { return a.filename().string() < b.filename().string(); });
    return out;
}

/// Every regular file under `dir`, recursively (as os.walk, following links), sorted by path.
std::vector<fs::path> filesUnder(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::follow_directory_symlink | fs::directory_options::skip_permission_denied, ec);
    for (fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
        if (hidden(it->path())) {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        std::error_code typeEc;
        if (it->is_regular_file(typeEc)) out.push_back(it->path());
    }
    if (ec) throw Error(dir.string(), "cannot list the folder: " + ec.message());
    std::sort(out.begin(), out.end());
    return out;
}

/// Split folder names, as the Keras and torchvision tutorials name them.
std::optional<Split> splitOfFolder(const std::string& name) {
    const std::string n = lower(name);
    if (n == "train" || n == "training") return Split::Train;
    if (n == "validation" || n == "val" || n == "valid") return Split::Validation;
    if (n == "test" || n == "testing") return Split::Test;
    return std::nullopt;
}

struct Candidate {
    std::string path;
    std::string relative;  ///< within its class folder: the split key
    int label = -1;
    Split split = Split::Train;
    bool assignSplit = false;  ///< class-folder layout: decided by the seeded split
    // Filled by the examination:
    std::string skipReason;
    std::string hash;
};

std::uint64_t splitKey(std::uint64_t seed, const std::string& text) {
    std::uint64_t h = detail::mix64(seed);
    for (unsigned char c : text) h = detail::mix64(h ^ c);
    return h;
}

std::string megapixels(double pixels) {
    std::ostringstream s;
    s.precision(3);
    s << pixels / 1e6 << " MP";
    return s.str();
}

void examine(Candidate& c, const ScanOptions& options) {
    std::vector<std::uint8_t> bytes;
    try {
        bytes = readFileBytes(c.path);
    } catch (const Error& e) {
        c.skipReason = "unreadable: " + e.detail();
        return;
    }
    if (bytes.empty()) {
        c.skipReason = "empty file";
        return;
    }
    ImageHeader header;
    try {
        header = readImageHeader(bytes.data(), bytes.size(), c.path);
    } catch (const Error& e) {
        c.skipReason = "not a readable image: " + e.detail();
        return;
    }
    const double pixels = static_cast<double>(header.width) * header.height;
    if (pixels > static_cast<double>(options.maxPixels)) {
        c.skipReason = "over the pixel limit: " + std::to_string(header.width) + "×" + std::to_string(header.height) + " = " + megapixels(pixels) +
                       " > " + megapixels(static_cast<double>(options.maxPixels));
        return;
    }
    if (options.detectLeakage) {
        weights::Sha256 sha;
        sha.update(bytes.data(), bytes.size());
        c.hash = sha.hexDigest();
    }
}

/// Class folders of one split folder (or the root) → candidates; returns the class names found.
std::vector<std::string> collect(const fs::path& dir, Split split, bool assignSplit, const std::map<std::string, int>* known,
                                 std::vector<Candidate>& out, std::vector<SkippedFile>& skipped, std::vector<std::string>& warnings) {
    std::vector<std::string> names;
    for (const fs::path& classDir : subfolders(dir)) {
        const std::string name = classDir.filename().string();
        int label = static_cast<int>(names.size());
        if (known) {
            const auto it = known->find(name);
            if (it == known->end()) {
                warnings.push_back("class folder '" + name + "' in " + dir.filename().string() +
                                   "/ is not a class of the training split; its files are left out");
                for (const fs::path& f : filesUnder(classDir)) skipped.push_back({f.string(), "class '" + name + "' is not in the training split"});
                continue;
            }
            label = it->second;
        }
        names.push_back(name);
        for (const fs::path& f : filesUnder(classDir)) {
            if (!hasImageExtension(f.string())) {
                skipped.push_back({f.string(), "not an image (file extension)"});
                continue;
            }
            Candidate c;
            c.path = f.string();
            c.relative = f.lexically_relative(classDir).string();
            c.label = label;
            c.split = split;
            c.assignSplit = assignSplit;
            out.push_back(std::move(c));
        }
    }
    return names;
}

}  // namespace

std::vector<std::size_t> Dataset::counts(Split split) const {
    std::vector<std::size_t> n(classes.size(), 0);
    for (const auto& s : samples)
        if (s.split == split) ++n[static_cast<std::size_t>(s.label)];
    return n;
}

std::size_t Dataset::size(Split split) const {
    return static_cast<std::size_t>(std::count_if(samples.begin(), samples.end(), [split](const DatasetSample& s) { return s.split == split; }));
}

std::vector<std::string> Dataset::emptyClasses(Split split) const {
    std::vector<std::string> out;
    const auto n = counts(split);
    for (std::size_t i = 0; i < n.size(); ++i)
        if (n[i] == 0) out.push_back(classes[i]);
    return out;
}

double Dataset::imbalanceRatio() const {
    const auto n = counts(Split::Train);
    if (n.empty()) return 0.0;
    const auto [lo, hi] = std::minmax_element(n.begin(), n.end());
    return *lo == 0 ? 0.0 : static_cast<double>(*hi) / static_cast<double>(*lo);
}

std::vector<std::string> Dataset::paths(Split split) const {
    std::vector<std::string> out;
    for (const auto& s : samples)
        if (s.split == split) out.push_back(s.path);
    return out;
}

std::vector<int> Dataset::labels(Split split) const {
    std::vector<int> out;
    for (const auto& s : samples)
        if (s.split == split) out.push_back(s.label);
    return out;
}

std::string Dataset::reportJson(int indent) const {
    nlohmann::json j;
    j["root"] = root;
    j["layout"] = layout == Layout::SplitFolders ? "split_folders" : "class_folders";
    if (layout == Layout::ClassFolders) j["split"] = {{"validation_fraction", options.validationFraction}, {"seed", options.seed}};
    nlohmann::json cls = nlohmann::json::array();
    const auto train = counts(Split::Train), val = counts(Split::Validation), test = counts(Split::Test);
    for (std::size_t i = 0; i < classes.size(); ++i)
        cls.push_back({{"index", i}, {"name", classes[i]}, {"train", train[i]}, {"validation", val[i]}, {"test", test[i]}});
    j["classes"] = cls;
    j["totals"] = {{"train", size(Split::Train)}, {"validation", size(Split::Validation)}, {"test", size(Split::Test)}};
    j["imbalance_ratio"] = imbalanceRatio();
    j["skipped"] = nlohmann::json::array();
    for (const auto& s : skipped) j["skipped"].push_back({{"file", s.path}, {"reason", s.reason}});
    j["leakage"] = nlohmann::json::array();
    for (const auto& l : leakage) j["leakage"].push_back({{"train", l.trainPath}, {splitName(l.otherSplit), l.otherPath}});
    j["warnings"] = warnings;
    return j.dump(indent);
}

std::string Dataset::classMapJson() const {
    nlohmann::json j;
    j["classes"] = classes;
    nlohmann::json map = nlohmann::json::object();
    for (std::size_t i = 0; i < classes.size(); ++i) map[classes[i]] = i;
    j["class_to_idx"] = map;
    return j.dump(2);
}

std::vector<std::string> parseClassMap(const std::string& json, const std::string& source) {
    try {
        const auto j = nlohmann::json::parse(json);
        auto classes = j.at("classes").get<std::vector<std::string>>();
        if (classes.empty()) throw Error(source, "the class map lists no classes");
        return classes;
    } catch (const nlohmann::json::exception& e) {
        throw Error(source, std::string("not a class map: ") + e.what());
    }
}

Dataset scanDataset(const std::string& rootPath, const ScanOptions& options, const ScanProgressFn& progress) {
    if (!(options.validationFraction >= 0.0 && options.validationFraction < 1.0))
        throw Error("validation fraction", "must be at least 0 and below 1, not " + std::to_string(options.validationFraction));
    const fs::path root(rootPath);
    std::error_code ec;
    if (!fs::is_directory(root, ec)) throw Error(rootPath, fs::exists(root, ec) ? "not a folder" : "no such folder");

    Dataset ds;
    ds.root = rootPath;
    ds.options = options;
    std::vector<Candidate> candidates;

    std::map<Split, fs::path> splitDirs;
    for (const fs::path& d : subfolders(root))
        if (const auto s = splitOfFolder(d.filename().string()); s && !splitDirs.count(*s)) splitDirs[*s] = d;

    if (splitDirs.count(Split::Train)) {
        ds.layout = Dataset::Layout::SplitFolders;
        const bool carveValidation = !splitDirs.count(Split::Validation);
        ds.classes = collect(splitDirs[Split::Train], Split::Train, carveValidation, nullptr, candidates, ds.skipped, ds.warnings);
        std::map<std::string, int> known;
        for (std::size_t i = 0; i < ds.classes.size(); ++i) known[ds.classes[i]] = static_cast<int>(i);
        for (Split s : {Split::Validation, Split::Test}) {
            if (!splitDirs.count(s)) continue;
            const auto found = collect(splitDirs[s], s, false, &known, candidates, ds.skipped, ds.warnings);
            if (found.empty()) ds.warnings.push_back(splitDirs[s].filename().string() + "/ holds no class folder");
        }
        if (carveValidation)
            ds.warnings.push_back("no validation folder (validation/, val/ or valid/): " +
                                  std::to_string(static_cast<int>(std::lround(options.validationFraction * 100))) + "% of each class in " +
                                  splitDirs[Split::Train].filename().string() + "/ is held out for validation");
    } else {
        ds.layout = Dataset::Layout::ClassFolders;
        ds.classes = collect(root, Split::Train, true, nullptr, candidates, ds.skipped, ds.warnings);
        std::size_t loose = 0;
        for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
            if (it->is_regular_file() && !hidden(it->path())) ++loose;
        if (loose > 0)
            ds.warnings.push_back(std::to_string(loose) + " file(s) directly in the dataset folder are not in a class folder and are left out");
    }
    if (ds.classes.empty()) throw Error(rootPath, "no class folders found: expected ROOT/<class>/images or ROOT/train/<class>/images");

    // Examine every candidate (read, check the header, hash) in parallel, reporting progress between chunks.
    const int threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const std::size_t chunk = 32;
    for (std::size_t begin = 0; begin < candidates.size(); begin += chunk) {
        const std::size_t end = std::min(candidates.size(), begin + chunk);
        cv::parallel_for_(
            cv::Range(static_cast<int>(begin), static_cast<int>(end)),
            [&](const cv::Range& r) {
                for (int i = r.start; i < r.end; ++i) examine(candidates[static_cast<std::size_t>(i)], options);
            },
            threads);
        if (progress && !progress({end, candidates.size(), candidates[end - 1].path}))
            throw Cancelled(rootPath, "scan cancelled after " + std::to_string(end) + " of " + std::to_string(candidates.size()) + " files");
    }
    if (candidates.empty() && progress) progress({0, 0, {}});

    // The seeded, stratified split: per class, order by a hash of (seed, name) and hold out the first share.
    std::map<int, std::vector<Candidate*>> toSplit;
    for (auto& c : candidates)
        if (c.skipReason.empty() && c.assignSplit) toSplit[c.label].push_back(&c);
    for (auto& [label, members] : toSplit) {
        std::sort(members.begin(), members.end(), [&](const Candidate* a, const Candidate* b) {
            const auto ka = splitKey(options.seed, a->relative), kb = splitKey(options.seed, b->relative);
            return ka != kb ? ka < kb : a->relative < b->relative;
        });
        std::size_t holdOut = static_cast<std::size_t>(std::floor(options.validationFraction * static_cast<double>(members.size()) + 0.5));
        if (options.validationFraction > 0 && holdOut == 0 && members.size() >= 2) holdOut = 1;
        if (holdOut >= members.size() && !members.empty()) holdOut = members.size() - 1;  // keep one to train on
        for (std::size_t i = 0; i < holdOut; ++i) members[i]->split = Split::Validation;
    }

    std::unordered_map<std::string, const Candidate*> trainByHash;
    for (const auto& c : candidates) {
        if (!c.skipReason.empty()) {
            ds.skipped.push_back({c.path, c.skipReason});
            continue;
        }
        ds.samples.push_back({c.path, c.label, c.split});
        if (c.split == Split::Train && !c.hash.empty()) trainByHash.emplace(c.hash, &c);
    }
    for (const auto& c : candidates)
        if (c.skipReason.empty() && c.split != Split::Train && !c.hash.empty())
            if (const auto it = trainByHash.find(c.hash); it != trainByHash.end()) ds.leakage.push_back({it->second->path, c.path, c.split});

    std::sort(ds.samples.begin(), ds.samples.end(), [](const DatasetSample& a, const DatasetSample& b) {
        if (a.split != b.split) return a.split < b.split;
        if (a.label != b.label) return a.label < b.label;
        return a.path < b.path;
    });
    std::sort(ds.skipped.begin(), ds.skipped.end(), [](const SkippedFile& a, const SkippedFile& b) { return a.path < b.path; });

    for (const auto& name : ds.emptyClasses(Split::Train)) ds.warnings.push_back("class '" + name + "' has no training images");
    if (ds.size(Split::Validation) > 0)
        for (const auto& name : ds.emptyClasses(Split::Validation)) ds.warnings.push_back("class '" + name + "' has no validation images");
    if (!ds.leakage.empty())
        ds.warnings.push_back(std::to_string(ds.leakage.size()) + " image(s) appear in the training split and in a held-out split (leakage)");
    if (const double r = ds.imbalanceRatio(); r >= 3.0) {
        std::ostringstream s;
        s.precision(3);
        s << "classes are imbalanced: the largest has " << r << "× the images of the smallest (consider class weights)";
        ds.warnings.push_back(s.str());
    }
    return ds;
}

}  // namespace tl

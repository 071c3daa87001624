#include "tl/compare.h"

#include "tl/catalog.h"
#include "tl/error.h"
#include "tl/model_file.h"
#include "tl/model_ref.h"
#include "tl/runtime.h"
#include "tl/weight_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace fs = std::filesystem;

namespace tl {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The process's peak resident memory. Linux keeps its high-water mark (VmHWM in /proc/self/status) and
// resets it to the current resident size when "5" is written to /proc/self/clear_refs, so each model's
// peak is measured from where it starts. Elsewhere both are no-ops and the peak is reported as 0.
void resetPeakMemory() {
    std::ofstream clear("/proc/self/clear_refs");
    if (clear) clear << "5";
}

std::uint64_t peakMemory() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;  // "VmHWM:   123456 kB"
    return 0;
}

struct Opened {
    std::optional<Classifier> classifier;
    ComparedModel info;
};

// The model with its figures that do not need images: parameters and multiply-adds (counted before the
// batch norms are folded for inference), the weights file and its size.
Opened openForComparison(const std::string& ref, const CompareOptions& options) {
    Opened o;
    o.info.ref = ref;
    ClassifierOptions c;
    c.device = options.device;
    c.batchSize = std::max(1, options.batchSize);
    c.topK = std::max(1, options.topK);
    std::optional<Model> model;
    Preprocessing recipe;
    std::vector<std::string> labels;
    const ModelRef chosen = ModelRef::parse(ref);  // the one rule for "catalog id or model file"
    if (const ModelFileInfo* file = chosen.fileInfo()) {
        model.emplace(loadModelFile(ref));
        o.info.weights = ref;
        recipe = file->preprocessing;
    } else {
        const ModelSpec& spec = *chosen.spec();
        o.info.weights = WeightStore().require(spec, "download or import them in the Classify area, or with `transfer-studio-cli fetch " + ref + "`");
        model.emplace(Model::fromCatalog(spec, o.info.weights));
        recipe = spec.preprocessing;
    }
    o.info.name = chosen.name();
    labels = chosen.labels();
    o.info.arch = model->arch();
    o.info.inputSize = recipe.inputSize;
    o.info.classes = model->classes();
    const ModelSummary summary = model->summary(recipe.inputSize);
    o.info.params = summary.total;
    o.info.gflops = static_cast<double>(summary.macs) / 1e9;
    std::error_code ec;
    const auto size = fs::file_size(o.info.weights, ec);
    o.info.weightsBytes = ec ? 0 : static_cast<std::uint64_t>(size);
    model->setDevice(options.device);
    model->prepareForInference();
    o.classifier.emplace(std::move(*model), recipe, labels, c);
    return o;
}

// Mean time of one image on its own — read, decode, preprocess, forward at batch 1, as when one image is
// dropped — over the first options.latencyImages readable files, after one warm-up image.
double measureLatency(const Classifier& classifier, const std::vector<std::string>& files, const CompareOptions& options) {
    const std::size_t n = std::min(files.size(), static_cast<std::size_t>(std::max(1, options.latencyImages)));
    if (n == 0) return 0.0;
    const auto once = [&](const std::string& path) { return classifier.classifyFiles({path}).front().error.empty(); };
    once(files.front());  // warm-up: first-call allocations and kernel choices
    double total = 0.0;
    std::size_t timed = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto start = Clock::now();
        if (once(files[i])) {  // an unreadable file is reported by the evaluation
            total += secondsSince(start);
            ++timed;
        }
    }
    return timed ? 1000.0 * total / static_cast<double>(timed) : 0.0;
}

// One model of a comparison: loaded, measured by `run` (latency, throughput, its results), its peak memory
// taken. A failure becomes the model's error and the comparison goes on; a cancel ends it. Either way
// the model's memory goes back before the next one loads.
template <typename Run>
ComparedModel compareOne(const std::string& ref, const CompareOptions& options, Run&& run) {
    ComparedModel m;
    m.ref = ref;
    try {
        resetPeakMemory();
        Opened o = openForComparison(ref, options);
        m = o.info;
        run(*o.classifier, m);
        m.peakMemoryBytes = peakMemory();
    } catch (const Cancelled&) {
        releaseMemory();
        throw;
    } catch (const std::exception& e) {
        m.error = e.what();
    }
    releaseMemory();
    return m;
}

// Images per second of `work`, which returns how many images it went through.
template <typename Work>
double imagesPerSecond(Work&& work) {
    const auto start = Clock::now();
    const std::size_t images = work();
    const double seconds = secondsSince(start);
    return seconds > 0 ? static_cast<double>(images) / seconds : 0.0;
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char ch : s) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + '"';
}

}  // namespace

LabelledFiles labelledFiles(const Dataset& dataset, const std::vector<std::string>& modelLabels, const std::string& split) {
    if (split != "all" && split != "train" && split != "validation" && split != "test")
        throw Error(dataset.root, "unknown split '" + split + "' (all, train, validation or test)");
    std::vector<int> toModel;
    for (const auto& name : dataset.classes) {
        const auto it = std::find(modelLabels.begin(), modelLabels.end(), name);
        if (it == modelLabels.end()) throw Error(dataset.root, "class '" + name + "' is not one of the model's classes");
        toModel.push_back(static_cast<int>(it - modelLabels.begin()));
    }
    LabelledFiles out;
    for (const auto& s : dataset.samples) {
        if (split != "all" && split != splitName(s.split)) continue;
        out.paths.push_back(s.path);
        out.labels.push_back(toModel[static_cast<std::size_t>(s.label)]);
    }
    if (out.paths.empty()) throw Error(dataset.root, "no images in the " + split + " split");
    return out;
}

void markParetoFront(std::vector<ComparedModel>& models) {
    const auto usable = [](const ComparedModel& m) { return m.error.empty() && m.latencyMs > 0; };
    for (auto& m : models) {
        m.pareto = usable(m);
        if (!m.pareto) continue;
        for (const auto& other : models) {
            if (&other == &m || !usable(other)) continue;
            const double a = other.evaluation.accuracy, b = m.evaluation.accuracy;
            if (a >= b && other.latencyMs <= m.latencyMs && (a > b || other.latencyMs < m.latencyMs)) {
                m.pareto = false;
                break;
            }
        }
    }
}

ModelComparison compareOnDataset(const std::vector<std::string>& refs, const std::string& datasetRoot, const CompareOptions& options,
                                 const CompareProgressFn& progress) {
    if (refs.empty()) throw Error(datasetRoot, "no models to compare");
    ScanOptions scan;
    scan.detectLeakage = false;
    const Dataset ds = scanDataset(datasetRoot, scan);
    ModelComparison out;
    out.dataset = datasetRoot;
    out.split = options.split == "validation" && ds.size(Split::Validation) == 0 ? "all" : options.split;
    out.device = options.device;
    out.classes = ds.classes;
    for (std::size_t i = 0; i < refs.size(); ++i) {
        out.models.push_back(compareOne(refs[i], options, [&](const Classifier& classifier, ComparedModel& m) {
            const LabelledFiles files = labelledFiles(ds, classifier.labels(), out.split);
            out.images = files.paths.size();
            if (progress && !progress(i, 0, files.paths.size())) throw Cancelled(datasetRoot, "comparison cancelled");
            m.latencyMs = measureLatency(classifier, files.paths, options);
            m.imagesPerSecond = imagesPerSecond([&] {
                m.evaluation = evaluateFiles(classifier, files.paths, files.labels,
                                             [&](std::size_t done, std::size_t total) { return !progress || progress(i, done, total); });
                return m.evaluation.images + m.evaluation.failed;
            });
        }));
    }
    markParetoFront(out.models);
    return out;
}

FileComparison compareOnFiles(const std::vector<std::string>& refs, const std::vector<std::string>& files, const CompareOptions& options,
                              const CompareProgressFn& progress) {
    if (refs.empty()) throw Error("compare", "no models to compare");
    if (files.empty()) throw Error("compare", "no images to compare the models on");
    FileComparison out;
    out.files = files;
    for (std::size_t i = 0; i < refs.size(); ++i) {
        std::vector<ImageResult> results;
        ComparedModel m = compareOne(refs[i], options, [&](const Classifier& classifier, ComparedModel& row) {
            if (progress && !progress(i, 0, files.size())) throw Cancelled("compare", "comparison cancelled");
            row.latencyMs = measureLatency(classifier, files, options);
            row.imagesPerSecond = imagesPerSecond([&] {
                std::size_t done = 0;
                results =
                    classifier.classifyFiles(files, [&](const ImageResult&, std::size_t) { return !progress || progress(i, ++done, files.size()); });
                return files.size();
            });
        });
        if (!m.error.empty()) {  // every file says why
            results.assign(files.size(), ImageResult{});
            for (std::size_t f = 0; f < files.size(); ++f) {
                results[f].source = files[f];
                results[f].error = m.error;
            }
        }
        out.models.push_back(std::move(m));
        out.results.push_back(std::move(results));
    }
    // A file's models agree when every model that classified it gave the same top-1 class name.
    for (std::size_t f = 0; f < files.size(); ++f) {
        std::vector<std::string> firsts;
        for (const auto& perModel : out.results)
            if (perModel[f].error.empty() && !perModel[f].top.empty()) firsts.push_back(perModel[f].top.front().label);
        out.agreement.push_back(firsts.size() >= 2 &&
                                std::all_of(firsts.begin(), firsts.end(), [&](const std::string& l) { return l == firsts.front(); }));
    }
    return out;
}

std::string comparisonCsv(const ModelComparison& c) {
    std::ostringstream out;
    out << "model,ref,arch,images,accuracy,top5,latency_ms,images_per_second,params,gflops,weights_bytes,peak_memory_bytes,pareto,error\n";
    out.precision(6);
    for (const auto& m : c.models) {
        out << csvField(m.name) << ',' << csvField(m.ref) << ',' << csvField(m.arch) << ',' << m.evaluation.images << ',' << m.evaluation.accuracy
            << ',' << m.evaluation.top5 << ',' << m.latencyMs << ',' << m.imagesPerSecond << ',' << m.params << ',' << m.gflops << ','
            << m.weightsBytes << ',' << m.peakMemoryBytes << ',' << (m.pareto ? "yes" : "no") << ',' << csvField(m.error) << '\n';
    }
    return out.str();
}

namespace {

/// The figures every comparison gives of a model (the files' comparison has no evaluation).
nlohmann::json modelFactsJson(const ComparedModel& m) {
    return {{"name", m.name},
            {"ref", m.ref},
            {"arch", m.arch},
            {"params", m.params},
            {"gflops", m.gflops},
            {"weights_bytes", m.weightsBytes},
            {"latency_ms", m.latencyMs},
            {"images_per_second", m.imagesPerSecond},
            {"peak_memory_bytes", m.peakMemoryBytes},
            {"error", m.error}};
}

}  // namespace

std::string comparisonJson(const ModelComparison& c, int indent) {
    nlohmann::json models = nlohmann::json::array();
    for (const auto& m : c.models) {
        const Evaluation& e = m.evaluation;
        nlohmann::json model = modelFactsJson(m);
        model.update({{"weights", m.weights},
                      {"input_size", m.inputSize},
                      {"classes", m.classes},
                      {"images", e.images},
                      {"failed", e.failed},
                      {"accuracy", e.accuracy},
                      {"top5", e.top5},
                      {"loss", e.loss},
                      {"precision", e.precision},
                      {"recall", e.recall},
                      {"f1", e.f1},
                      {"support", e.support},
                      {"confusion", e.confusion},
                      {"calibration", nlohmann::json::parse(calibrationJson(e.calibration))},
                      {"pareto", m.pareto}});
        models.push_back(std::move(model));
    }
    return nlohmann::json{{"dataset", c.dataset}, {"split", c.split},   {"device", c.device},
                          {"classes", c.classes}, {"images", c.images}, {"models", models}}
        .dump(indent);
}

std::string fileComparisonJson(const FileComparison& c, int indent) {
    nlohmann::json models = nlohmann::json::array();
    for (const auto& m : c.models) models.push_back(modelFactsJson(m));
    nlohmann::json images = nlohmann::json::array();
    for (std::size_t f = 0; f < c.files.size(); ++f) {
        nlohmann::json per = nlohmann::json::array();
        for (std::size_t m = 0; m < c.models.size(); ++m) {
            const ImageResult& r = c.results[m][f];
            nlohmann::json top = nlohmann::json::array();
            for (const auto& p : r.top) top.push_back({{"label", p.label}, {"index", p.index}, {"probability", p.probability}});
            per.push_back({{"model", c.models[m].name}, {"top", top}, {"error", r.error}});
        }
        images.push_back({{"file", c.files[f]}, {"agree", static_cast<bool>(c.agreement[f])}, {"models", per}});
    }
    return nlohmann::json{{"models", models}, {"images", images}}.dump(indent);
}

}  // namespace tl

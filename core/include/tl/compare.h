#pragma once
// Comparing models on the same inputs: several models (catalog models with their weights on this machine,
// fine-tuned model files) classify the same images, or are evaluated on the same labelled dataset, into one
// table: accuracy, top-5, latency, throughput, parameters, GFLOPs, weights size, peak memory, and which
// models are on the accuracy-vs-latency Pareto front. Used by the Compare area and the `compare` command.
// Torch-free.

#include "tl/classifier.h"
#include "tl/dataset.h"
#include "tl/evaluation.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace tl {

struct CompareOptions {
    std::string device = "cpu";        ///< as Model::setDevice ("auto": the GPU when there is one)
    int batchSize = 8;                 ///< images per forward pass for the evaluation (throughput)
    int latencyImages = 8;             ///< images classified one at a time to measure the latency (after one warm-up)
    std::string split = "validation";  ///< dataset split: all, train, validation or test (validation falls back
                                       ///< to all when the dataset has no validation images)
    int topK = 5;
};

/// One model's figures. `error` is set (and the figures left at 0) when the model could not be compared;
/// the other models go on.
struct ComparedModel {
    std::string ref;   ///< as given: a catalog id or a model file path
    std::string name;  ///< the catalog name, or the model file's name
    std::string arch;
    std::string weights;  ///< the weights file (the model file itself for a fine-tuned model)
    int inputSize = 0;
    int classes = 0;
    std::int64_t params = 0;
    double gflops = 0.0;  ///< multiply-adds of one image at inputSize, in billions (torchvision's convention)
    std::uint64_t weightsBytes = 0;
    double latencyMs = 0.0;             ///< mean per image at batch 1: decode, preprocess and forward
    double imagesPerSecond = 0.0;       ///< over the whole evaluation at CompareOptions::batchSize, decoding included
    std::uint64_t peakMemoryBytes = 0;  ///< the process's peak resident memory while this model loaded and ran
    Evaluation evaluation;              ///< on the dataset (empty for files)
    bool pareto = false;                ///< no other model is at least as accurate and at least as fast, and better in one
    std::string error;
};

struct ModelComparison {
    std::string dataset;  ///< the dataset folder ("" when files were compared)
    std::string split;    ///< the split that was used
    std::string device;
    std::vector<std::string> classes;  ///< the dataset's classes
    std::size_t images = 0;
    std::vector<ComparedModel> models;
};

/// `progress(model, done, total)`: `model` indexes the refs; returning false cancels (tl::Cancelled).
using CompareProgressFn = std::function<bool(std::size_t model, std::size_t done, std::size_t total)>;

/// Every model evaluated on the dataset's split. The dataset's class names must be the model's labels
/// (a fine-tuned model's classes, or ImageNet's class names for a catalog model); a model that lacks one
/// gets an error naming the class.
ModelComparison compareOnDataset(const std::vector<std::string>& refs, const std::string& datasetRoot, const CompareOptions& options = {},
                                 const CompareProgressFn& progress = {});

/// The same images classified by every model.
struct FileComparison {
    std::vector<ComparedModel> models;  ///< figures without an evaluation (latency from these images)
    std::vector<std::string> files;
    /// results[model][file]: top-k (options.topK) of each model for each file.
    std::vector<std::vector<ImageResult>> results;
    /// agreement[file]: every model that classified the file gave the same top-1 label.
    std::vector<bool> agreement;
};
FileComparison compareOnFiles(const std::vector<std::string>& refs, const std::vector<std::string>& files, const CompareOptions& options = {},
                              const CompareProgressFn& progress = {});

/// Marks `pareto` on the models without an error: by accuracy (higher is better) and latency (lower is better).
void markParetoFront(std::vector<ComparedModel>& models);

/// The comparison as a table: CSV (one row per model, a header row) and JSON (everything, per-class figures
/// included).
std::string comparisonCsv(const ModelComparison& comparison);
std::string comparisonJson(const ModelComparison& comparison, int indent = 2);
/// The images' comparison as JSON: each model's figures, and every image's top-k per model and agreement.
std::string fileComparisonJson(const FileComparison& comparison, int indent = 2);

/// The images of `split` ("all", "train", "validation", "test") with the dataset's labels mapped onto
/// `modelLabels` by class name; tl::Error names the dataset and a class the model does not know.
struct LabelledFiles {
    std::vector<std::string> paths;
    std::vector<int> labels;  ///< indices into modelLabels
};
LabelledFiles labelledFiles(const Dataset& dataset, const std::vector<std::string>& modelLabels, const std::string& split);

}  // namespace tl

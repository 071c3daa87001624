#pragma once
// One fine-tuning run, as plain data: the GUI's form fills it, the CLI reads it from JSON (the same keys),
// and every run directory keeps it as config.json.

#include "tl/augment.h"
#include "tl/model.h"  // HeadConfig

#include <cstdint>
#include <string>
#include <vector>

namespace tl {

/// The longest run name (bytes of UTF-8) a config or a model file may hold.
inline constexpr std::size_t kMaxRunNameBytes = 1024;

/// TrainConfig::weights for a network trained from scratch (torchvision's weights=None).
inline constexpr const char* kNoWeights = "none";

/// Which layers train. Presets: "head_only" (everything below the head frozen), "last_block" (the head and
/// the network's last block: VGG block5 with the fully connected layers, ResNet layer4, Inception Mixed_7b/c,
/// the last stages of MobileNet and EfficientNet), "first_n" (the first `firstN` leaf layers frozen, as
/// Keras' model.layers[:N]), "all" (nothing frozen), "custom" (the module paths in `frozen`).
struct FreezePlan {
    std::string preset = "head_only";
    int firstN = 0;
    std::vector<std::string> frozen;
};

struct OptimizerConfig {
    std::string name = "adam";  ///< sgd, adam, adamw, rmsprop
    double lr = 1e-3;
    double momentum = 0.9;  ///< sgd, rmsprop
    bool nesterov = false;  ///< sgd
    double weightDecay = 0.0;
    /// Discriminative learning rates: the backbone's trainable layers learn at lr × this (1: the same as the head).
    double backboneLrScale = 1.0;
};

struct ScheduleConfig {
    std::string name = "constant";  ///< constant, step, cosine, onecycle
    int warmupEpochs = 0;           ///< linear warm-up from lr / 10 over this many epochs (per batch)
    int stepEpochs = 10;            ///< step: multiply by gamma every stepEpochs
    double gamma = 0.1;
    double minLr = 0.0;  ///< cosine: the final learning rate
};

/// One phase of training: the seeds train the new head first (phase 1), then unfreeze the last block and
/// go on with SGD at a low learning rate (phase 2).
struct PhaseConfig {
    int epochs = 5;
    FreezePlan freeze;
    OptimizerConfig optimizer;
    ScheduleConfig schedule;
};

struct TrainConfig {
    /// The run's name, shown wherever its model is listed (the model file keeps it too); empty: none, and the
    /// run is shown by its folder (runs before 2026-12 have none). At most kMaxRunNameBytes.
    std::string name;
    std::string model;    ///< catalog id
    std::string weights;  ///< weights file; empty: the model's pretrained weights from the store; kNoWeights: random
    std::string dataset;  ///< dataset folder (see dataset.h)
    double validationFraction = 0.2;
    std::uint64_t splitSeed = 42;
    int imageSize = 0;  ///< network input; 0: the model's
    HeadConfig head;
    std::vector<PhaseConfig> phases{PhaseConfig{}};
    int batchSize = 32;
    bool augment = false;
    AugmentConfig augmentation;
    double labelSmoothing = 0.0;
    bool classWeights = false;       ///< weight the loss by inverse class frequency
    int earlyStoppingPatience = 0;   ///< stop a phase after this many epochs without a better validation accuracy (0: never)
    double gradClipNorm = 0.0;       ///< clip the gradients' global norm (0: off)
    std::string precision = "fp32";  ///< fp32, bf16, fp16 (autocast; CUDA only)
    bool channelsLast = false;       ///< CUDA only
    std::string device = "auto";
    std::uint64_t seed = 42;
    std::string outputDir;        ///< the run directory (created)
    int workers = 0;              ///< loader threads (0: one per core)
    std::size_t cacheMiB = 1024;  ///< decoded-image cache
    bool bottleneck = true;       ///< use cached features when nothing below the head trains and there is no augmentation
};

/// Parses the JSON form (keys in snake_case: "model", "phases": [{"epochs", "freeze": {"preset", ...},
/// "optimizer": {"name", "lr", ...}, "schedule": {...}}], "augmentation": {Keras names}, ...). Unknown keys
/// and impossible values throw tl::Error naming `source` and the key.
TrainConfig parseTrainConfig(const std::string& json, const std::string& source);
std::string trainConfigJson(const TrainConfig& config, int indent = 2);
/// Throws tl::Error naming the first impossible setting.
void validateTrainConfig(const TrainConfig& config);

/// The learning rate of the second phase unless the user gives one.
inline constexpr double kFineTuneLr = 1e-4;
/// The second phase of the tutorials the app grew from (Keras' and torchvision's fine-tuning guides): the last
/// block unfrozen, SGD with momentum 0.9 at a low learning rate. The CLI's --fine-tune-epochs and the Train area's
/// "Then fine-tune the last block" both add it.
PhaseConfig fineTunePhase(int epochs, double lr = kFineTuneLr);
/// One phase in the JSON form of parseTrainConfig's "phases" list.
std::string phaseConfigJson(const PhaseConfig& phase);

}  // namespace tl

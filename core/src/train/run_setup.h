#pragma once
// Setting up a run (the first part of Trainer::run): the dataset scanned and checked, the network with its
// new head on its device, the batch loaders, the loss, and where a resumed run begins. Nothing here trains.

#include "models/model_impl.h"
#include "train/checkpoint.h"
#include "tl/catalog.h"
#include "tl/dataset.h"
#include "tl/loader.h"
#include "tl/model.h"
#include "tl/trainer.h"

#include <torch/torch.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tl::train {

/// The dataset of `config`, scanned (cancelled when `stopRequested` says so) and checked: every class has
/// training images and there are 2 to kMaxModelClasses classes (tl::Error naming the dataset otherwise).
/// Its warnings and the count of skipped files go to the observer's log.
Dataset scanRunDataset(const TrainConfig& config, TrainObserver& observer, const std::function<bool()>& stopRequested);

/// The network a run trains, its head and the device it trains on.
class RunModel {
public:
    /// `spec`'s network with `classes` outputs and the config's head, from `config.weights` (a file, the
    /// store's when empty, random when kNoWeights). Torch's seed is set first: the new head's (or the whole
    /// network's) initial weights come from it. Logs where the weights came from.
    RunModel(const ModelSpec& spec, const TrainConfig& config, int classes, TrainObserver& observer);
    /// Moves the network to the config's device: cuDNN picks its kernels for the fixed input size, the
    /// convolutions go channels-last when asked on CUDA; logs that a precision other than fp32 needs a GPU.
    void placeOnDevice(const TrainConfig& config, TrainObserver& observer);

    Model& model() { return model_; }
    models::Network& net() { return *model_.impl()->net; }
    /// The MLP head (null when the network's own Linear head is trained).
    const torch::nn::Sequential& mlp() const { return mlp_; }
    torch::nn::Module* mlpModule() const { return mlp_ ? mlp_.ptr().get() : nullptr; }
    /// Empty when the network starts from random weights.
    const std::string& weightsPath() const { return weightsPath_; }
    const torch::Device& device() const { return device_; }
    bool cuda() const { return device_.is_cuda(); }

    torch::Tensor forward(const torch::Tensor& x) { return model_.impl()->forward(x); }
    /// The head alone, on penultimate features.
    torch::Tensor headForward(const torch::Tensor& features) { return mlp_ ? mlp_->forward(features) : net().head(features); }
    /// True for a state-dict key of the network's own head.
    bool isHeadKey(const std::string& key) { return key.rfind(net().headPrefix(), 0) == 0; }
    /// The parameters of the head that trains (the MLP's, else the network's own head's).
    std::vector<torch::Tensor> headParameters();
    /// Network and head in training mode (`true`) or evaluation mode.
    void setTraining(bool training);
    /// A batch's images and labels on the device. On the CPU they are views of `b`'s buffers: `b` must
    /// outlive them.
    std::pair<torch::Tensor, torch::Tensor> toDevice(const Batch& b) const;

private:
    std::string weightsPath_;
    Model model_;
    torch::nn::Sequential mlp_{nullptr};
    torch::Device device_{torch::kCPU};
    bool channelsLast_ = false;
};

/// The loaders of a run: the training split's (shuffled, augmented when asked) and the validation split's
/// (in order, never augmented; null when the split is empty).
struct RunLoaders {
    RunLoaders(const TrainConfig& config, const Dataset& dataset, const Preprocessing& recipe, TrainObserver& observer);

    LoaderOptions validationOptions;  ///< also what bottleneck features are computed with
    std::unique_ptr<BatchLoader> train;
    std::unique_ptr<BatchLoader> validation;
};

/// Loss weights by inverse class frequency, total / (classes × count) per class: 1 for every class of a
/// balanced split.
std::vector<float> inverseFrequencyWeights(const std::vector<std::size_t>& counts, std::size_t total);

/// The training loss: cross-entropy in fp32 with the config's label smoothing, weighted by inverse class
/// frequency when config.classWeights.
class RunLoss {
public:
    RunLoss(const TrainConfig& config, const Dataset& dataset, const torch::Device& device);
    torch::Tensor operator()(const torch::Tensor& logits, const torch::Tensor& target) const;
    const torch::Tensor& classWeights() const { return weights_; }  ///< undefined when not weighted

private:
    double smoothing_ = 0.0;
    torch::Tensor weights_;
};

/// Where a run begins: a new run at phase 0, epoch 1; a resumed one after its checkpoint's epoch, in its
/// phase or at the start of the next (also when the checkpoint's phase had stopped early).
struct StartPoint {
    std::size_t phase = 0;  ///< 0-based; phases.size() when every phase is done
    int epochInPhase = 1;   ///< 1-based
    bool earlyStopped = false;
};
StartPoint startPoint(const RunPosition& position, const std::vector<PhaseConfig>& phases, bool resuming);

}  // namespace tl::train

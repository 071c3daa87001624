#pragma once
// The batch loader for training and evaluation: worker threads decode, augment and normalise images into
// batches ahead of the consumer (a bounded queue), in a shuffled order per epoch that depends only on the
// seed. Decoded images are kept in RAM at the size the recipe needs (cacheForm), within a memory budget
// (least recently used out first), so later epochs skip decoding; large JPEGs are decoded at 1/2, 1/4 or
// 1/8 size when that still leaves the needed size. A file that fails to decode is reported and left out of
// its batch; it never stops the epoch.

#include "tl/augment.h"
#include "tl/preprocess.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tl {

struct LoaderOptions {
    Preprocessing recipe;  ///< geometry and normalisation of the network input
    bool augment = false;  ///< apply `augmentation` (training); else the recipe's centre crop
    AugmentConfig augmentation;
    int batchSize = 32;
    bool shuffle = true;
    bool dropLast = false;                          ///< leave out the last, smaller batch of an epoch
    std::uint64_t seed = 42;                        ///< decides the order of every epoch and every augmentation
    int workers = 0;                                ///< threads building batches (0: one per core)
    int prefetch = 0;                               ///< batches built ahead of the consumer (0: 2 per worker)
    std::size_t cacheBytes = std::size_t{1} << 30;  ///< memory for decoded images (0: no cache)
    bool reducedDecode = true;                      ///< decode JPEGs at reduced size when at least twice the size needed
    std::int64_t maxPixels = 100'000'000;
};

struct Batch {
    int epoch = 0;
    std::size_t index = 0;  ///< within the epoch
    int count = 0;          ///< images in the batch (fewer than asked when files failed)
    int height = 0, width = 0;
    std::vector<float> data;           ///< count × 3 × height × width, normalised
    std::vector<std::int64_t> labels;  ///< count
    std::vector<std::size_t> samples;  ///< count: indices into the loader's file list
};

struct LoadFailure {
    std::size_t sample = 0;
    std::string path;
    std::string reason;
};

struct CacheStats {
    std::size_t entries = 0;
    std::size_t bytes = 0;
    std::size_t hits = 0;
    std::size_t misses = 0;
    std::size_t evictions = 0;
};

class BatchLoader {
public:
    /// `paths` and `labels` are parallel. Throws tl::Error for an impossible option (batch size, recipe, config).
    BatchLoader(std::vector<std::string> paths, std::vector<int> labels, LoaderOptions options);
    ~BatchLoader();
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    std::size_t size() const;
    std::size_t batchesPerEpoch() const;
    const LoaderOptions& options() const;

    /// Starts building the batches of `epoch` (an epoch in progress is abandoned).
    void startEpoch(int epoch);
    /// The next batch of the epoch in order, waiting for it; false when the epoch has no more.
    bool next(Batch& batch);
    /// The sample order of `epoch` (a permutation of 0..size()-1; identity without shuffle).
    std::vector<std::size_t> order(int epoch) const;

    /// Files that failed so far, each once.
    std::vector<LoadFailure> failures() const;
    CacheStats cacheStats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tl

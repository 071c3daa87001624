#include "tl/loader.h"

#include "mix.h"
#include "tl/error.h"
#include "tl/image.h"
#include "tl/preprocess.h"

#include <algorithm>
#include <condition_variable>
#include <list>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace tl {

namespace {

/// Decoded images by sample index, least recently used first out, within a byte budget.
class ImageCache {
public:
    explicit ImageCache(std::size_t budget) : budget_(budget) {}

    bool get(std::size_t key, cv::Mat& out) {
        std::lock_guard lock(mutex_);
        const auto it = index_.find(key);
        if (it == index_.end()) {
            ++stats_.misses;
            return false;
        }
        entries_.splice(entries_.begin(), entries_, it->second);
        out = it->second->second;
        ++stats_.hits;
        return true;
    }

    void put(std::size_t key, const cv::Mat& image) {
        const std::size_t bytes = image.total() * image.elemSize();
        if (bytes > budget_) return;
        std::lock_guard lock(mutex_);
        if (index_.count(key)) return;
        while (stats_.bytes + bytes > budget_ && !entries_.empty()) {
            const auto& last = entries_.back();
            stats_.bytes -= last.second.total() * last.second.elemSize();
            index_.erase(last.first);
            entries_.pop_back();
            ++stats_.evictions;
        }
        entries_.emplace_front(key, image);
        index_[key] = entries_.begin();
        stats_.bytes += bytes;
    }

    CacheStats stats() const {
        std::lock_guard lock(mutex_);
        CacheStats s = stats_;
        s.entries = entries_.size();
        return s;
    }

private:
    std::size_t budget_;
    mutable std::mutex mutex_;
    std::list<std::pair<std::size_t, cv::Mat>> entries_;
    std::unordered_map<std::size_t, std::list<std::pair<std::size_t, cv::Mat>>::iterator> index_;
    CacheStats stats_;
};

/// The shorter side a decoded image must keep for `recipe` (0: every pixel is needed).
int neededShortSide(const Preprocessing& recipe) {
    if (recipe.geometry == "crop_or_pad") return 0;
    return recipe.geometry == "resize_crop" ? recipe.resizeSize : recipe.inputSize;
}

}  // namespace

struct BatchLoader::Impl {
    std::vector<std::string> paths;
    std::vector<int> labels;
    LoaderOptions options;
    ImageCache cache;
    DecodeOptions decode;

    mutable std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::thread> workers;
    bool stopping = false;
    // The epoch being built: its order, the next batch to build and to deliver, and finished batches.
    std::uint64_t generation = 0;
    int epoch = -1;
    std::vector<std::size_t> order;
    std::size_t batches = 0;
    std::size_t nextToBuild = 0;
    std::size_t nextToDeliver = 0;
    std::map<std::size_t, Batch> ready;
    std::size_t prefetch = 1;

    std::unordered_set<std::size_t> failed;
    std::vector<LoadFailure> failures;

    Impl(std::vector<std::string> p, std::vector<int> l, LoaderOptions o)
        : paths(std::move(p)), labels(std::move(l)), options(std::move(o)), cache(options.cacheBytes) {}

    std::size_t batchCount() const {
        const std::size_t n = paths.size(), b = static_cast<std::size_t>(options.batchSize);
        return options.dropLast ? n / b : (n + b - 1) / b;
    }

    void fail(std::size_t sample, const std::string& reason) {
        std::lock_guard lock(mutex);
        if (failed.insert(sample).second) failures.push_back({sample, paths[sample], reason});
    }

    /// The cache-form image of `sample`, decoding it on a miss; empty when the file fails (then recorded).
    cv::Mat image(std::size_t sample) {
        {
            std::lock_guard lock(mutex);
            if (failed.count(sample)) return {};
        }
        cv::Mat cached;
        if (options.cacheBytes > 0 && cache.get(sample, cached)) return cached;
        try {
            cv::Mat form = cacheForm(readImage(paths[sample], decode).rgb, options.recipe);
            if (form.data && !form.isContinuous()) form = form.clone();
            if (options.cacheBytes > 0) cache.put(sample, form);
            return form;
        } catch (const Error& e) {
            fail(sample, e.detail());
            return {};
        } catch (const std::exception& e) {
            fail(sample, e.what());
            return {};
        }
    }

    Batch build(int ep, std::size_t index, const std::vector<std::size_t>& samples) {
        Batch batch;
        batch.epoch = ep;
        batch.index = index;
        const int S = options.recipe.inputSize;
        batch.height = batch.width = S;
        const std::size_t plane = 3 * static_cast<std::size_t>(S) * static_cast<std::size_t>(S);
        batch.data.resize(plane * samples.size());
        for (const std::size_t sample : samples) {
            const cv::Mat source = image(sample);
            if (source.empty()) continue;
            cv::Mat crop;
            try {
                crop = options.augment ? augmentImage(source, options.augmentation, options.recipe, augmentSeed(options.seed, ep, sample))
                                       : cropForNetwork(source, options.recipe);
            } catch (const std::exception& e) {
                fail(sample, e.what());
                continue;
            }
            normalizeAugmented(crop, options.recipe, options.augmentation, batch.data.data() + plane * static_cast<std::size_t>(batch.count));
            batch.labels.push_back(labels[sample]);
            batch.samples.push_back(sample);
            ++batch.count;
        }
        batch.data.resize(plane * static_cast<std::size_t>(batch.count));
        return batch;
    }

    void work() {
        std::unique_lock lock(mutex);
        for (;;) {
            changed.wait(lock, [this] { return stopping || (nextToBuild < batches && nextToBuild < nextToDeliver + prefetch); });
            if (stopping) return;
            const std::size_t index = nextToBuild++;
            const std::uint64_t gen = generation;
            const int ep = epoch;
            const std::size_t b = static_cast<std::size_t>(options.batchSize);
            const std::vector<std::size_t> samples(order.begin() + static_cast<std::ptrdiff_t>(index * b),
                                                   order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), (index + 1) * b)));
            lock.unlock();
            Batch batch = build(ep, index, samples);
            lock.lock();
            if (gen == generation) {
                ready.emplace(index, std::move(batch));
                changed.notify_all();
            }
        }
    }
};

BatchLoader::BatchLoader(std::vector<std::string> paths, std::vector<int> labels, LoaderOptions options) {
    if (paths.size() != labels.size()) throw Error("loader", "the file list and the label list differ in length");
    if (options.batchSize < 1) throw Error("batch size", "must be at least 1");
    validateRecipe(options.recipe);
    if (options.augment) validateAugmentConfig(options.augmentation);
    impl_ = std::make_unique<Impl>(std::move(paths), std::move(labels), std::move(options));
    Impl& d = *impl_;
    d.decode.maxPixels = d.options.maxPixels;
    if (d.options.reducedDecode) d.decode.minShortSide = neededShortSide(d.options.recipe);
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int workers = d.options.workers > 0 ? d.options.workers : cores;
    d.prefetch = static_cast<std::size_t>(d.options.prefetch > 0 ? d.options.prefetch : 2 * workers);
    for (int i = 0; i < workers; ++i) d.workers.emplace_back([&d] { d.work(); });
}

BatchLoader::~BatchLoader() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->changed.notify_all();
    for (auto& t : impl_->workers) t.join();
}

std::size_t BatchLoader::size() const { return impl_->paths.size(); }
std::size_t BatchLoader::batchesPerEpoch() const { return impl_->batchCount(); }
const LoaderOptions& BatchLoader::options() const { return impl_->options; }

std::vector<std::size_t> BatchLoader::order(int epoch) const {
    std::vector<std::size_t> o(impl_->paths.size());
    for (std::size_t i = 0; i < o.size(); ++i) o[i] = i;
    if (impl_->options.shuffle && o.size() > 1) {
        AugmentRng rng(detail::mix64(impl_->options.seed ^ 0x5eed0f0e0cULL) + static_cast<std::uint64_t>(epoch));
        for (std::size_t i = o.size() - 1; i > 0; --i) std::swap(o[i], o[static_cast<std::size_t>(rng.next() % (i + 1))]);
    }
    return o;
}

void BatchLoader::startEpoch(int epoch) {
    auto o = order(epoch);
    {
        std::lock_guard lock(impl_->mutex);
        Impl& d = *impl_;
        ++d.generation;
        d.epoch = epoch;
        d.order = std::move(o);
        d.batches = d.batchCount();
        d.nextToBuild = d.nextToDeliver = 0;
        d.ready.clear();
    }
    impl_->changed.notify_all();
}

bool BatchLoader::next(Batch& batch) {
    std::unique_lock lock(impl_->mutex);
    Impl& d = *impl_;
    if (d.epoch < 0) throw Error("loader", "next() before startEpoch()");
    if (d.nextToDeliver >= d.batches) return false;
    d.changed.wait(lock, [&d] { return d.stopping || d.ready.count(d.nextToDeliver) > 0; });
    if (d.stopping) return false;
    const auto it = d.ready.find(d.nextToDeliver);
    batch = std::move(it->second);
    d.ready.erase(it);
    ++d.nextToDeliver;
    lock.unlock();
    d.changed.notify_all();
    return true;
}

std::vector<LoadFailure> BatchLoader::failures() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->failures;
}

CacheStats BatchLoader::cacheStats() const { return impl_->cache.stats(); }

}  // namespace tl

// The batch loader: every sample exactly once per epoch, shuffled per epoch from the seed, drop_last,
// labels with their samples, the recipe's exact pixels, deterministic augmentation, the cache and its
// budget, reduced decoding, and bad files reported and left out without stopping the epoch.
#include "dataset_maker.h"
#include "measured.h"

#include "tl/dataset.h"
#include "tl/error.h"
#include "tl/image.h"
#include "tl/loader.h"
#include "tl/preprocess.h"
#include "tl/runtime.h"

#include <QtTest/QtTest>

#include <numeric>
#include <set>

namespace fs = std::filesystem;

namespace {

struct Files {
    std::vector<std::string> paths;
    std::vector<int> labels;
};

/// `perClass` PNGs in each of three classes (label = class), in a fresh folder.
Files makeFiles(const std::string& name, int perClass) {
    const fs::path root = dsmaker::freshDir(name);
    Files f;
    for (int label = 0; label < 3; ++label)
        for (const auto& p : dsmaker::fill(root / ("c" + std::to_string(label)), label, perClass)) {
            f.paths.push_back(p.string());
            f.labels.push_back(label);
        }
    return f;
}

tl::LoaderOptions smallOptions(int batch = 7) {
    tl::LoaderOptions o;
    o.recipe = tl::recipeFor("torchvision", 32, 36);
    o.batchSize = batch;
    o.workers = 2;
    return o;
}

/// How many of `n` floats differ between `a` and `b` (a NaN counts as differing).
std::size_t differing(const float* a, const float* b, std::size_t n) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) count += a[i] != b[i] ? 1 : 0;
    return count;
}

std::vector<tl::Batch> epoch(tl::BatchLoader& loader, int e) {
    std::vector<tl::Batch> out;
    loader.startEpoch(e);
    tl::Batch b;
    while (loader.next(b)) out.push_back(std::move(b));
    return out;
}

}  // namespace

class TestLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { tl::initRuntime(); }

    void everySampleOncePerEpoch() {
        const Files f = makeFiles("ld_once", 10);  // 30 samples
        tl::BatchLoader loader(f.paths, f.labels, smallOptions(7));
        QCOMPARE(loader.batchesPerEpoch(), std::size_t{5});
        std::vector<std::size_t> previousOrder;
        for (int e = 0; e < 3; ++e) {
            const auto batches = epoch(loader, e);
            QCOMPARE(batches.size(), std::size_t{5});
            std::vector<std::size_t> seen;
            for (std::size_t i = 0; i < batches.size(); ++i) {
                const tl::Batch& b = batches[i];
                QCOMPARE(b.index, i);
                QCOMPARE(b.epoch, e);
                QCOMPARE(b.count, i < 4 ? 7 : 2);
                QCOMPARE(b.data.size(), static_cast<std::size_t>(b.count) * 3 * 32 * 32);
                for (int k = 0; k < b.count; ++k) {
                    QCOMPARE(b.labels[static_cast<std::size_t>(k)], static_cast<std::int64_t>(f.labels[b.samples[static_cast<std::size_t>(k)]]));
                    seen.push_back(b.samples[static_cast<std::size_t>(k)]);
                }
            }
            QCOMPARE(seen, loader.order(e));
            std::vector<std::size_t> sorted = seen;
            std::sort(sorted.begin(), sorted.end());
            std::vector<std::size_t> all(30);
            std::iota(all.begin(), all.end(), 0);
            QCOMPARE(sorted, all);           // each exactly once
            QVERIFY(seen != all);            // shuffled
            QVERIFY(seen != previousOrder);  // differently each epoch
            previousOrder = seen;
        }
        // The order depends on the seed only.
        tl::BatchLoader same(f.paths, f.labels, smallOptions(7));
        QCOMPARE(same.order(1), loader.order(1));
        auto other = smallOptions(7);
        other.seed = 43;
        QVERIFY(tl::BatchLoader(f.paths, f.labels, other).order(1) != loader.order(1));
        other.shuffle = false;
        std::vector<std::size_t> identity(30);
        std::iota(identity.begin(), identity.end(), 0);
        QCOMPARE(tl::BatchLoader(f.paths, f.labels, other).order(3), identity);
    }

    void dropLast() {
        const Files f = makeFiles("ld_drop", 10);
        auto o = smallOptions(7);
        o.dropLast = true;
        tl::BatchLoader loader(f.paths, f.labels, o);
        QCOMPARE(loader.batchesPerEpoch(), std::size_t{4});
        const auto batches = epoch(loader, 0);
        QCOMPARE(batches.size(), std::size_t{4});
        for (const auto& b : batches) QCOMPARE(b.count, 7);
    }

    void exactRecipePixels() {
        const Files f = makeFiles("ld_exact", 3);
        auto o = smallOptions(4);
        o.shuffle = false;
        o.reducedDecode = false;
        tl::BatchLoader loader(f.paths, f.labels, o);
        for (int e = 0; e < 2; ++e) {  // decoded, then from the cache
            const auto batches = epoch(loader, e);
            std::size_t sample = 0;
            for (const auto& b : batches)
                for (int k = 0; k < b.count; ++k, ++sample) {
                    std::vector<float> expected(3 * 32 * 32);
                    tl::normalizeInto(tl::cropForNetwork(tl::readImage(f.paths[sample]).rgb, o.recipe), o.recipe, expected.data());
                    const float* got = b.data.data() + static_cast<std::size_t>(k) * expected.size();
                    // Exact: the same decode, crop and float32 normalisation, whether decoded or cached.
                    TL_VERIFY_AT_MOST(differing(expected.data(), got, expected.size()), 0);
                }
        }
        QCOMPARE(loader.cacheStats().misses, std::size_t{9});
        QCOMPARE(loader.cacheStats().hits, std::size_t{9});
    }

    void deterministicAugmentation() {
        const Files f = makeFiles("ld_aug", 5);
        auto o = smallOptions(4);
        o.augment = true;
        o.augmentation = tl::parseAugmentConfig(R"({"rotation_range": 30, "horizontal_flip": true, "zoom_range": 0.2,
                                                    "random_resized_crop": true, "color_jitter": {"brightness": 0.4}})",
                                                "test");
        tl::BatchLoader a(f.paths, f.labels, o);
        auto o4 = o;
        o4.workers = 4;  // another thread count must not change a thing
        tl::BatchLoader b(f.paths, f.labels, o4);
        const auto ea = epoch(a, 2), eb = epoch(b, 2);
        QCOMPARE(ea.size(), eb.size());
        for (std::size_t i = 0; i < ea.size(); ++i) {
            QCOMPARE(ea[i].samples, eb[i].samples);
            // Exact: each sample's augmentation is seeded by (run seed, epoch, sample), not by the thread that runs it.
            QCOMPARE(ea[i].data.size(), eb[i].data.size());
            TL_VERIFY_AT_MOST(differing(ea[i].data.data(), eb[i].data.data(), ea[i].data.size()), 0);
        }
        // Another epoch augments differently.
        const auto next = epoch(a, 3);
        QVERIFY(next[0].data != ea[0].data);
    }

    void cacheBudget() {
        const Files f = makeFiles("ld_cache", 10);
        auto o = smallOptions(5);
        // The cache form of a 48 × 40 image for a 36-pixel shorter side is 43 × 36 × 3 bytes.
        const std::size_t entry = 43 * 36 * 3;
        o.cacheBytes = 8 * entry + entry / 2;  // room for 8
        tl::BatchLoader loader(f.paths, f.labels, o);
        for (int e = 0; e < 3; ++e) {
            epoch(loader, e);
            const tl::CacheStats s = loader.cacheStats();
            QVERIFY2(s.bytes <= o.cacheBytes, qPrintable(QStringLiteral("%1 > %2").arg(s.bytes).arg(o.cacheBytes)));
            QCOMPARE(s.entries, std::size_t{8});
            QCOMPARE(s.bytes, 8 * entry);
        }
        QVERIFY(loader.cacheStats().evictions > 0);

        // With room for all, later epochs decode nothing.
        o.cacheBytes = std::size_t{64} << 20;
        tl::BatchLoader roomy(f.paths, f.labels, o);
        for (int e = 0; e < 3; ++e) epoch(roomy, e);
        QCOMPARE(roomy.cacheStats().misses, std::size_t{30});
        QCOMPARE(roomy.cacheStats().hits, std::size_t{60});
        QCOMPARE(roomy.cacheStats().evictions, std::size_t{0});

        o.cacheBytes = 0;  // no cache at all
        tl::BatchLoader none(f.paths, f.labels, o);
        epoch(none, 0);
        QCOMPARE(none.cacheStats().entries, std::size_t{0});
    }

    void reducedDecoding() {
        // A camera-sized JPEG needs only a 36-pixel shorter side: decoded at 1/8, the crop stays close.
        const fs::path dir = dsmaker::freshDir("ld_reduced");
        cv::Mat big;
        cv::resize(dsmaker::pattern(0, 1), big, cv::Size(1600, 1200), 0, 0, cv::INTER_CUBIC);
        dsmaker::write(dir / "big.jpg", big, 95);
        const std::vector<std::string> paths{(dir / "big.jpg").string()};
        auto o = smallOptions(1);
        tl::BatchLoader fast(paths, {0}, o);
        o.reducedDecode = false;
        tl::BatchLoader exact(paths, {0}, o);
        const auto a = epoch(fast, 0), b = epoch(exact, 0);
        double worst = 0, total = 0;
        for (std::size_t i = 0; i < a[0].data.size(); ++i) {
            const double d = std::abs(a[0].data[i] - b[0].data[i]) * 0.226 * 255.0;  // back to 8-bit levels
            worst = std::max(worst, d);
            total += d;
        }
        qInfo("reduced decoding vs full: mean %.2f, worst %.1f levels", total / static_cast<double>(a[0].data.size()), worst);
        // 0.226 ≈ torchvision's std (0.229, 0.224, 0.225), so d is in 8-bit levels to ±1.3 %. The 1/8 decode averages
        // 8 × 8 blocks before the 4.2x resize where the full decode is resized 33x by the bilinear filter: two low-pass
        // filters that agree on flat areas and differ by some levels at the pattern's edges. 3 levels of mean is a bar,
        // not a derived bound; the test logs the measured mean and worst.
        TL_VERIFY_BELOW(total / static_cast<double>(a[0].data.size()), 3.0);
        tl::DecodeOptions d;
        d.minShortSide = 36;
        QCOMPARE(tl::readImage(paths[0], d).reduction, 8);
    }

    void badFilesAreReportedNotFatal() {
        Files f = makeFiles("ld_bad", 4);
        const fs::path dir = fs::path(f.paths[0]).parent_path();
        dsmaker::writeText(dir / "text.jpg", "not a JPEG at all");
        {
            // A JPEG cut after its header.
            dsmaker::write(dir / "whole.jpg", dsmaker::pattern(0, 3));
            std::ifstream whole(dir / "whole.jpg", std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(whole)), std::istreambuf_iterator<char>());
            dsmaker::writeText(dir / "cut.jpg", bytes.substr(0, 200));
        }
        for (const char* name : {"text.jpg", "cut.jpg"}) {
            f.paths.push_back((dir / name).string());
            f.labels.push_back(0);
        }
        fs::remove(f.paths[2]);  // removed after the scan: unreadable at load time
        tl::BatchLoader loader(f.paths, f.labels, smallOptions(4));
        for (int e = 0; e < 2; ++e) {
            const auto batches = epoch(loader, e);
            std::size_t delivered = 0;
            for (const auto& b : batches) delivered += static_cast<std::size_t>(b.count);
            QCOMPARE(delivered, f.paths.size() - 3);
        }
        const auto failures = loader.failures();
        QCOMPARE(failures.size(), std::size_t{3});  // each once, although each epoch met them
        std::set<std::string> names;
        for (const auto& fl : failures) {
            names.insert(fs::path(fl.path).filename().string());
            QVERIFY(!fl.reason.empty());
            QCOMPARE(f.paths[fl.sample], fl.path);
        }
        QVERIFY(names.count("text.jpg") && names.count("cut.jpg"));
    }

    void abandonedEpochAndOptions() {
        const Files f = makeFiles("ld_abandon", 10);
        tl::BatchLoader loader(f.paths, f.labels, smallOptions(3));
        loader.startEpoch(0);
        tl::Batch b;
        QVERIFY(loader.next(b));
        const auto whole = epoch(loader, 1);  // restarting mid-epoch gives the new epoch from its start
        QCOMPARE(whole.size(), std::size_t{10});
        QCOMPARE(whole[0].epoch, 1);
        QCOMPARE(whole[0].index, std::size_t{0});
        auto bad = smallOptions(0);
        QVERIFY_THROWS_EXCEPTION(tl::Error, tl::BatchLoader(f.paths, f.labels, bad));
        QVERIFY_THROWS_EXCEPTION(tl::Error, tl::BatchLoader(f.paths, {1, 2}, smallOptions()));
        tl::BatchLoader fresh(f.paths, f.labels, smallOptions());
        QVERIFY_THROWS_EXCEPTION(tl::Error, fresh.next(b));
    }

    void fromAScannedDataset() {
        const fs::path root = dsmaker::freshDir("ld_scan");
        dsmaker::fill(root / "a", 0, 6);
        dsmaker::fill(root / "b", 1, 6, ".jpg");
        const tl::Dataset ds = tl::scanDataset(root.string());
        tl::BatchLoader train(ds.paths(tl::Split::Train), ds.labels(tl::Split::Train), smallOptions(4));
        QCOMPARE(train.size(), ds.size(tl::Split::Train));
        std::size_t n = 0;
        for (const auto& b : epoch(train, 0)) n += static_cast<std::size_t>(b.count);
        QCOMPARE(n, std::size_t{10});
    }
};

QTEST_GUILESS_MAIN(TestLoader)
#include "tst_loader.moc"

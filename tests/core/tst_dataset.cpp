// Folder datasets: both layouts, class order and mapping, the seeded stratified split (stable, and
// stable when a file is added), skipped files with reasons, leakage, imbalance, progress and cancel.
#include "dataset_maker.h"
#include "measured.h"

#include "tl/dataset.h"
#include "tl/error.h"
#include "tl/runtime.h"

#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <map>
#include <set>

namespace fs = std::filesystem;

namespace {

std::map<std::string, tl::Split> splitsOf(const tl::Dataset& ds) {
    std::map<std::string, tl::Split> m;
    for (const auto& s : ds.samples) m[s.path] = s.split;
    return m;
}

bool skippedWith(const tl::Dataset& ds, const std::string& fileEnd, const std::string& reasonPart) {
    for (const auto& s : ds.skipped)
        if (s.path.size() >= fileEnd.size() && s.path.compare(s.path.size() - fileEnd.size(), fileEnd.size(), fileEnd) == 0)
            return s.reason.find(reasonPart) != std::string::npos;
    return false;
}

bool warned(const tl::Dataset& ds, const std::string& part) {
    for (const auto& w : ds.warnings)
        if (w.find(part) != std::string::npos) return true;
    return false;
}

}  // namespace

class TestDataset : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { tl::initRuntime(); }

    void classFoldersStratifiedSplit() {
        const fs::path root = dsmaker::freshDir("ds_classes");
        dsmaker::fill(root / "cat", 0, 10);
        dsmaker::fill(root / "dog", 1, 20, ".jpg");
        dsmaker::fill(root / "fox", 2, 5);
        tl::ScanOptions options;
        options.validationFraction = 0.2;
        const tl::Dataset ds = tl::scanDataset(root.string(), options);
        QCOMPARE(ds.layout, tl::Dataset::Layout::ClassFolders);
        QCOMPARE(ds.classes, (std::vector<std::string>{"cat", "dog", "fox"}));
        QCOMPARE(ds.counts(tl::Split::Validation), (std::vector<std::size_t>{2, 4, 1}));
        QCOMPARE(ds.counts(tl::Split::Train), (std::vector<std::size_t>{8, 16, 4}));
        QCOMPARE(ds.size(tl::Split::Test), std::size_t{0});
        QVERIFY(ds.skipped.empty());
        // Labels follow the class folders.
        for (const auto& s : ds.samples) QCOMPARE(fs::path(s.path).parent_path().filename().string(), ds.classes[static_cast<std::size_t>(s.label)]);

        // The same seed gives the same split; another seed another one, with the same counts.
        const auto first = splitsOf(ds);
        QCOMPARE(splitsOf(tl::scanDataset(root.string(), options)), first);
        options.seed = 7;
        const tl::Dataset other = tl::scanDataset(root.string(), options);
        QVERIFY(splitsOf(other) != first);
        QCOMPARE(other.counts(tl::Split::Validation), ds.counts(tl::Split::Validation));

        // Adding one image moves at most one other image between the splits.
        options.seed = 42;
        for (int extra = 0; extra < 6; ++extra) {
            const auto before = splitsOf(tl::scanDataset(root.string(), options));
            dsmaker::fill(root / "dog", 1, 1, ".jpg", 100 + extra);
            const auto after = splitsOf(tl::scanDataset(root.string(), options));
            QCOMPARE(after.size(), before.size() + 1);
            int moved = 0;
            for (const auto& [path, split] : before) moved += after.at(path) != split;
            QVERIFY2(moved <= 1, qPrintable(QStringLiteral("%1 images changed split").arg(moved)));
        }
    }

    void classOrderAndMapping() {
        const fs::path root = dsmaker::freshDir("ds_order");
        for (const char* name : {"b", "a", "Z", "猫", "a b", "10", "9"}) dsmaker::fill(root / name, 0, 2);
        const tl::Dataset ds = tl::scanDataset(root.string());
        // Python's sorted(): by code point (upper case before lower case, "10" before "9").
        QCOMPARE(ds.classes, (std::vector<std::string>{"10", "9", "Z", "a", "a b", "b", "猫"}));
        const auto map = nlohmann::json::parse(ds.classMapJson());
        QCOMPARE(map["class_to_idx"]["猫"].get<int>(), 6);
        QCOMPARE(map["class_to_idx"]["10"].get<int>(), 0);
        QCOMPARE(tl::parseClassMap(ds.classMapJson(), "classes.json"), ds.classes);
        QVERIFY_THROWS_EXCEPTION(tl::Error, tl::parseClassMap("{\"x\": 1}", "classes.json"));
    }

    void splitFoldersLayout() {
        const fs::path root = dsmaker::freshDir("ds_splits");
        dsmaker::fill(root / "train" / "cats", 0, 6);
        dsmaker::fill(root / "train" / "dogs", 1, 4);
        dsmaker::fill(root / "val" / "cats", 0, 2, ".png", 50);
        dsmaker::fill(root / "val" / "dogs", 1, 3, ".png", 50);
        dsmaker::fill(root / "val" / "birds", 2, 2, ".png", 50);  // not a training class
        dsmaker::fill(root / "test" / "dogs", 1, 2, ".png", 80);
        dsmaker::fill(root / "train" / "dogs" / "nested", 1, 1, ".png", 90);  // sub-folders count, as os.walk
        const tl::Dataset ds = tl::scanDataset(root.string());
        QCOMPARE(ds.layout, tl::Dataset::Layout::SplitFolders);
        QCOMPARE(ds.classes, (std::vector<std::string>{"cats", "dogs"}));
        QCOMPARE(ds.counts(tl::Split::Train), (std::vector<std::size_t>{6, 5}));
        QCOMPARE(ds.counts(tl::Split::Validation), (std::vector<std::size_t>{2, 3}));
        QCOMPARE(ds.counts(tl::Split::Test), (std::vector<std::size_t>{0, 2}));
        QVERIFY(warned(ds, "'birds'"));
        QVERIFY(skippedWith(ds, "birds/img_050.png", "not in the training split"));
        QVERIFY(warned(ds, "class 'cats' has no") == false);

        // Without a validation folder, validation is held out of train/ and the user is told.
        fs::remove_all(root / "val");
        const tl::Dataset carved = tl::scanDataset(root.string());
        QVERIFY(carved.size(tl::Split::Validation) > 0);
        QVERIFY(warned(carved, "no validation folder"));
    }

    void skippedFilesAndWarnings() {
        const fs::path root = dsmaker::freshDir("ds_bad");
        dsmaker::fill(root / "good", 0, 20);
        dsmaker::fill(root / "small", 1, 4);
        dsmaker::writeText(root / "good" / "notes.txt", "not an image");
        dsmaker::writeText(root / "good" / "empty.jpg", "");
        dsmaker::writeText(root / "good" / "text.jpg", "this is text, not a JPEG");
        dsmaker::writePngHeader(root / "good" / "huge.png", 20000, 20000);
        dsmaker::writeText(root / "good" / ".DS_Store", "hidden files are not data");
        fs::create_directories(root / "nothing");
        dsmaker::writeText(root / "README.txt", "loose file");
        tl::ScanOptions options;
        const tl::Dataset ds = tl::scanDataset(root.string(), options);
        QCOMPARE(ds.classes, (std::vector<std::string>{"good", "nothing", "small"}));
        QCOMPARE(ds.size(tl::Split::Train) + ds.size(tl::Split::Validation), std::size_t{24});
        QCOMPARE(ds.skipped.size(), std::size_t{4});
        QVERIFY(skippedWith(ds, "notes.txt", "not an image"));
        QVERIFY(skippedWith(ds, "empty.jpg", "empty file"));
        QVERIFY(skippedWith(ds, "text.jpg", "not a readable image"));
        QVERIFY(skippedWith(ds, "huge.png", "over the pixel limit: 20000×20000"));
        QVERIFY(warned(ds, "class 'nothing' has no training images"));
        QVERIFY(warned(ds, "not in a class folder"));
        QCOMPARE(ds.emptyClasses(tl::Split::Train), std::vector<std::string>{"nothing"});
        QCOMPARE(ds.imbalanceRatio(), 0.0);  // a class without images (exact: returned as the literal 0.0)

        fs::remove_all(root / "nothing");
        const tl::Dataset two = tl::scanDataset(root.string(), options);
        QCOMPARE(two.imbalanceRatio(), 16.0 / 3.0);  // exact: the same double division of the same counts
        QVERIFY(warned(two, "imbalanced"));
        const auto report = nlohmann::json::parse(two.reportJson());
        QCOMPARE(report["classes"][0]["train"].get<int>(), 16);
        QCOMPARE(report["skipped"].size(), std::size_t{4});
        QCOMPARE(report["layout"].get<std::string>(), std::string("class_folders"));
    }

    void leakageBetweenSplits() {
        const fs::path root = dsmaker::freshDir("ds_leak");
        const auto train = dsmaker::fill(root / "train" / "a", 0, 4);
        dsmaker::fill(root / "validation" / "a", 0, 2, ".png", 20);
        fs::copy_file(train[1], root / "validation" / "a" / "copy_of_1.png");
        fs::create_directories(root / "test" / "a");
        fs::copy_file(train[2], root / "test" / "a" / "copy_of_2.png");
        const tl::Dataset ds = tl::scanDataset(root.string());
        QCOMPARE(ds.leakage.size(), std::size_t{2});
        std::set<std::string> others;
        for (const auto& l : ds.leakage) others.insert(fs::path(l.otherPath).filename().string());
        QCOMPARE(others, (std::set<std::string>{"copy_of_1.png", "copy_of_2.png"}));
        QVERIFY(warned(ds, "leakage"));
        tl::ScanOptions fast;
        fast.detectLeakage = false;
        QVERIFY(tl::scanDataset(root.string(), fast).leakage.empty());
    }

    void progressAndCancel() {
        const fs::path root = dsmaker::freshDir("ds_progress");
        dsmaker::fill(root / "a", 0, 40);
        dsmaker::fill(root / "b", 1, 40);
        std::vector<std::size_t> seen;
        tl::scanDataset(root.string(), {}, [&](const tl::ScanProgress& p) {
            seen.push_back(p.done);
            return p.total == 80;
        });
        QVERIFY(seen.size() >= 3);
        QCOMPARE(seen.back(), std::size_t{80});
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        int calls = 0;
        QVERIFY_THROWS_EXCEPTION(tl::Cancelled, tl::scanDataset(root.string(), {}, [&](const tl::ScanProgress&) { return ++calls < 2; }));
        QCOMPARE(calls, 2);
    }

    void errors() {
        QVERIFY_THROWS_EXCEPTION(tl::Error, tl::scanDataset("/no/such/dataset"));
        const fs::path empty = dsmaker::freshDir("ds_empty");
        try {
            tl::scanDataset(empty.string());
            QFAIL("an empty folder was accepted");
        } catch (const tl::Error& e) {
            QVERIFY(std::string(e.what()).find("no class folders") != std::string::npos);
        }
        tl::ScanOptions bad;
        bad.validationFraction = 1.0;
        QVERIFY_THROWS_EXCEPTION(tl::Error, tl::scanDataset(empty.string(), bad));
    }
};

QTEST_GUILESS_MAIN(TestDataset)
#include "tst_dataset.moc"

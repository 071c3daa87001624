// The one atomic writer (io/atomic_file.h) that model files, run files, imported weights and Keras exports go
// through: the target holds the old content or the whole new one, never a torn file; the temporary file is
// hidden, beside the target, and gone after a commit or a failure; the file is readable by others (0644); a
// library that opens files by name (HDF5) writes to tempPath().
#include "io/atomic_file.h"
#include "thrown.h"

#include "tl/error.h"

#include <QtTest/QtTest>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

fs::path freshDir(const char* name) {
    const fs::path dir = fs::path(qEnvironmentVariable("TL_TEST_TMP").toStdString()) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string contents(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int entries(const fs::path& dir) { return static_cast<int>(std::distance(fs::directory_iterator(dir), fs::directory_iterator())); }

}  // namespace

class TestAtomicFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void replacesWholeOrNotAtAll() {
        const fs::path dir = freshDir("atomic_replace");
        const fs::path target = dir / "model.safetensors";
        std::ofstream(target) << "old";
        {
            tl::io::AtomicFile file(target.string());
            QVERIFY(fs::path(file.tempPath()).parent_path() == dir);
            QVERIFY2(fs::path(file.tempPath()).filename().string().rfind(".model.safetensors.tmp-", 0) == 0, file.tempPath().c_str());
            file.write("new, half");
            QCOMPARE(contents(target), std::string("old"));  // not yet
        }                                                    // no commit: the old file stays, the temporary one is gone
        QCOMPARE(contents(target), std::string("old"));
        QCOMPARE(entries(dir), 1);

        tl::io::AtomicFile file(target.string());
        file.write("new, whole");
        file.commit();
        QCOMPARE(contents(target), std::string("new, whole"));
        QCOMPARE(entries(dir), 1);
        struct stat st {};
        QCOMPARE(::stat(target.c_str(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0644u);  // readable by others, as a file the user saves
        TL_VERIFY_ERROR_NAMING(file.commit(), (QStringList{QString::fromStdString(target.string()), "already committed"}));
    }

    void byPathForLibraries() {
        const fs::path dir = freshDir("atomic_by_path");
        const fs::path target = dir / "weights.h5";
        {
            tl::io::AtomicFile file(target.string(), tl::io::AtomicFile::Mode::ByPath);
            TL_VERIFY_ERROR_NAMING(file.write("x"), (QStringList{QString::fromStdString(target.string()), "written by path"}));
            std::ofstream(file.tempPath(), std::ios::trunc) << "written by a library";
            file.commit();
        }
        QCOMPARE(contents(target), std::string("written by a library"));
        QCOMPARE(entries(dir), 1);
        {
            tl::io::AtomicFile abandoned(target.string(), tl::io::AtomicFile::Mode::ByPath);
            std::ofstream(abandoned.tempPath(), std::ios::trunc) << "the library failed half-way";
        }
        QCOMPARE(contents(target), std::string("written by a library"));
        QCOMPARE(entries(dir), 1);
    }

    void failuresNameTheFile() {
        const fs::path dir = freshDir("atomic_errors");
        const std::string missing = (dir / "no_such_folder" / "file").string();
        TL_VERIFY_ERROR_NAMING(tl::io::AtomicFile{missing}, (QStringList{QString::fromStdString(missing), "cannot create a file here"}));
        // A folder where the file should go: the rename fails, the target stays, nothing is left behind.
        const fs::path taken = dir / "taken";
        fs::create_directories(taken / "inside");
        tl::io::AtomicFile file(taken.string());
        file.write("x");
        TL_VERIFY_ERROR_NAMING(file.commit(), (QStringList{QString::fromStdString(taken.string()), "cannot replace the file"}));
        QVERIFY(fs::is_directory(taken / "inside"));
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomic_file.moc"

// Process-wide runtime set-up: threads, allocator, the facts reported to About and `info`.
#include "tl/error.h"
#include "tl/runtime.h"
#include "tl/version.h"

#include <QtTest/QtTest>

#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <thread>

class TestRuntime : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void threadsDefaultToAllCores() {
        const tl::RuntimeInfo info = tl::initRuntime();
        const int cores = std::max(1u, std::thread::hardware_concurrency());
        QCOMPARE(info.cores, cores);
        QCOMPARE(info.intraOpThreads, cores);
    }

    void threadsCanBeSet() {
        tl::RuntimeOptions options;
        options.threads = 1;
        QCOMPARE(tl::initRuntime(options).intraOpThreads, 1);
        options.threads = 3;
        QCOMPARE(tl::initRuntime(options).intraOpThreads, 3);
        QCOMPARE(tl::runtimeInfo().intraOpThreads, 3);
        tl::initRuntime();
    }

    void largeBlocksStayOffMmap() {
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer replaces malloc: mallopt has no effect in this build");
#endif
        tl::initRuntime();
        QVERIFY(tl::runtimeInfo().allocatorConfigured);
        // A 64 MiB block would be mmap'ed by glibc's defaults (threshold 128 KiB..32 MiB).
        const auto before = mallinfo2();
        void* block = std::malloc(64u << 20);
        QVERIFY(block != nullptr);
        std::memset(block, 1, 64u << 20);
        const auto during = mallinfo2();
        QCOMPARE(during.hblks, before.hblks);
        QCOMPARE(during.hblkhd, before.hblkhd);
        std::free(block);
        tl::releaseMemory();
    }

    void reportsVersionsAndDevice() {
        const tl::RuntimeInfo info = tl::runtimeInfo();
        QCOMPARE(QString::fromStdString(info.appVersion), QString::fromLatin1(tl::kVersion));
        QVERIFY(QString::fromStdString(info.torchVersion).contains(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+$"))));
        QVERIFY(QString::fromStdString(info.opencvVersion).startsWith(QLatin1Char('4')));
        if (!info.cudaAvailable) {
            QCOMPARE(QString::fromStdString(info.device), QStringLiteral("cpu"));
            QCOMPARE(info.cudaDeviceCount, 0);
        }
        QVERIFY(!info.deviceName.empty());
        const QString text = QString::fromStdString(tl::describe(info));
        QVERIFY(text.contains(QStringLiteral("LibTorch ") + QString::fromStdString(info.torchVersion)));
        QVERIFY(text.contains(QStringLiteral("OpenCV ") + QString::fromStdString(info.opencvVersion)));
        QVERIFY(text.contains(QStringLiteral("CUDA: ")));
    }

    void errorNamesThePlace() {
        const tl::Error e("weights/resnet50.pth", "truncated file");
        QCOMPARE(QString::fromUtf8(e.what()), QStringLiteral("weights/resnet50.pth: truncated file"));
        QCOMPARE(QString::fromStdString(e.where()), QStringLiteral("weights/resnet50.pth"));
        const tl::Error plain("no place");
        QCOMPARE(QString::fromUtf8(plain.what()), QStringLiteral("no place"));
        QVERIFY(plain.where().empty());
    }
};

QTEST_GUILESS_MAIN(TestRuntime)
#include "tst_runtime.moc"

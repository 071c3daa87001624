// The compat header is the one place that knows LibTorch versions apart; check it on the one we build with.
#include "compat/torch_compat.h"

#include "tl/runtime.h"

#include <QtTest/QtTest>

class TestTorchCompat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { tl::initRuntime(); }

    void versionMatchesHeaders() {
        QCOMPARE(QString::fromStdString(tl::compat::torchVersion()), QString::fromStdString(tl::runtimeInfo().torchVersion));
        QVERIFY(TL_TORCH_AT_LEAST(1, 13));
        QVERIFY(!TL_TORCH_AT_LEAST(99, 0));
    }

    void cudaNameIsEmptyWithoutCuda() {
        if (torch::cuda::is_available()) QSKIP("a GPU is present: covered by the GPU scripts");
        QVERIFY(tl::compat::cudaDeviceName(0).empty());
    }

    void autocastGuardOnCpuComputesInBfloat16AndRestores() {
        const auto cpu = c10::DeviceType::CPU;
        QVERIFY(!tl::compat::autocastEnabled(cpu));
        const auto a = torch::randn({8, 8});
        {
            tl::compat::AutocastGuard guard(cpu, true, torch::kBFloat16);
            QVERIFY(tl::compat::autocastEnabled(cpu));
            QCOMPARE(tl::compat::autocastDtype(cpu), torch::kBFloat16);
            QCOMPARE(torch::mm(a, a).scalar_type(), torch::kBFloat16);
        }
        QVERIFY(!tl::compat::autocastEnabled(cpu));
        QCOMPARE(torch::mm(a, a).scalar_type(), torch::kFloat32);
        // Off, the guard leaves the dtype alone: a run configured for fp16 (a GPU setting) trains on the CPU
        // in fp32, and CPU autocast refuses fp16 as its dtype even when off.
        const auto before = tl::compat::autocastDtype(cpu);
        {
            tl::compat::AutocastGuard guard(cpu, false, torch::kHalf);
            QVERIFY(!tl::compat::autocastEnabled(cpu));
            QCOMPARE(tl::compat::autocastDtype(cpu), before);
            QCOMPARE(torch::mm(a, a).scalar_type(), torch::kFloat32);
        }
        QCOMPARE(tl::compat::autocastDtype(cpu), before);
    }
};

QTEST_GUILESS_MAIN(TestTorchCompat)
#include "tst_torch_compat.moc"

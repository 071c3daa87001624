// The model tree of the training area: checking a layer sets everything under it, mixed children show the
// partial state, the footer counts follow, presets set the boxes exactly as core's freeze plans freeze the
// parameters, and the boxes come back as the plan the trainer runs (a preset, or the fewest module paths).
#include "train/layertreemodel.h"
#include "train/modelpanel.h"

#include "tl/freeze.h"
#include "tl/model.h"
#include "tl/runtime.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QSignalSpy>
#include <QTreeView>
#include <QColor>
#include <QtTest/QtTest>

using tl::ui::LayerTreeModel;

namespace {

tl::FreezePlan plan(const std::string& preset, int firstN = 0) {
    tl::FreezePlan p;
    p.preset = preset;
    p.firstN = firstN;
    return p;
}

void fill(LayerTreeModel& tree, const tl::Model& model) {
    tree.setLayers(model.summary(64), model.headPath(), tl::lastBlockModules(model), tl::leafModules(model));
}

}  // namespace

class TestLayerTree : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { tl::initRuntime(); }

    void structureAndCounts() {
        const tl::Model model = tl::Model::create("resnet18", 5);
        LayerTreeModel tree;
        QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
        fill(tree, model);
        // torchvision's top level: conv1, bn1, relu, maxpool, layer1..4, avgpool, fc.
        QCOMPARE(tree.rowCount(), 10);
        QCOMPARE(tree.index(9, LayerTreeModel::LayerColumn).data().toString(), QStringLiteral("fc"));
        const QModelIndex layer4 = tree.indexOf(QStringLiteral("layer4"));
        QCOMPARE(tree.rowCount(layer4), 2);
        QCOMPARE(tree.parent(tree.indexOf(QStringLiteral("layer4.1.conv2"))), tree.indexOf(QStringLiteral("layer4.1")));
        QCOMPARE(tree.indexOf(QStringLiteral("layer4.1.conv2"), LayerTreeModel::ShapeColumn).data().toString(), QStringLiteral("512 × 2 × 2"));
        QCOMPARE(tree.indexOf(QStringLiteral("fc"), LayerTreeModel::TypeColumn).data().toString(), QStringLiteral("Linear"));
        // A layer without parameters has no box.
        QVERIFY(!tree.indexOf(QStringLiteral("relu"), LayerTreeModel::TrainableColumn).data(Qt::CheckStateRole).isValid());
        QVERIFY(!(tree.flags(tree.indexOf(QStringLiteral("relu"), LayerTreeModel::TrainableColumn)) & Qt::ItemIsUserCheckable));
        QCOMPARE(tree.totalParams(), model.parameterCount());
        QCOMPARE(tree.trainableParams(), tree.totalParams());
        QCOMPARE(tree.leafCount(), static_cast<int>(tl::leafModules(model).size()));
    }

    void checkingPropagates() {
        const tl::Model model = tl::Model::create("resnet18", 5);
        LayerTreeModel tree;
        QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
        fill(tree, model);
        QSignalSpy counts(&tree, &LayerTreeModel::trainableChanged);
        QSignalSpy changed(&tree, &QAbstractItemModel::dataChanged);
        const auto state = [&](const char* path) { return tree.trainableState(QString::fromLatin1(path)); };
        const auto params = [&](const char* path) {
            return tree.indexOf(QString::fromLatin1(path), LayerTreeModel::ParamsColumn)
                .data()
                .toString()
                .remove(QLocale().groupSeparator())
                .toLongLong();
        };

        // Unchecking a parent, as a click in the view does (setData with the check state role).
        QVERIFY(tree.setData(tree.indexOf(QStringLiteral("layer4"), LayerTreeModel::TrainableColumn), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(state("layer4"), Qt::Unchecked);
        QCOMPARE(state("layer4.1"), Qt::Unchecked);
        QCOMPARE(state("layer4.1.conv1"), Qt::Unchecked);
        QCOMPARE(state("layer3"), Qt::Checked);
        QCOMPARE(counts.size(), 1);
        QCOMPARE(counts.last().at(1).toLongLong(), tree.totalParams() - params("layer4"));
        QVERIFY(!changed.isEmpty());
        // A frozen row is tinted in every column (and the change reached the whole row); a trainable one is not.
        const auto tint = [&](const char* path, int column) { return tree.indexOf(QString::fromLatin1(path), column).data(Qt::BackgroundRole); };
        for (int column = 0; column < LayerTreeModel::ColumnCount; ++column) {
            QCOMPARE(tint("layer4.1.conv1", column).value<QColor>(), LayerTreeModel::frozenTint());
            QVERIFY(!tint("layer3", column).isValid());
        }
        const auto rowChanged = [&](const char* path) {
            const QModelIndex first = tree.indexOf(QString::fromLatin1(path), LayerTreeModel::LayerColumn);
            for (const auto& call : changed) {
                const auto tl = call.at(0).value<QModelIndex>(), br = call.at(1).value<QModelIndex>();
                if (tl.parent() == first.parent() && tl.row() <= first.row() && first.row() <= br.row() && tl.column() == 0 &&
                    br.column() == LayerTreeModel::TrainableColumn)
                    return true;
            }
            return false;
        };
        QVERIFY(rowChanged("layer4") && rowChanged("layer4.1.conv1"));
        // One child back on: its parents are partial.
        QVERIFY(tree.setTrainable(QStringLiteral("layer4.1.conv1"), true));
        QCOMPARE(state("layer4.1.conv1"), Qt::Checked);
        QCOMPARE(state("layer4.1"), Qt::PartiallyChecked);
        QCOMPARE(state("layer4"), Qt::PartiallyChecked);
        QCOMPARE(state("layer4.0"), Qt::Unchecked);
        QCOMPARE(tree.indexOf(QStringLiteral("layer4"), LayerTreeModel::TrainableColumn).data(Qt::CheckStateRole).toInt(), int(Qt::PartiallyChecked));
        QCOMPARE(tree.trainableParams(), tree.totalParams() - params("layer4") + params("layer4.1.conv1"));
        // Checking a partial parent checks all of it.
        QVERIFY(tree.setData(tree.indexOf(QStringLiteral("layer4"), LayerTreeModel::TrainableColumn), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(state("layer4.0.bn2"), Qt::Checked);
        QCOMPARE(tree.trainableParams(), tree.totalParams());
        QVERIFY(!tree.setTrainable(QStringLiteral("no.such.layer"), false));
        QVERIFY(!tree.setTrainable(QStringLiteral("relu"), false));  // no parameters
    }

    void presetsEqualCoreFreezePlans_data() {
        QTest::addColumn<QString>("arch");
        QTest::newRow("resnet18") << "resnet18";
        QTest::newRow("mobilenet_v2") << "mobilenet_v2";
        QTest::newRow("vgg16") << "vgg16";
    }

    void presetsEqualCoreFreezePlans() {
        QFETCH(QString, arch);
        tl::Model model = tl::Model::create(arch.toStdString(), 4);
        LayerTreeModel tree;
        fill(tree, model);
        for (const auto& p : {plan("head_only"), plan("last_block"), plan("first_n", 10), plan("all"), plan("head_only")}) {
            tree.applyPlan(p);
            const tl::FreezeResult r = tl::applyFreezePlan(model, p);
            QCOMPARE(tree.trainableParams(), r.trainable);
            QCOMPARE(tree.nonTrainableParams(), r.frozen);
            QCOMPARE(tree.freezePlan().preset, p.preset);
            QCOMPARE(tree.freezePlan().firstN, p.firstN);
        }
        QCOMPARE(tree.trainableState(QString::fromStdString(model.headPath())), Qt::Checked);
    }

    void boxesBecomeAPlan() {
        tl::Model model = tl::Model::create("resnet18", 3);
        LayerTreeModel tree;
        fill(tree, model);
        tree.applyPlan(plan("all"));
        // Edits: the stem and layer1 frozen, and one block of layer2.
        for (const char* path : {"conv1", "bn1", "layer1", "layer2.0"}) QVERIFY(tree.setTrainable(QString::fromLatin1(path), false));
        const tl::FreezePlan custom = tree.freezePlan();
        QCOMPARE(custom.preset, std::string("custom"));
        QCOMPARE(custom.frozen, (std::vector<std::string>{"conv1", "bn1", "layer1", "layer2.0"}));
        QCOMPARE(tl::applyFreezePlan(model, custom).trainable, tree.trainableParams());
        // Freezing the rest by hand gives back a preset.
        for (const char* path : {"layer2", "layer3", "layer4"}) QVERIFY(tree.setTrainable(QString::fromLatin1(path), false));
        QCOMPARE(tree.freezePlan().preset, std::string("head_only"));
        // Freezing child by child still gives the fewest paths: all of layer3's blocks frozen → "layer3".
        tree.applyPlan(plan("all"));
        QVERIFY(tree.setTrainable(QStringLiteral("layer3.0"), false));
        QVERIFY(tree.setTrainable(QStringLiteral("layer3.1"), false));
        QCOMPARE(tree.freezePlan().frozen, (std::vector<std::string>{"layer3"}));
        // A plan read back from a config shows as boxes.
        tl::FreezePlan saved = plan("custom");
        saved.frozen = {"layer1", "layer2.1.conv2"};
        tree.applyPlan(saved);
        QCOMPARE(tree.trainableState(QStringLiteral("layer2")), Qt::PartiallyChecked);
        QCOMPARE(tree.trainableState(QStringLiteral("layer1")), Qt::Unchecked);
        QCOMPARE(tree.freezePlan().frozen, saved.frozen);
    }

    void viewShowsTheTree() {
        const tl::Model model = tl::Model::create("resnet18", 5);
        LayerTreeModel tree;
        fill(tree, model);
        QTreeView view;
        view.setModel(&tree);
        view.expandAll();
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // A click on layer1's box in the view unchecks it and everything under it.
        const QModelIndex box = tree.indexOf(QStringLiteral("layer1"), LayerTreeModel::TrainableColumn);
        view.scrollTo(box);
        const QRect rect = view.visualRect(box);
        QVERIFY(rect.isValid());
        QStyleOptionViewItem option;
        option.initFrom(&view);
        option.rect = rect;
        option.features |= QStyleOptionViewItem::HasCheckIndicator;
        const QRect check = view.style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, &view);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, check.center());
        QCOMPARE(tree.trainableState(QStringLiteral("layer1")), Qt::Unchecked);
        QCOMPARE(tree.trainableState(QStringLiteral("layer1.0.conv1")), Qt::Unchecked);
    }

    void panelDrivesThePlan() {
        tl::Model model = tl::Model::create("resnet18", 3);
        tl::ui::ModelPanel panel;
        QSignalSpy planChanged(&panel, &tl::ui::ModelPanel::planChanged);
        panel.setModel(model, model.summary(64), {QStringLiteral("cat"), QStringLiteral("dog"), QStringLiteral("horse")});
        panel.resize(900, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QLocale locale;
        const auto footerSays = [&](std::int64_t trainable) {
            return panel.footer()->text().contains(QStringLiteral("Trainable: ") + locale.toString(static_cast<qlonglong>(trainable)));
        };
        // The first preset: the head only (512 × 3 + 3 parameters).
        QCOMPARE(panel.freezePlan().preset, std::string("head_only"));
        QVERIFY2(footerSays(1539), qPrintable(panel.footer()->text()));
        // Another preset from the menu.
        panel.presets()->setCurrentIndex(panel.presets()->findData(QStringLiteral("last_block")));
        QCOMPARE(panel.freezePlan().preset, std::string("last_block"));
        QVERIFY(footerSays(tl::applyFreezePlan(model, panel.freezePlan()).trainable));
        // Freeze the first N layers: N from the spin box.
        panel.presets()->setCurrentIndex(panel.presets()->findData(QStringLiteral("first_n")));
        QVERIFY(panel.firstN()->isEnabled());
        panel.firstN()->setValue(7);
        QCOMPARE(panel.freezePlan().preset, std::string("first_n"));
        QCOMPARE(panel.freezePlan().firstN, 7);
        QVERIFY(footerSays(tl::applyFreezePlan(model, panel.freezePlan()).trainable));
        // The filter keeps matching layers and their parents.
        panel.presets()->setCurrentIndex(panel.presets()->findData(QStringLiteral("all")));
        QTest::keyClicks(panel.filter(), QStringLiteral("layer4.1.conv"));
        QAbstractItemModel* shown = panel.view()->model();
        QCOMPARE(shown->rowCount(), 1);
        QCOMPARE(shown->index(0, 0).data().toString(), QStringLiteral("layer4"));
        // A box unchecked in the (filtered) view: the menu says "custom", the plan names the layer.
        const QModelIndex block = shown->index(0, 0);
        const QModelIndex inner = shown->index(0, 0, block);  // layer4.1
        QCOMPARE(inner.data().toString(), QStringLiteral("layer4.1"));
        const QModelIndex conv = shown->index(0, tl::ui::LayerTreeModel::TrainableColumn, inner);  // layer4.1.conv1
        planChanged.clear();
        QVERIFY(shown->setData(conv, Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(panel.presets()->currentData().toString(), QStringLiteral("custom"));
        QCOMPARE(panel.freezePlan().frozen, (std::vector<std::string>{"layer4.1.conv1"}));
        QVERIFY(!planChanged.isEmpty());
        // The head.
        tl::HeadConfig mlp;
        mlp.kind = "mlp";
        mlp.hidden = 128;
        mlp.dropout = 0.25;
        panel.setHead(mlp);
        QCOMPARE(panel.head().kind, std::string("mlp"));
        QCOMPARE(panel.head().hidden, 128);
        QCOMPARE(panel.head().dropout, 0.25);  // exact: 0.25 through the 2-decimal dropout spin box and back
        // A saved plan shows in the menu and the boxes.
        panel.setFreezePlan(plan("last_block"));
        panel.filter()->clear();
        panel.view()->expandToDepth(1);
        // TL_SCREENSHOT_DIR=DIR keeps a picture of the panel, for a person to look at.
        if (qEnvironmentVariableIsSet("TL_SCREENSHOT_DIR"))
            QVERIFY(panel.grab().save(qEnvironmentVariable("TL_SCREENSHOT_DIR") + QStringLiteral("/model-panel.png")));
        QCOMPARE(panel.presets()->currentData().toString(), QStringLiteral("last_block"));
        QCOMPARE(panel.layers()->trainableState(QStringLiteral("layer4")), Qt::Checked);
        QCOMPARE(panel.layers()->trainableState(QStringLiteral("layer3")), Qt::Unchecked);
    }
};

QTEST_MAIN(TestLayerTree)
#include "tst_layertree.moc"

// The Compare area from a user's side: fine-tuned model files added to the list, a labelled folder
// dataset compared through the Run button (the table's figures are those of evaluating each model alone,
// the Pareto marks are right, numeric columns sort numerically, the chart has a point per model, the export
// is core's CSV / JSON), a model that fails shows its error in its row while the others go on, dropped
// images are classified by every model side by side with the agreement highlighted, and the catalog chart
// has a bubble per catalog model. Models are made at test time (random weights, 48-pixel input).
#include "dataset_maker.h"
#include "measured.h"

#include "common/language.h"
#include "common/settings.h"
#include "compare/comparearea.h"
#include "compare/comparedatasetpage.h"
#include "compare/compareimagespage.h"
#include "compare/comparesession.h"
#include "compare/modelchecklist.h"
#include "compare/comparecharts.h"
#include "compare/comparisonmodel.h"
#include "compare/stalemark.h"
#include "compare/imagecomparisontable.h"

#include "tl/catalog.h"
#include "tl/classifier.h"
#include "tl/compare.h"
#include "tl/dataset.h"
#include "tl/evaluation.h"
#include "tl/model.h"
#include "tl/model_file.h"
#include "tl/preprocess.h"
#include "tl/runtime.h"
#include "tl/weight_store.h"
#include "ui_suite.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QtTest/QtTest>

#include <qcustomplot.h>

#include <functional>

namespace fs = std::filesystem;
using tl::ui::CompareArea;
using tl::ui::CompareSession;
using tl::ui::ComparisonModel;
using tl::ui::ImageComparisonTable;
using tl::ui::ModelChecklist;

namespace {

constexpr int kClasses = 6;  // more than five, so that a cell's top-5 is cut at five

QString str(const fs::path& p) { return QString::fromStdString(p.string()); }

double sortValue(const ComparisonModel* model, int row, int column) { return model->item(row, column)->data(ComparisonModel::SortRole).toDouble(); }

/// The row of model `ref` in the dataset table.
int rowOf(const ComparisonModel* model, const QString& ref) {
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->item(r, ComparisonModel::Name)->data(ComparisonModel::RefRole).toString() == ref) return r;
    return -1;
}

/// The number a cell shows ("87.5%" → 87.5).
double shown(const ComparisonModel* model, int row, int column) {
    QString text = model->item(row, column)->text();
    text.remove(QLatin1Char('%'));
    return text.toDouble();
}

void saveScreenshot(QWidget* widget, const QString& name) {
    if (!qEnvironmentVariableIsSet("TL_SCREENSHOT_DIR")) return;
    QCoreApplication::processEvents();
    QVERIFY(widget->grab().save(qEnvironmentVariable("TL_SCREENSHOT_DIR") + QLatin1Char('/') + name));
}

/// The texts of the buttons and labels on `page`, for finding one and for saying what was there instead.
QStringList shownTexts(const QWidget* page) {
    QStringList texts;
    for (const QPushButton* b : page->findChildren<QPushButton*>()) texts << b->text();
    for (const QLabel* l : page->findChildren<QLabel*>()) texts << l->text();
    return texts;
}

void drop(QWidget* target, const QStringList& files) {
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& f : files) urls << QUrl::fromLocalFile(f);
    mime.setUrls(urls);
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent dropped(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &dropped);
}

}  // namespace

class TestCompareArea : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        uisuite::start("tst_comparearea");
        QSettings().clear();
        tl::ui::settings::setDevice(QStringLiteral("cpu"));
        uisuite::weightStoreWith("cmp", "resnet18");

        data_ = dsmaker::freshDir("cmp_data");
        std::vector<std::string> classes;
        for (int c = 0; c < kClasses; ++c) {
            classes.push_back("kind" + std::to_string(c));
            dsmaker::fill(data_ / classes.back(), c, 8);
        }
        // Three small models on the dataset's classes, random weights: two archs, resnet18 twice.
        const fs::path dir = dsmaker::freshDir("cmp_models");
        const std::pair<const char*, const char*> made[] = {
            {"resnet18-a", "resnet18"}, {"mobilenet-small", "mobilenet_v3_small"}, {"resnet18-b", "resnet18"}};
        for (const auto& [name, arch] : made) {
            const tl::Model model = tl::Model::create(arch, kClasses);
            tl::ModelFileInfo info;
            info.baseModel = arch;
            info.classes = classes;
            info.preprocessing = tl::recipeFor("torchvision", 48);
            const fs::path path = dir / (std::string(name) + ".safetensors");
            tl::saveModelFile(model, path.string(), info);
            modelFiles_ << str(path);
        }
        modelsDir_ = dir;
    }

    void modelListOffersModelsWithWeightsAndModelFiles() {
        CompareArea area;
        QListWidget* list = area.checklist()->list();
        std::vector<tl::ModelSpec> catalog;  // the classifiers (a base without its top is not offered)
        for (const auto& spec : tl::Catalog::builtin().models())
            if (spec.includeTop) catalog.push_back(spec);
        QCOMPARE(list->count(), static_cast<int>(catalog.size()));
        for (int i = 0; i < list->count(); ++i) {
            QListWidgetItem* item = list->item(i);
            const bool here = item->data(ModelChecklist::RefRole).toString() == QStringLiteral("resnet18");
            QCOMPARE(bool(item->flags() & Qt::ItemIsEnabled), here);
            QCOMPARE(item->checkState(), Qt::Unchecked);
            if (!here) QVERIFY2(item->toolTip().contains(QStringLiteral("Classify area")), qPrintable(item->toolTip()));
            if (!here)  // the reason is in the greyed entry itself, not only in its tooltip
                QVERIFY2(item->text().endsWith(QStringLiteral(" · weights not on this machine")), qPrintable(item->text()));
        }
        // Not a model file: refused with a message; the three model files join the list, checked.
        const QString png = str(data_ / "kind0" / "img_000.png");
        QVERIFY(!area.session()->addModelFile(png));
        QCOMPARE(area.checklist()->message()->text(), QStringLiteral("%1 is not a Transfer Studio model file.").arg(QDir::toNativeSeparators(png)));
        for (const QString& f : modelFiles_) QVERIFY(area.session()->addModelFile(f));
        QVERIFY(area.session()->addModelFile(modelFiles_[0]));   // already there: not added twice
        QVERIFY(area.checklist()->message()->text().isEmpty());  // cleared by the next file added
        QCOMPARE(list->count(), static_cast<int>(catalog.size()) + 3);
        QCOMPARE(area.session()->checkedModels(), modelFiles_);
        QCOMPARE(list->item(list->count() - 1)->text(), QStringLiteral("resnet18-b.safetensors"));
        QVERIFY(list->item(list->count() - 1)->toolTip().contains(QStringLiteral("resnet18 fine-tuned")));
        // Remembered: the next start has the same list and checks.
        CompareArea again;
        QCOMPARE(again.checklist()->list()->count(), list->count());
        QCOMPARE(again.session()->checkedModels(), modelFiles_);
    }

    void datasetComparisonMatchesEachModelAlone() {
        CompareArea area;
        area.resize(1280, 900);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        QCOMPARE(area.session()->checkedModels(), modelFiles_);
        area.tabs()->setCurrentWidget(area.datasetPage());
        area.session()->setDatasetFolder(str(data_));
        QSignalSpy done(area.session(), &CompareSession::datasetCompared);
        QTest::mouseClick(area.datasetPage()->runButton(), Qt::LeftButton);
        QVERIFY(area.session()->busy());
        QVERIFY(area.cancelButton()->isVisible());
        QVERIFY(done.wait(120000));
        QCOMPARE(done.first().first().toBool(), true);
        QVERIFY2(area.datasetPage()->message()->text().contains(QStringLiteral("validation")), qPrintable(area.datasetPage()->message()->text()));
        QVERIFY(!area.cancelButton()->isVisible());
        QVERIFY2(QRegularExpression(QStringLiteral("^model [123] of 3: \\d+ / \\d+ images$")).match(area.progressLabel()->text()).hasMatch(),
                 qPrintable(area.progressLabel()->text()));

        // Each row: the figures of evaluating that model file alone on the same split.
        const ComparisonModel* table = area.datasetPage()->model();
        QCOMPARE(table->rowCount(), 3);
        const tl::Dataset dataset = tl::scanDataset(data_.string());
        for (const QString& file : modelFiles_) {
            const int row = rowOf(table, file);
            QVERIFY2(row >= 0, qPrintable(file));
            const tl::Classifier classifier = tl::Classifier::fromModelFile(file.toStdString());
            const tl::LabelledFiles split = tl::labelledFiles(dataset, classifier.labels(), "validation");
            const tl::Evaluation alone = tl::evaluateFiles(classifier, split.paths, split.labels);
            QVERIFY(alone.images > 0);
            // exact: counts / 12 images from the same evaluateFiles, batch 8 and file order (one flipped image is 1/12 apart).
            QCOMPARE(sortValue(table, row, ComparisonModel::Accuracy), alone.accuracy);
            QCOMPARE(sortValue(table, row, ComparisonModel::Top5), alone.top5);
            QCOMPARE(table->item(row, ComparisonModel::Accuracy)->text(), QLocale().toString(alone.accuracy * 100.0, 'f', 1) + QStringLiteral(" %"));
            QCOMPARE(sortValue(table, row, ComparisonModel::Params), static_cast<double>(classifier.model().parameterCount()));
            // Measured at all (timings and a file size); no speed is required, so the bound is 0.
            TL_VERIFY_ABOVE(sortValue(table, row, ComparisonModel::Latency), 0.0);
            TL_VERIFY_ABOVE(sortValue(table, row, ComparisonModel::ImagesPerSecond), 0.0);
            TL_VERIFY_ABOVE(sortValue(table, row, ComparisonModel::WeightsMb), 0.0);
            QVERIFY(table->item(row, ComparisonModel::Error)->text().isEmpty());
            QCOMPARE(table->item(row, ComparisonModel::Name)->text(), QFileInfo(file).fileName());
        }
        QCOMPARE(static_cast<int>(area.session()->datasetComparison().models.size()), 3);

        // ✓ exactly on the models no other row beats on accuracy and latency (and as core marked them).
        int onFront = 0;
        for (int r = 0; r < 3; ++r) {
            const double acc = sortValue(table, r, ComparisonModel::Accuracy), ms = sortValue(table, r, ComparisonModel::Latency);
            bool dominated = false;
            for (int o = 0; o < 3; ++o) {
                const double oAcc = sortValue(table, o, ComparisonModel::Accuracy), oMs = sortValue(table, o, ComparisonModel::Latency);
                if (o != r && oAcc >= acc && oMs <= ms && (oAcc > acc || oMs < ms)) dominated = true;
            }
            const QString mark = table->item(r, ComparisonModel::Pareto)->text();
            QCOMPARE(mark, dominated ? QString() : QStringLiteral("✓"));
            const QString ref = table->item(r, ComparisonModel::Name)->data(ComparisonModel::RefRole).toString();
            for (const auto& m : area.session()->datasetComparison().models)
                if (QString::fromStdString(m.ref) == ref) QCOMPARE(m.pareto, !dominated);
            onFront += dominated ? 0 : 1;
        }
        TL_VERIFY_AT_LEAST(onFront, 1);  // a count: the most accurate of the fastest models is never dominated

        // Sorting by a header click orders numerically, either way.
        QTableView* view = area.datasetPage()->table();
        QHeaderView* header = view->horizontalHeader();
        for (const int column : {int(ComparisonModel::Latency), int(ComparisonModel::Params), int(ComparisonModel::ImagesPerSecond)}) {
            for (int click = 0; click < 2; ++click) {
                const QPoint at(header->sectionViewportPosition(column) + header->sectionSize(column) / 2, header->height() / 2);
                QTest::mouseClick(header->viewport(), Qt::LeftButton, Qt::NoModifier, at);
                QCOMPARE(header->sortIndicatorSection(), column);
                const bool ascending = header->sortIndicatorOrder() == Qt::AscendingOrder;
                for (int r = 1; r < 3; ++r) {
                    const double before = shown(table, r - 1, column), after = shown(table, r, column);
                    QVERIFY2(ascending ? before <= after : before >= after,
                             qPrintable(QStringLiteral("column %1: %2 then %3").arg(column).arg(before).arg(after)));
                }
            }
        }

        // The chart: a labelled point per model, the front through the ✓ models.
        tl::ui::AccuracyLatencyPlot* plot = area.datasetPage()->scatterPlot();
        QCOMPARE(plot->points()->dataCount(), 3);
        QCOMPARE(plot->labels().size(), 3);
        QCOMPARE(plot->front()->dataCount(), onFront);
        QStringList labels;
        for (const QCPItemText* t : plot->labels()) labels << t->text();
        labels.sort();
        QCOMPARE(labels, QStringList({QStringLiteral("mobilenet-small.safetensors"), QStringLiteral("resnet18-a.safetensors"),
                                      QStringLiteral("resnet18-b.safetensors")}));

        // Export: core's CSV and JSON of this comparison, byte for byte; a folder that is not there is named.
        const fs::path out = dsmaker::freshDir("cmp_export");
        QString error;
        QVERIFY2(area.session()->exportCsv(str(out / "c.csv"), &error), qPrintable(error));
        QVERIFY2(area.session()->exportJson(str(out / "c.json"), &error), qPrintable(error));
        QFile csv(str(out / "c.csv")), json(str(out / "c.json"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QByteArray csvBytes = csv.readAll();
        QCOMPARE(csvBytes, QByteArray::fromStdString(tl::comparisonCsv(area.session()->datasetComparison())));
        QCOMPARE(json.readAll(), QByteArray::fromStdString(tl::comparisonJson(area.session()->datasetComparison())));
        QCOMPARE(static_cast<int>(csvBytes.trimmed().count('\n')), 3);  // a header and three models
        for (const char* name : {"resnet18-a", "mobilenet-small", "resnet18-b"}) QVERIFY(csvBytes.contains(name));
        const QString nowhere = str(out / "missing" / "c.csv");
        QVERIFY(!area.session()->exportCsv(nowhere, &error));
        QVERIFY2(error.contains(QStringLiteral("c.csv")), qPrintable(error));
        QVERIFY(area.datasetPage()->exportCsvButton()->isEnabled());

        header->setSortIndicator(ComparisonModel::Accuracy, Qt::DescendingOrder);
        saveScreenshot(&area, QStringLiteral("compare-dataset.png"));

        // Ctrl+R runs it again, Esc cancels: the table keeps the last complete comparison.
        area.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&area));
        done.clear();
        QTest::keyClick(&area, Qt::Key_R, Qt::ControlModifier);
        QVERIFY(area.session()->busy());
        QTest::keyClick(&area, Qt::Key_Escape);
        QVERIFY(done.wait(120000));
        QCOMPARE(done.first().first().toBool(), false);
        QVERIFY2(area.datasetPage()->message()->text().contains(QStringLiteral("cancelled")), qPrintable(area.datasetPage()->message()->text()));
        QCOMPARE(table->rowCount(), 3);
    }

    void failingModelShowsItsErrorAndOthersGoOn() {
        CompareArea area;
        // A model file that disappears after it was added: its row says why; the three others are compared.
        const QString broken = str(modelsDir_ / "gone.safetensors");
        QVERIFY(QFile::copy(modelFiles_[0], broken));
        QVERIFY(area.session()->addModelFile(broken));
        QVERIFY(QFile::remove(broken));
        QSignalSpy done(area.session(), &CompareSession::datasetCompared);
        area.startDatasetComparison(str(data_));
        QVERIFY(done.wait(120000));
        QCOMPARE(done.first().first().toBool(), true);
        const ComparisonModel* table = area.datasetPage()->model();
        QCOMPARE(table->rowCount(), 4);
        const int row = rowOf(table, broken);
        QVERIFY(row >= 0);
        const QString error = table->item(row, ComparisonModel::Error)->text();
        QVERIFY2(error.contains(QStringLiteral("gone.safetensors")), qPrintable(error));
        QVERIFY2(table->item(row, ComparisonModel::Name)->toolTip().contains(error),
                 qPrintable(table->item(row, ComparisonModel::Name)->toolTip() + QStringLiteral(" / ") + error));
        QVERIFY(table->item(row, ComparisonModel::Accuracy)->text().isEmpty());
        QVERIFY(table->item(row, ComparisonModel::Pareto)->text().isEmpty());
        QVERIFY2(area.datasetPage()->message()->text().contains(QStringLiteral("could not be compared")),
                 qPrintable(area.datasetPage()->message()->text()));
        for (const QString& f : modelFiles_) {
            const int r = rowOf(table, f);
            QVERIFY(r >= 0);
            QVERIFY(table->item(r, ComparisonModel::Error)->text().isEmpty());
            TL_VERIFY_ABOVE(sortValue(table, r, ComparisonModel::Latency), 0.0);  // measured at all; no speed required
        }
        QCOMPARE(area.datasetPage()->scatterPlot()->points()->dataCount(), 3);
        area.session()->setModelChecked(broken, false);

        // A folder that is not a dataset: the message names it, nothing else changes.
        done.clear();
        area.startDatasetComparison(str(data_ / "no_such_dataset"));
        QVERIFY(done.wait(60000));
        QCOMPARE(done.first().first().toBool(), false);
        QVERIFY2(area.datasetPage()->message()->text().contains(QStringLiteral("no_such_dataset")),
                 qPrintable(area.datasetPage()->message()->text()));
        QCOMPARE(table->rowCount(), 4);
        // Fewer than two models: refused at once.
        for (const QString& f : modelFiles_.mid(1)) area.session()->setModelChecked(f, false);
        done.clear();
        area.startDatasetComparison(str(data_));
        QVERIFY(!area.session()->busy());
        QVERIFY(area.datasetPage()->message()->text().contains(QStringLiteral("at least two")));
        for (const QString& f : modelFiles_) area.session()->setModelChecked(f, true);
    }

    void droppedImagesAreComparedSideBySide() {
        CompareArea area;
        area.resize(1280, 900);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        QCOMPARE(area.session()->checkedModels(), modelFiles_);
        const QStringList images{str(data_ / "kind0" / "img_000.png"), str(data_ / "kind3" / "img_001.png")};
        QSignalSpy done(area.session(), &CompareSession::imagesCompared);
        drop(&area, images);
        if (QTest::currentTestFailed()) return;
        QVERIFY(done.wait(120000));
        QCOMPARE(done.first().first().toBool(), true);
        QCOMPARE(area.tabs()->currentWidget(), static_cast<QWidget*>(area.imagesPage()));
        checkImagesTable(area, images);
        if (QTest::currentTestFailed()) return;
        // Each cell is what the model gives alone.
        const tl::Classifier first = tl::Classifier::fromModelFile(modelFiles_[0].toStdString());
        const auto alone = first.classifyFiles({images[1].toStdString()});
        const auto* cell = qobject_cast<QLabel*>(area.imagesPage()->resultsTable()->cellWidget(1, 1));
        QVERIFY(cell->text().startsWith(QStringLiteral("<b>") + QString::fromStdString(alone[0].top[0].label)));
        QVERIFY(area.imagesPage()->resultsTable()->item(1, 0)->toolTip() == images[1]);
        // The columns fill the table's width (no empty band on the right).
        const QTableWidget* table = area.imagesPage()->resultsTable();
        int columns = 0;
        for (int c = 0; c < table->columnCount(); ++c) columns += table->columnWidth(c);
        QVERIFY2(columns >= table->viewport()->width() - 1,
                 qPrintable(QStringLiteral("columns %1 px, table %2 px").arg(columns).arg(table->viewport()->width())));
        saveScreenshot(&area, QStringLiteral("compare-images.png"));

        // Two copies of the same network always agree: every row green.
        const QString copy = str(modelsDir_ / "resnet18-a-copy.safetensors");
        QFile::remove(copy);
        QVERIFY(QFile::copy(modelFiles_[0], copy));
        QVERIFY(area.session()->addModelFile(copy));
        area.session()->setModelChecked(modelFiles_[1], false);
        area.session()->setModelChecked(modelFiles_[2], false);
        done.clear();
        drop(&area, images);
        QVERIFY(done.wait(120000));
        QCOMPARE(area.imagesPage()->resultsTable()->columnCount(), 3);
        checkImagesTable(area, images);
        if (QTest::currentTestFailed()) return;
        QCOMPARE(area.imagesPage()->agreementLabel()->text(), QStringLiteral("2 of 2 images: all models agree"));
        area.session()->setModelChecked(copy, false);
        for (const QString& f : modelFiles_) area.session()->setModelChecked(f, true);
    }

    // After a comparison, unticking a model marks the results stale (a line, the results greyed, not cleared);
    // Ctrl+R runs it again and takes the mark off. Dataset page, then Images page.
    void changedModelsMarkTheResultsStale() {
        CompareArea area;
        area.resize(1280, 900);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        QCOMPARE(area.session()->checkedModels(), modelFiles_);
        QListWidget* list = area.checklist()->list();
        QListWidgetItem* third = list->item(area.session()->indexOf(modelFiles_[2]));
        const auto greyed = [&area](QWidget* w) { return area.datasetPage()->staleLine()->greys(w) || area.imagesPage()->staleLine()->greys(w); };
        const QString expected = QStringLiteral("The checked models changed: run the comparison again (Ctrl+R).");

        area.tabs()->setCurrentWidget(area.datasetPage());
        area.session()->setDatasetFolder(str(data_));
        QSignalSpy dataset(area.session(), &CompareSession::datasetCompared);
        QTest::mouseClick(area.datasetPage()->runButton(), Qt::LeftButton);
        QVERIFY(dataset.wait(120000));
        QVERIFY(!area.datasetPage()->resultsStale());
        QVERIFY(!area.datasetPage()->staleLine()->isVisible());
        third->setCheckState(Qt::Unchecked);  // as a click on its box
        QVERIFY2(area.datasetPage()->staleLine()->isVisible() && area.datasetPage()->staleLine()->text() == expected,
                 qPrintable(QStringLiteral("stale line visible %1, \"%2\" (expected visible, \"%3\")")
                                .arg(area.datasetPage()->staleLine()->isVisible())
                                .arg(area.datasetPage()->staleLine()->text(), expected)));
        QVERIFY(greyed(area.datasetPage()->table()));
        QVERIFY(greyed(area.datasetPage()->scatterPlot()));
        QCOMPARE(area.datasetPage()->model()->rowCount(), 3);  // greyed, not cleared
        third->setCheckState(Qt::Checked);                     // back to the models shown: not stale
        QVERIFY(!area.datasetPage()->resultsStale());
        third->setCheckState(Qt::Unchecked);
        QVERIFY(area.datasetPage()->resultsStale());
        dataset.clear();
        QTest::keyClick(&area, Qt::Key_R, Qt::ControlModifier);
        QVERIFY(dataset.wait(120000));
        QCOMPARE(area.datasetPage()->model()->rowCount(), 2);
        QVERIFY(!area.datasetPage()->staleLine()->isVisible());
        QVERIFY2(!greyed(area.datasetPage()->table()) && !greyed(area.datasetPage()->scatterPlot()), "the results are still greyed after Ctrl+R");
        third->setCheckState(Qt::Checked);

        const QStringList images{str(data_ / "kind0" / "img_000.png"), str(data_ / "kind3" / "img_001.png")};
        QSignalSpy compared(area.session(), &CompareSession::imagesCompared);
        area.addImages(images);
        QVERIFY(compared.wait(120000));
        QVERIFY(!area.imagesPage()->resultsStale());
        third->setCheckState(Qt::Unchecked);
        QVERIFY2(area.imagesPage()->staleLine()->isVisible() && area.imagesPage()->staleLine()->text() == expected,
                 qPrintable(area.imagesPage()->staleLine()->text()));
        QVERIFY(greyed(area.imagesPage()->resultsTable()));
        QCOMPARE(area.imagesPage()->resultsTable()->columnCount(), 4);  // greyed, not cleared
        saveScreenshot(&area, QStringLiteral("compare-images-stale.png"));
        compared.clear();
        QTest::keyClick(&area, Qt::Key_R, Qt::ControlModifier);
        QVERIFY(compared.wait(120000));
        QCOMPARE(area.imagesPage()->resultsTable()->columnCount(), 3);
        QVERIFY(!area.imagesPage()->staleLine()->isVisible());
        QVERIFY(!greyed(area.imagesPage()->resultsTable()));
        third->setCheckState(Qt::Checked);
    }

    void catalogChartHasABubblePerModel() {
        CompareArea area;
        area.resize(1280, 900);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        area.tabs()->setCurrentWidget(area.catalogPage());
        tl::ui::CatalogChart* chart = area.catalogPlot();
        std::vector<tl::ModelSpec> catalog;
        for (const auto& spec : tl::Catalog::builtin().models())
            if (spec.includeTop) catalog.push_back(spec);
        QCOMPARE(chart->bubbles().size(), static_cast<qsizetype>(catalog.size()));
        QCOMPARE(chart->labels().size(), static_cast<qsizetype>(catalog.size()));
        QVERIFY(chart->latencies().isEmpty());  // nothing measured by this area yet
        for (std::size_t i = 0; i < catalog.size(); ++i) {
            QCOMPARE(chart->labels()[static_cast<qsizetype>(i)]->text(), QString::fromStdString(catalog[i].name));
            // A larger model, a larger bubble. Strict, and exact in double: r = 4 + 24 sqrt(params / max), max 1.44e8; one more
            // parameter moves r by >= 12 / 1.44e8 ~ 8e-8 (sqrt's slope >= 1/2 on [0, 1]), far above r's rounding (r <= 28: ~4e-15).
            for (std::size_t j = 0; j < catalog.size(); ++j)
                if (catalog[i].params > catalog[j].params)
                    TL_VERIFY_ABOVE(chart->bubbles()[static_cast<qsizetype>(i)]->bottomRight->coords().x(),
                                    chart->bubbles()[static_cast<qsizetype>(j)]->bottomRight->coords().x());
        }
        QCOMPARE(chart->xAxis->scaleType(), QCPAxis::stLogarithmic);
        // Measured latencies join the labels.
        chart->setLatencies({{QStringLiteral("resnet50"), 41.2}, {QStringLiteral("mobilenet_v3_small"), 6.24}});
        for (std::size_t i = 0; i < catalog.size(); ++i) {
            const QString text = chart->labels()[static_cast<qsizetype>(i)]->text();
            if (catalog[i].id == "resnet50") QCOMPARE(text, QStringLiteral("ResNet-50 · 41 ms"));
            else if (catalog[i].id == "mobilenet_v3_small") QCOMPARE(text, QStringLiteral("MobileNet v3 Small · 6.2 ms"));
            else QCOMPARE(text, QString::fromStdString(catalog[i].name));
        }
        QCOMPARE(chart->bubbles().size(), static_cast<qsizetype>(catalog.size()));
        saveScreenshot(&area, QStringLiteral("compare-catalog.png"));
    }

    void switchingLanguageRetranslatesEveryPart() {
        // An area with state: a finished images comparison (its table, agreement and progress lines), the Dataset
        // page current with a folder typed and a split chosen. A switch to zh_CN and back changes every part's
        // texts, and nothing the user chose.
        CompareArea area;
        area.resize(1280, 900);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        const QStringList images{str(data_ / "kind0" / "img_000.png"), str(data_ / "kind3" / "img_001.png")};
        QSignalSpy done(area.session(), &CompareSession::imagesCompared);
        area.addImages(images);
        QVERIFY(done.wait(120000));
        QCOMPARE(done.first().first().toBool(), true);
        const QRegularExpressionMatch progressed =
            QRegularExpression(QStringLiteral("^model (\\d+) of (\\d+): (\\d+) / (\\d+) images$")).match(area.progressLabel()->text());
        QVERIFY2(progressed.hasMatch(), qPrintable(area.progressLabel()->text()));
        const QRegularExpressionMatch agreed =
            QRegularExpression(QStringLiteral("^(\\d+) of 2 images: all models agree$")).match(area.imagesPage()->agreementLabel()->text());
        QVERIFY2(agreed.hasMatch(), qPrintable(area.imagesPage()->agreementLabel()->text()));
        area.tabs()->setCurrentWidget(area.datasetPage());
        area.datasetPage()->folderEdit()->setText(QStringLiteral("typed/by/the/user"));
        area.datasetPage()->splitBox()->setCurrentIndex(area.datasetPage()->splitBox()->findData(QStringLiteral("train")));
        const QStringList checked = area.session()->checkedModels();
        QCOMPARE(checked, modelFiles_);
        QListWidget* list = area.checklist()->list();
        int unavailable = -1;  // a catalog model without weights here: its tooltip says why it is greyed out
        for (int i = 0; i < list->count() && unavailable < 0; ++i)
            if (!(list->item(i)->flags() & Qt::ItemIsEnabled)) unavailable = i;
        QVERIFY(unavailable >= 0);
        const QString unavailableName =
            QString::fromStdString(tl::Catalog::builtin().get(list->item(unavailable)->data(ModelChecklist::RefRole).toString().toStdString()).name);

        // What each part shows, and what it should show: a source string of its context in the current language.
        struct Shown {
            const char* part;
            std::function<QString()> actual;
            const char* context;
            const char* source;
            std::function<QString(QString)> filled = [](QString s) { return s; };
        };
        const auto oneOf = [](const QStringList& texts, const QString& wanted) {
            return texts.contains(wanted) ? wanted : texts.join(QStringLiteral(" | "));
        };
        const QString arg1 = progressed.captured(1), arg2 = progressed.captured(2), arg3 = progressed.captured(3), arg4 = progressed.captured(4);
        const std::vector<Shown> shown = {
            {"tab", [&] { return area.tabs()->tabText(0); }, "tl::ui::CompareArea", "Images"},
            {"progress line", [&] { return area.progressLabel()->text(); }, "tl::ui::CompareArea", "model %1 of %2: %3 / %4 images",
             [&](QString s) { return s.arg(arg1, arg2, arg3, arg4); }},
            {"cancel button", [&] { return area.cancelButton()->text(); }, "tl::ui::CompareArea", "Cancel"},
            {"images page: Add button",
             [&] { return oneOf(shownTexts(area.imagesPage()), QCoreApplication::translate("tl::ui::CompareImagesPage", "Add &images…")); },
             "tl::ui::CompareImagesPage", "Add &images…"},
            {"images page: agreement", [&] { return area.imagesPage()->agreementLabel()->text(); }, "tl::ui::CompareImagesPage",
             "%1 of %2 images: all models agree", [&](QString s) { return s.arg(agreed.captured(1)).arg(2); }},
            {"images table header", [&] { return area.imagesPage()->resultsTable()->horizontalHeaderItem(0)->text(); },
             "tl::ui::ImageComparisonTable", "Image"},
            {"dataset page: Run button", [&] { return area.datasetPage()->runButton()->text(); }, "tl::ui::CompareDatasetPage", "&Run"},
            {"dataset page: placeholder", [&] { return area.datasetPage()->folderEdit()->placeholderText(); }, "tl::ui::CompareDatasetPage",
             "A labelled folder: one sub-folder per class (or train/ and validation/ with class folders)"},
            {"dataset page: split", [&] { return area.datasetPage()->splitBox()->currentText(); }, "tl::ui::CompareDatasetPage", "train"},
            {"dataset page: message", [&] { return area.datasetPage()->message()->text(); }, "tl::ui::CompareDatasetPage",
             "Choose a dataset whose class names the checked models know, then run."},
            {"results table header", [&] { return area.datasetPage()->model()->headerData(ComparisonModel::Accuracy, Qt::Horizontal).toString(); },
             "tl::ui::ComparisonModel", "Accuracy"},
            {"results header in the view",
             [&] {
                 const QAbstractItemModel* m = area.datasetPage()->table()->horizontalHeader()->model();
                 return m->headerData(ComparisonModel::Pareto, Qt::Horizontal).toString();
             },
             "tl::ui::ComparisonModel", "Pareto"},
            {"chart x axis", [&] { return area.datasetPage()->scatterPlot()->xAxis->label(); }, "tl::ui::AccuracyLatencyPlot",
             "latency (ms / image)"},
            {"chart legend", [&] { return area.datasetPage()->scatterPlot()->front()->name(); }, "tl::ui::AccuracyLatencyPlot", "Pareto front"},
            {"catalog chart y axis", [&] { return area.catalogPlot()->yAxis->label(); }, "tl::ui::CatalogChart", "published ImageNet top-1 (%)"},
            {"checklist: Add button", [&] { return area.checklist()->addButton()->text(); }, "tl::ui::ModelChecklist", "Add &model file…"},
            {"checklist: greyed-out model's tooltip", [&] { return list->item(unavailable)->toolTip(); }, "tl::ui::ModelChecklist",
             "The weights of %1 are not on this machine: download them in the Classify area.", [&](QString s) { return s.arg(unavailableName); }},
        };
        const auto checkAll = [&](bool translated) {
            for (const Shown& s : shown) {
                const QString english = s.filled(QString::fromUtf8(s.source));
                const QString expected = s.filled(QCoreApplication::translate(s.context, s.source));
                const QString actual = s.actual();
                QVERIFY2(actual == expected,
                         qPrintable(QStringLiteral("%1: shows \"%2\", expected \"%3\"").arg(QLatin1String(s.part), actual, expected)));
                if (translated)
                    QVERIFY2(actual != english, qPrintable(QStringLiteral("%1: still English: \"%2\"").arg(QLatin1String(s.part), actual)));
                else QCOMPARE(actual, english);
            }
        };
        // What the user chose, before and after each switch.
        const auto checkChoices = [&] {
            QCOMPARE(area.session()->checkedModels(), checked);
            for (int i = 0; i < list->count(); ++i)
                QCOMPARE(list->item(i)->checkState(),
                         checked.contains(list->item(i)->data(ModelChecklist::RefRole).toString()) ? Qt::Checked : Qt::Unchecked);
            QCOMPARE(area.tabs()->currentWidget(), static_cast<QWidget*>(area.datasetPage()));
            QCOMPARE(area.datasetPage()->folderEdit()->text(), QDir::toNativeSeparators(QStringLiteral("typed/by/the/user")));
            QCOMPARE(area.datasetPage()->splitBox()->currentData().toString(), QStringLiteral("train"));
            QCOMPARE(area.session()->split(), QStringLiteral("train"));
            QCOMPARE(area.imagesPage()->resultsTable()->rowCount(), 2);
            QCOMPARE(area.cancelButton()->shortcut(), QKeySequence(Qt::Key_Escape));
        };
        checkAll(false);
        if (QTest::currentTestFailed()) return;

        const auto backToEnglish = qScopeGuard([] { tl::ui::language::apply(QStringLiteral("en")); });  // for the suites after, also on failure
        tl::ui::language::apply(QStringLiteral("zh_CN"));
        // The language change reaches the widgets as a posted event.
        QTRY_COMPARE(area.tabs()->tabText(0), QCoreApplication::translate("tl::ui::CompareArea", "Images"));
        QVERIFY2(area.tabs()->tabText(0) != QStringLiteral("Images"), "zh_CN has no translation of the tab: is the translator there?");
        checkAll(true);
        if (QTest::currentTestFailed()) return;
        checkChoices();
        saveScreenshot(&area, QStringLiteral("compare-zh_CN.png"));
        area.tabs()->setCurrentWidget(area.imagesPage());
        saveScreenshot(&area, QStringLiteral("compare-images-zh_CN.png"));
        area.tabs()->setCurrentWidget(area.datasetPage());

        tl::ui::language::apply(QStringLiteral("en"));
        QTRY_COMPARE(area.tabs()->tabText(0), QStringLiteral("Images"));
        checkAll(false);
        checkChoices();
    }

private:
    /// One row per image, one column per checked model, the top-5 in each cell with the top-1 first and in
    /// bold, rows tinted by whether the models agree on the top-1 label.
    void checkImagesTable(const CompareArea& area, const QStringList& images) {
        const tl::FileComparison& fc = area.session()->fileComparison();
        const ImageComparisonTable* table = area.imagesPage()->resultsTable();
        const int models = static_cast<int>(area.session()->checkedModels().size());
        QCOMPARE(static_cast<int>(fc.models.size()), models);
        QCOMPARE(table->rowCount(), images.size());
        QCOMPARE(table->columnCount(), 1 + models);
        int agreeing = 0;
        for (int r = 0; r < table->rowCount(); ++r) {
            const auto f = static_cast<std::size_t>(r);
            QCOMPARE(table->item(r, 0)->data(ImageComparisonTable::PathRole).toString(), images[r]);
            QVERIFY(!table->item(r, 0)->icon().isNull());
            QString firstTop;
            bool agree = true;
            for (int m = 0; m < models; ++m) {
                const tl::ImageResult& result = fc.results[static_cast<std::size_t>(m)][f];
                QVERIFY2(result.error.empty(), result.error.c_str());
                QCOMPARE(static_cast<int>(result.top.size()), 5);
                const QString top = QString::fromStdString(result.top[0].label);
                if (m == 0) firstTop = top;
                agree = agree && top == firstTop;
                const auto* cell = qobject_cast<QLabel*>(table->cellWidget(r, m + 1));
                QVERIFY(cell);
                const QStringList lines = cell->text().split(QStringLiteral("<br>"));
                QCOMPARE(lines.size(), 5);
                QVERIFY2(lines[0].startsWith(QStringLiteral("<b>") + top + QStringLiteral("&nbsp;")), qPrintable(lines[0]));
                QVERIFY(!lines[1].contains(QStringLiteral("<b>")));
            }
            QCOMPARE(bool(fc.agreement[f]), agree);
            QCOMPARE(table->item(r, 0)->data(ImageComparisonTable::AgreementRole).toBool(), agree);
            const QColor expected = agree ? ImageComparisonTable::agreeColour() : ImageComparisonTable::disagreeColour();
            for (int c = 0; c <= models; ++c) QCOMPARE(table->item(r, c)->background().color(), expected);
            agreeing += agree ? 1 : 0;
        }
        QCOMPARE(area.imagesPage()->agreementLabel()->text(), QStringLiteral("%1 of %2 images: all models agree").arg(agreeing).arg(images.size()));
    }

    fs::path data_;
    fs::path modelsDir_;
    QStringList modelFiles_;
};

QTEST_MAIN(TestCompareArea)
#include "tst_comparearea.moc"

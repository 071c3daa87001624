// The honest states and readable charts, driven on the real widgets without a model (hand-made results):
// the Evaluation tab before any evaluation (only "No evaluation yet…", no matrix cells), with a perfect evaluation
// ("100.0 %", "No misclassified images.") and with one mistake ("87.5 %"); the Train charts' legends outside the
// plot, the loss's log scale (remembered), hover tooltips, the best-epoch mark drawn whole; the accuracy-vs-latency
// chart's legend and hover; the catalog chart's labels pairwise disjoint. Every failure prints measured vs expected.
#include "common/charts.h"
#include "common/format.h"
#include "common/settings.h"
#include "compare/comparecharts.h"
#include "train/evaluationview.h"
#include "train/traincharts.h"
#include "train/trainsession.h"

#include "tl/catalog.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QToolTip>
#include <QtTest/QtTest>

namespace {

QString rectText(const QRectF& r) { return QStringLiteral("(%1,%2 %3×%4)").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height()); }

void saveScreenshot(QWidget* widget, const QString& name) {
    if (!qEnvironmentVariableIsSet("TL_SCREENSHOT_DIR")) return;
    QCoreApplication::processEvents();
    QVERIFY(widget->grab().save(qEnvironmentVariable("TL_SCREENSHOT_DIR") + QLatin1Char('/') + name));
}

/// A mouse move over `widget` at `pixel`, as the window system sends it.
void hoverAt(QWidget* widget, const QPointF& pixel) {
    QMouseEvent move(QEvent::MouseMove, pixel, widget->mapToGlobal(pixel), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(widget, &move);
}

/// The legend is outside the axis rect: their rectangles do not meet.
void checkLegendOutside(QCustomPlot* plot, const char* what) {
    plot->replot();
    const QRect legend = plot->legend->outerRect(), axes = plot->axisRect()->rect();
    QVERIFY2(plot->legend->visible(), what);
    QVERIFY2(!legend.intersects(axes),
             qPrintable(
                 QStringLiteral("%1: legend %2 meets the axis rect %3 (expected apart)").arg(QLatin1String(what), rectText(legend), rectText(axes))));
}

tl::Evaluation handMade(const std::vector<std::vector<std::int64_t>>& confusion) {
    tl::Evaluation e;
    const std::size_t n = confusion.size();
    e.confusion = confusion;
    std::int64_t correct = 0, total = 0;
    for (std::size_t t = 0; t < n; ++t)
        for (std::size_t p = 0; p < n; ++p) {
            total += confusion[t][p];
            if (t == p) correct += confusion[t][p];
        }
    e.images = static_cast<std::size_t>(total);
    e.accuracy = static_cast<double>(correct) / static_cast<double>(total);
    e.top5 = 1.0;
    e.loss = 0.1;
    e.precision.assign(n, 1.0);
    e.recall.assign(n, 1.0);
    e.f1.assign(n, 1.0);
    for (std::size_t t = 0; t < n; ++t) {
        std::int64_t s = 0;
        for (auto v : confusion[t]) s += v;
        e.support.push_back(s);
    }
    return e;
}

}  // namespace

class TestCharts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName(QStringLiteral("transfer-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_charts"));
        QSettings().clear();
        QLocale::setDefault(QLocale::c());
    }

    void accuracyIsAPercentageWithOneDecimal() {
        QCOMPARE(tl::ui::formatAccuracy(1.0), QStringLiteral("100.0 %"));
        QCOMPARE(tl::ui::formatAccuracy(0.875), QStringLiteral("87.5 %"));
        QCOMPARE(tl::ui::formatAccuracy(0.875, QLocale(QLocale::German)), QStringLiteral("87,5 %"));  // the locale's decimal point
    }

    void evaluationEmptyThenPerfectThenOneMistake() {
        tl::ui::EvaluationView view;
        view.resize(1024, 640);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // Before any evaluation: only the empty state, no matrix cells, no table or buttons.
        QVERIFY(view.showsEmptyState());
        QVERIFY(view.emptyState()->isVisible());
        QCOMPARE(view.emptyState()->text(), QStringLiteral("No evaluation yet: train a model, or open an earlier run."));
        QVERIFY2(view.heatmap()->data()->isEmpty() && view.heatmap()->data()->keySize() == 0,
                 qPrintable(QStringLiteral("the matrix has %1×%2 cells before any evaluation (expected none)")
                                .arg(view.heatmap()->data()->keySize())
                                .arg(view.heatmap()->data()->valueSize())));
        QVERIFY(!view.perClass()->isVisible());
        QVERIFY(!view.saveButton()->isVisible());
        QVERIFY(!view.gallery()->isVisible());
        saveScreenshot(&view, QStringLiteral("evaluation-empty.png"));

        // A perfect evaluation: 100.0 %, and no mistakes said where the gallery would be.
        const QStringList classes{QStringLiteral("cat"), QStringLiteral("dog"), QStringLiteral("fox")};
        view.showEvaluation(handMade({{3, 0, 0}, {0, 2, 0}, {0, 0, 3}}), classes, {});
        QVERIFY(!view.showsEmptyState());
        const QString summary = view.summary()->text();
        QVERIFY2(summary.contains(QStringLiteral("accuracy 100.0 %")) && summary.contains(QStringLiteral("top-5 100.0 %")),
                 qPrintable(QStringLiteral("summary \"%1\" (expected \"accuracy 100.0 %\" and \"top-5 100.0 %\")").arg(summary)));
        QVERIFY(view.noMistakesLabel()->isVisible());
        QCOMPARE(view.noMistakesLabel()->text(), QStringLiteral("No misclassified images."));
        QVERIFY(!view.gallery()->isVisible());
        QCOMPARE(view.heatmap()->data()->keySize(), 3);
        QCOMPARE(view.perClass()->rowCount(), 3);
        // Hovering over a cell names it.
        QCustomPlot* plot = view.heatmap()->parentPlot();
        plot->replot();
        const QPointF cell(plot->xAxis->coordToPixel(1), plot->yAxis->coordToPixel(1));
        hoverAt(plot, cell);
        QVERIFY2(view.heatmapHover()->lastText() == QStringLiteral("true dog, predicted dog: 2"),
                 qPrintable(QStringLiteral("hover at %1,%2 says \"%3\" (expected \"true dog, predicted dog: 2\")")
                                .arg(cell.x())
                                .arg(cell.y())
                                .arg(view.heatmapHover()->lastText())));
        saveScreenshot(&view, QStringLiteral("evaluation-perfect.png"));

        // One mistake in eight: 87.5 %, the gallery with its one entry.
        tl::ui::EvaluationView::Mistake m{QStringLiteral("/data/fox/3.png"), QStringLiteral("fox"), QStringLiteral("cat"), 0.62, QImage()};
        view.showEvaluation(handMade({{3, 0, 0}, {0, 2, 0}, {1, 0, 2}}), classes, {m});
        QVERIFY2(view.summary()->text().contains(QStringLiteral("accuracy 87.5 %")),
                 qPrintable(QStringLiteral("summary \"%1\" (expected \"accuracy 87.5 %\")").arg(view.summary()->text())));
        QVERIFY(!view.noMistakesLabel()->isVisible());
        QVERIFY(view.gallery()->isVisible());
        QCOMPARE(view.gallery()->count(), 1);
        saveScreenshot(&view, QStringLiteral("evaluation-mistake.png"));
    }

    void trainChartsLegendLogScaleHoverBestMark() {
        tl::ui::TrainSession session;
        auto charts = std::make_unique<tl::ui::TrainCharts>(&session);
        charts->resize(1024, 640);
        charts->show();
        QVERIFY(QTest::qWaitForWindowExposed(charts.get()));
        // A run of two phases, 4 epochs of 5 batches; the best (100 %) at the last epoch, the chart's edges.
        tl::RunRecord run;
        run.phases = {{1, 2, 10, 90, "head"}, {2, 2, 50, 50, "last block"}};
        const double validationLoss[] = {0.9, 0.45, 0.3, 0.2}, validationAccuracy[] = {0.5, 0.75, 0.875, 1.0};
        for (int e = 1; e <= 4; ++e) {
            for (int b = 1; b <= 5; ++b) {
                tl::BatchEnd batch;
                batch.phase = e <= 2 ? 1 : 2;
                batch.epoch = e;
                batch.batch = b;
                batch.batches = 5;
                batch.loss = 1.2 / (e + 0.1 * b);
                run.batches.push_back(batch);
            }
            tl::EpochEnd end;
            end.phase = e <= 2 ? 1 : 2;
            end.epoch = e;
            end.trainLoss = 1.0 / e;
            end.trainAccuracy = 0.2 * e;
            end.validation.images = 8;
            end.validation.loss = validationLoss[e - 1];
            end.validation.accuracy = validationAccuracy[e - 1];
            end.validation.top5 = 1.0;
            end.best = true;
            run.epochs.push_back(end);
        }
        Q_EMIT session.runLoaded(run);
        QCOMPARE(charts->pointCount(tl::ui::TrainCharts::BestEpoch), 1);
        checkLegendOutside(charts->lossPlot(), "loss chart");
        checkLegendOutside(charts->accuracyPlot(), "accuracy chart");

        // The best-epoch mark (a 16-pixel star) at 100 % lies whole inside the axis rect, on a layer above the curves.
        QCustomPlot* acc = charts->accuracyPlot();
        QCPGraph* best = acc->graph(2);
        acc->replot();  // the range padded for the axis rect's height, then drawn
        const QPointF star = best->coordsToPixels(best->data()->begin()->key, best->data()->begin()->value);
        const QRectF inner = QRectF(acc->axisRect()->rect()).adjusted(8, 8, -8, -8);
        QVERIFY2(inner.contains(star), qPrintable(QStringLiteral("best mark at %1,%2, axis rect %3 (expected inside %4)")
                                                      .arg(star.x())
                                                      .arg(star.y())
                                                      .arg(rectText(acc->axisRect()->rect()), rectText(inner))));
        QVERIFY2(best->layer()->index() > acc->graph(1)->layer()->index(),
                 qPrintable(QStringLiteral("best mark's layer %1, curves' %2 (expected above)")
                                .arg(best->layer()->index())
                                .arg(acc->graph(1)->layer()->index())));

        // Hovering near a point names its series, x and y.
        QCustomPlot* loss = charts->lossPlot();
        const QPointF point = loss->graph(3)->coordsToPixels(2, 0.45);
        hoverAt(loss, point);
        const QString text = charts->lossHover()->lastText();
        QVERIFY2(text == QStringLiteral("validation (epoch)\nepoch: 2\nloss: 0.45"),
                 qPrintable(QStringLiteral("hover at %1,%2 says \"%3\" (expected \"validation (epoch)\\nepoch: 2\\nloss: 0.45\")")
                                .arg(point.x())
                                .arg(point.y())
                                .arg(text)));
        QVERIFY2(QToolTip::text() == text, qPrintable(QStringLiteral("tooltip \"%1\", expected \"%2\"").arg(QToolTip::text(), text)));
        const QPointF accuracyPoint = acc->graph(1)->coordsToPixels(3, 87.5);
        hoverAt(acc, accuracyPoint);
        QVERIFY2(
            charts->accuracyHover()->lastText().endsWith(QStringLiteral("accuracy: 87.5 %")),
            qPrintable(QStringLiteral("hover says \"%1\" (expected to end with \"accuracy: 87.5 %\")").arg(charts->accuracyHover()->lastText())));
        hoverAt(loss, QPointF(loss->axisRect()->rect().center().x(), loss->axisRect()->rect().top() + 2));  // far from every point
        QVERIFY2(charts->lossHover()->lastText().isEmpty(), qPrintable(charts->lossHover()->lastText()));
        saveScreenshot(charts.get(), QStringLiteral("train-charts.png"));

        // Log scale by choice, remembered.
        QVERIFY(!charts->logScale()->isChecked());
        QCOMPARE(loss->yAxis->scaleType(), QCPAxis::stLinear);
        QTest::mouseClick(charts->logScale(), Qt::LeftButton);
        QCOMPARE(loss->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(tl::ui::settings::trainLossLogScale(), true);
        QVERIFY2(loss->yAxis->range().lower > 0, qPrintable(QString::number(loss->yAxis->range().lower)));
        saveScreenshot(charts.get(), QStringLiteral("train-charts-log.png"));
        charts.reset();
        tl::ui::TrainCharts again(&session);
        QVERIFY(again.logScale()->isChecked());
        QCOMPARE(again.lossPlot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        again.logScale()->setChecked(false);
        QCOMPARE(again.lossPlot()->yAxis->scaleType(), QCPAxis::stLinear);
        QCOMPARE(tl::ui::settings::trainLossLogScale(), false);
    }

    void accuracyLatencyLegendOutsideAndHover() {
        tl::ui::AccuracyLatencyPlot plot;
        plot.resize(800, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        tl::ModelComparison c;
        const char* names[] = {"alpha", "beta", "gamma"};
        const double acc[] = {0.875, 0.75, 1.0}, ms[] = {10, 5, 30};
        for (int i = 0; i < 3; ++i) {
            tl::ComparedModel m;
            m.ref = m.name = names[i];
            m.evaluation.accuracy = acc[i];
            m.latencyMs = ms[i];
            m.pareto = true;
            c.models.push_back(m);
        }
        plot.setComparison(c);
        checkLegendOutside(&plot, "accuracy-latency chart");
        const QPointF at(plot.xAxis->coordToPixel(10), plot.yAxis->coordToPixel(87.5));
        hoverAt(&plot, at);
        QVERIFY2(plot.hover()->lastText().startsWith(QStringLiteral("alpha\n")) && plot.hover()->lastText().contains(QStringLiteral("87.5 %")),
                 qPrintable(QStringLiteral("hover says \"%1\" (expected alpha, 87.5 %)").arg(plot.hover()->lastText())));
    }

    void catalogLabelsDoNotOverlap_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("latencies");
        QTest::newRow("1024x640") << QSize(1024, 640) << false;
        QTest::newRow("1024x640 with latencies") << QSize(1024, 640) << true;
        QTest::newRow("640x400") << QSize(640, 400) << false;
    }
    void catalogLabelsDoNotOverlap() {
        QFETCH(QSize, size);
        QFETCH(bool, latencies);
        tl::ui::CatalogChart chart;
        chart.resize(size);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        if (latencies) {
            QHash<QString, double> ms;
            for (const auto& spec : tl::Catalog::builtin().models()) ms.insert(QString::fromStdString(spec.id), 12.345);
            chart.setLatencies(ms);
        }
        chart.replot();
        const QRectF axes = chart.axisRect()->rect();
        QList<int> shown, hidden;
        for (int i = 0; i < chart.labels().size(); ++i) (chart.labels()[i]->visible() ? shown : hidden) << i;
        for (int a : shown) {
            const QRectF ra = tl::ui::CatalogChart::labelRect(chart.labels()[a]);
            QVERIFY2(axes.contains(ra),
                     qPrintable(QStringLiteral("%1 at %2 leaves the axis rect %3").arg(chart.labels()[a]->text(), rectText(ra), rectText(axes))));
            for (int b : shown) {
                if (b <= a) continue;
                const QRectF rb = tl::ui::CatalogChart::labelRect(chart.labels()[b]);
                QVERIFY2(!ra.intersects(rb), qPrintable(QStringLiteral("%1 at %2 meets %3 at %4 (expected apart)")
                                                            .arg(chart.labels()[a]->text(), rectText(ra), chart.labels()[b]->text(), rectText(rb))));
            }
        }
        qInfo("%s: %lld labels shown, %lld hidden", QTest::currentDataTag(), static_cast<long long>(shown.size()),
              static_cast<long long>(hidden.size()));
        QVERIFY2(shown.size() * 2 >= chart.labels().size(),
                 qPrintable(QStringLiteral("%1 of %2 labels shown (expected at least half)").arg(shown.size()).arg(chart.labels().size())));
        // A hidden label's model is named on hover over its bubble.
        if (!hidden.isEmpty()) {
            const QCPItemEllipse* bubble = chart.bubbles()[hidden.first()];
            const QPointF centre = (bubble->topLeft->pixelPosition() + bubble->bottomRight->pixelPosition()) / 2;
            hoverAt(&chart, centre);
            QVERIFY2(chart.hover()->lastText().contains(chart.labels()[hidden.first()]->text()),
                     qPrintable(QStringLiteral("hover says \"%1\" (expected to name %2)")
                                    .arg(chart.hover()->lastText(), chart.labels()[hidden.first()]->text())));
        }
        if (size == QSize(1024, 640) && !latencies) saveScreenshot(&chart, QStringLiteral("catalog-chart.png"));
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"

#include "train/traincharts.h"

#include "common/charts.h"
#include "common/format.h"
#include "common/settings.h"
#include "train/trainrunner.h"
#include "train/trainsession.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace tl::ui {

namespace {

constexpr double kSmoothing = 0.9;  // exponential moving average of the batch loss, as TensorBoard's slider

/// Tick labels with a percent sign: the accuracy chart shows percentages.
class PercentTicker : public QCPAxisTicker {
protected:
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) override {
        return QCPAxisTicker::getTickLabel(tick, locale, formatChar, precision) + QStringLiteral(" %");
    }
};

QCustomPlot* makePlot(QWidget* parent) {
    auto* plot = new QCustomPlot(parent);
    placeLegendBelow(plot);  // never over the curves
    plot->legend->setFont(QFont(plot->font().family(), 8));
    plot->setMinimumHeight(120);  // the window fits 1024 × 640 (tst_trainlayout)
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    return plot;
}

QCPGraph* addGraph(QCustomPlot* plot, const QColor& colour, bool points) {
    QCPGraph* g = plot->addGraph();  // its name (in the legend): retranslate()
    g->setPen(QPen(colour, points ? 2 : 1));
    if (points) g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    return g;
}

}  // namespace

TrainCharts::TrainCharts(TrainSession* session, QWidget* parent) : QWidget(parent), session_(session) {
    lossPlot_ = makePlot(this);
    addGraph(lossPlot_, QColor(190, 190, 200), false);
    addGraph(lossPlot_, QColor(60, 110, 200), false);
    addGraph(lossPlot_, QColor(20, 50, 140), true);
    addGraph(lossPlot_, QColor(230, 120, 20), true);
    accuracyPlot_ = makePlot(this);
    // In percent, padded so that a mark at 0 % or 100 % is drawn whole.
    accuracyPlot_->yAxis->setRange(-6, 110);
    accuracyPlot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new PercentTicker));
    addGraph(accuracyPlot_, QColor(20, 50, 140), true);
    addGraph(accuracyPlot_, QColor(230, 120, 20), true);
    // The best epoch on a layer of its own above the curves: never hidden behind them.
    accuracyPlot_->addLayer(QStringLiteral("marks"), accuracyPlot_->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    QCPGraph* best = addGraph(accuracyPlot_, QColor(200, 30, 30), false);
    best->setLayer(QStringLiteral("marks"));
    connect(accuracyPlot_, &QCustomPlot::afterLayout, this, [this] {
        // 0 % and 100 % kept 10 pixels inside the axis rect, whatever its height: a mark there is drawn whole.
        const double h = std::max(40, accuracyPlot_->axisRect()->height()), pad = 100.0 * 10.0 / (h - 20.0);
        const QCPRange want(-pad, 100.0 + pad);
        if (std::abs(accuracyPlot_->yAxis->range().lower - want.lower) > 0.05) {
            accuracyPlot_->yAxis->setRange(want);
            accuracyPlot_->replot(QCustomPlot::rpQueuedReplot);  // the ticks of the new range
        }
    });
    best->setLineStyle(QCPGraph::lsNone);
    best->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QPen(QColor(200, 30, 30), 2), Qt::NoBrush, 16));
    lossHover_ = new ChartHover(lossPlot_);
    accuracyHover_ = new ChartHover(accuracyPlot_);
    accuracyHover_->setValueSuffix(QStringLiteral(" %"));
    logScale_ = new QCheckBox(this);
    logScale_->setChecked(settings::trainLossLogScale());
    setLogScale(logScale_->isChecked());
    connect(logScale_, &QCheckBox::toggled, this, [this](bool on) {
        settings::setTrainLossLogScale(on);
        setLogScale(on);
    });

    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    log_ = new QPlainTextEdit(this);
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);

    auto* lossBox = new QWidget(this);  // the loss chart with its scale switch beside it
    auto* lossLayout = new QVBoxLayout(lossBox);
    lossLayout->setContentsMargins(0, 0, 0, 0);
    lossLayout->setSpacing(0);
    auto* lossHead = new QHBoxLayout;
    lossHead->addStretch(1);
    lossHead->addWidget(logScale_);
    lossLayout->addLayout(lossHead);
    lossLayout->addWidget(lossPlot_, 1);
    auto* charts = new QSplitter(Qt::Vertical, this);
    charts->addWidget(lossBox);
    charts->addWidget(accuracyPlot_);
    charts->addWidget(log_);
    charts->setChildrenCollapsible(false);
    // The curves get the room a tall window gives; the log a third of what each curve gets.
    charts->setStretchFactor(0, 3);
    charts->setStretchFactor(1, 3);
    charts->setStretchFactor(2, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(charts, 1);

    connect(session, &TrainSession::statusChanged, status_, &QLabel::setText);
    connect(session, &TrainSession::logged, this, &TrainCharts::appendLog);
    connect(session, &TrainSession::runStarting, this, &TrainCharts::clearCurves);
    connect(session, &TrainSession::runLoaded, this, &TrainCharts::showRun);
    const TrainRunner* runner = session->runner();
    connect(runner, &TrainRunner::phaseStarted, this, &TrainCharts::onPhase);
    connect(runner, &TrainRunner::batchesArrived, this, &TrainCharts::addBatches);
    connect(runner, &TrainRunner::epochEnded, this, &TrainCharts::onEpoch);
    retranslate();
}

void TrainCharts::retranslate() {
    for (QCustomPlot* plot : {lossPlot_, accuracyPlot_}) plot->xAxis->setLabel(tr("epoch"));
    lossPlot_->yAxis->setLabel(tr("loss"));
    logScale_->setText(tr("&Log scale"));
    logScale_->setToolTip(tr("Show the loss on a logarithmic axis: small late improvements stay visible"));
    accuracyPlot_->yAxis->setLabel(tr("accuracy"));
    graph(BatchLoss)->setName(tr("batch"));
    graph(SmoothedLoss)->setName(tr("batch, smoothed"));
    graph(TrainLoss)->setName(tr("train (epoch)"));
    graph(ValidationLoss)->setName(tr("validation (epoch)"));
    graph(TrainAccuracy)->setName(tr("train"));
    graph(ValidationAccuracy)->setName(tr("validation"));
    graph(BestEpoch)->setName(tr("best epoch"));
    for (const auto& [label, phase] : phaseLabels_) label->setText(tr(" phase %1").arg(phase));
    showProgress();
    status_->setText(session_->status());
    for (QCustomPlot* plot : {lossPlot_, accuracyPlot_}) plot->replot();  // now: a language change is rare
}

void TrainCharts::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void TrainCharts::showProgress() {
    progress_->setFormat(lastBatches_ > 0 ? tr("epoch %1/%2 · batch %3/%4").arg(lastEpoch_).arg(totalEpochs_).arg(lastBatch_).arg(lastBatches_)
                                          : QStringLiteral("%p%"));
}

void TrainCharts::clearCurves(int totalEpochs) {
    for (int s = BatchLoss; s <= BestEpoch; ++s) graph(static_cast<Series>(s))->data()->clear();
    for (QCustomPlot* plot : {lossPlot_, accuracyPlot_}) plot->clearItems();
    phaseLabels_.clear();
    boundaries_.clear();
    haveSmoothed_ = false;
    totalEpochs_ = totalEpochs;
    totalSteps_ = 0;
    epochsDone_ = 0;
    progress_->setValue(0);
    log_->clear();
}

void TrainCharts::showRun(const RunRecord& run) {
    int total = 0;
    for (const PhaseStart& p : run.phases) total += p.epochs;
    clearCurves(total);
    // Phases, batches and epochs in the order they happened.
    std::size_t next = 0;
    for (const EpochEnd& ep : run.epochs) {
        const auto phase = std::find_if(run.phases.begin(), run.phases.end(), [&](const PhaseStart& p) { return p.phase == ep.phase; });
        if (phase != run.phases.end() && ep.phase > 1 && boundaries_.size() < static_cast<qsizetype>(ep.phase - 1))
            onPhase(*phase);  // a new phase begins
        std::vector<BatchEnd> upTo;
        while (next < run.batches.size() && run.batches[next].epoch <= ep.epoch) upTo.push_back(run.batches[next++]);
        addBatches(upTo);
        onEpoch(ep);
    }
    addBatches(std::vector<BatchEnd>(run.batches.begin() + static_cast<std::ptrdiff_t>(next), run.batches.end()));
}

void TrainCharts::addBatches(const std::vector<BatchEnd>& batches) {
    if (batches.empty()) return;
    for (const auto& b : batches) {
        const double x = (b.epoch - 1) + static_cast<double>(b.batch) / std::max(1, b.batches);
        graph(BatchLoss)->addData(x, b.loss);
        smoothed_ = haveSmoothed_ ? kSmoothing * smoothed_ + (1 - kSmoothing) * b.loss : b.loss;
        haveSmoothed_ = true;
        graph(SmoothedLoss)->addData(x, smoothed_);
    }
    const BatchEnd& last = batches.back();
    totalSteps_ = static_cast<std::int64_t>(totalEpochs_) * last.batches;
    const double done = static_cast<double>((last.epoch - 1) * static_cast<std::int64_t>(last.batches) + last.batch);
    progress_->setValue(totalSteps_ > 0 ? static_cast<int>(1000.0 * done / static_cast<double>(totalSteps_)) : 0);
    lastEpoch_ = last.epoch;
    lastBatch_ = last.batch;
    lastBatches_ = last.batches;
    showProgress();
    rescaleLoss();
    lossPlot_->replot(QCustomPlot::rpQueuedReplot);
}

void TrainCharts::onPhase(const PhaseStart& p) {
    if (p.phase <= 1) return;  // (the trainer logs the phase's description itself)
    const double x = epochsDone_;
    boundaries_.push_back(x);
    for (QCustomPlot* plot : {lossPlot_, accuracyPlot_}) {
        auto* line = new QCPItemStraightLine(plot);
        line->point1->setCoords(x, 0);
        line->point2->setCoords(x, 1);
        line->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
        auto* label = new QCPItemText(plot);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(x, 0.02);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        label->setText(tr(" phase %1").arg(p.phase));
        phaseLabels_.emplace_back(label, p.phase);
        label->setColor(QColor(100, 100, 100));
    }
}

void TrainCharts::onEpoch(const EpochEnd& e) {
    epochsDone_ = e.epoch;
    graph(TrainLoss)->addData(e.epoch, e.trainLoss);
    graph(TrainAccuracy)->addData(e.epoch, 100.0 * e.trainAccuracy);
    QString line =
        tr("epoch %1 (phase %2): loss %3, accuracy %4").arg(e.epoch).arg(e.phase).arg(e.trainLoss, 0, 'f', 4).arg(formatAccuracy(e.trainAccuracy));
    if (e.validation.images > 0) {
        graph(ValidationLoss)->addData(e.epoch, e.validation.loss);
        graph(ValidationAccuracy)->addData(e.epoch, 100.0 * e.validation.accuracy);
        line += tr(" | validation loss %1, accuracy %2, top-5 %3")
                    .arg(e.validation.loss, 0, 'f', 4)
                    .arg(formatAccuracy(e.validation.accuracy))
                    .arg(formatAccuracy(e.validation.top5));
    }
    if (e.best) {
        graph(BestEpoch)->data()->clear();
        graph(BestEpoch)->addData(e.epoch, 100.0 * (e.validation.images > 0 ? e.validation.accuracy : e.trainAccuracy));
        line += tr("  (best)");
    }
    appendLog(line + tr(" · %1 s").arg(e.seconds, 0, 'f', 1));
    rescaleLoss();
    accuracyPlot_->xAxis->setRange(0, std::max(1, totalEpochs_) + 0.5);  // the last epoch's mark whole, inside the right edge
    lossPlot_->replot(QCustomPlot::rpQueuedReplot);
    accuracyPlot_->replot(QCustomPlot::rpQueuedReplot);
}

void TrainCharts::appendLog(const QString& line) { log_->appendPlainText(line); }

QCPGraph* TrainCharts::graph(Series s) const {
    switch (s) {
        case BatchLoss: return lossPlot_->graph(0);
        case SmoothedLoss: return lossPlot_->graph(1);
        case TrainLoss: return lossPlot_->graph(2);
        case ValidationLoss: return lossPlot_->graph(3);
        case TrainAccuracy: return accuracyPlot_->graph(0);
        case ValidationAccuracy: return accuracyPlot_->graph(1);
        case BestEpoch: return accuracyPlot_->graph(2);
    }
    return nullptr;
}

void TrainCharts::setLogScale(bool on) {
    QCPAxis* axis = lossPlot_->yAxis;
    axis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    axis->setTicker(on ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog) : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    rescaleLoss();
    lossPlot_->replot();
}

void TrainCharts::rescaleLoss() {
    lossPlot_->rescaleAxes();  // a log axis takes the positive values only
    QCPAxis* y = lossPlot_->yAxis;
    const QCPRange r = y->range();
    if (y->scaleType() == QCPAxis::stLogarithmic) y->setRange(r.lower / 1.3, r.upper * 1.3);
    else y->setRange(std::max(0.0, r.lower - 0.05 * r.size()), r.upper + 0.05 * r.size());  // the points drawn whole
}

int TrainCharts::pointCount(Series s) const { return graph(s)->dataCount(); }

}  // namespace tl::ui

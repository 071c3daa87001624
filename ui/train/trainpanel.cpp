#include "train/trainpanel.h"

#include "common/devicechoice.h"
#include "train/trainrunner.h"

#include "tl/error.h"
#include "tl/run_log.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDateTime>
#include <QFileInfo>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QListWidget>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace tl::ui {

namespace {

constexpr double kSmoothing = 0.9;  // exponential moving average of the batch loss, as TensorBoard's slider

QCustomPlot* makePlot(QWidget* parent, const QString& yLabel) {
    auto* plot = new QCustomPlot(parent);
    plot->xAxis->setLabel(QCoreApplication::translate("tl::ui::TrainPanel", "epoch"));
    plot->yAxis->setLabel(yLabel);
    plot->legend->setVisible(true);
    plot->legend->setFont(QFont(plot->font().family(), 8));
    plot->setMinimumHeight(180);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    return plot;
}

QCPGraph* addGraph(QCustomPlot* plot, const QString& name, const QColor& colour, bool points) {
    QCPGraph* g = plot->addGraph();
    g->setName(name);
    g->setPen(QPen(colour, points ? 2 : 1));
    if (points) g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    return g;
}

}  // namespace

TrainPanel::TrainPanel(QWidget* parent) : QWidget(parent) {
    runner_ = new TrainRunner(this);

    optimizer_ = new QComboBox(this);
    for (const char* name : {"adam", "sgd", "adamw", "rmsprop"}) optimizer_->addItem(QString::fromLatin1(name), QString::fromLatin1(name));
    lr_ = new QDoubleSpinBox(this);
    lr_->setDecimals(6);
    lr_->setRange(1e-6, 1.0);
    lr_->setSingleStep(1e-4);
    lr_->setValue(1e-3);
    epochs_ = new QSpinBox(this);
    epochs_->setRange(1, 10000);
    epochs_->setValue(5);
    fineTuneEpochs_ = new QSpinBox(this);
    fineTuneEpochs_->setRange(0, 10000);
    fineTuneEpochs_->setSpecialValueText(tr("none"));
    fineTuneLr_ = new QDoubleSpinBox(this);
    fineTuneLr_->setDecimals(6);
    fineTuneLr_->setRange(1e-7, 1.0);
    fineTuneLr_->setSingleStep(1e-5);
    fineTuneLr_->setValue(kFineTuneLr);
    batch_ = new QSpinBox(this);
    batch_->setRange(1, 4096);
    batch_->setValue(32);
    precision_ = new QComboBox(this);
    precision_->addItem(tr("fp32"), QStringLiteral("fp32"));
    precision_->addItem(tr("bf16 (GPU)"), QStringLiteral("bf16"));
    precision_->addItem(tr("fp16 (GPU)"), QStringLiteral("fp16"));

    start_ = new QPushButton(tr("&Start"), this);
    pause_ = new QPushButton(tr("&Pause"), this);
    stop_ = new QPushButton(tr("S&top"), this);
    start_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    connect(start_, &QPushButton::clicked, this, &TrainPanel::startRun);
    connect(pause_, &QPushButton::clicked, this, &TrainPanel::togglePause);
    connect(stop_, &QPushButton::clicked, this, &TrainPanel::stopRun);

    lossPlot_ = makePlot(this, tr("loss"));
    addGraph(lossPlot_, tr("batch"), QColor(190, 190, 200), false);
    addGraph(lossPlot_, tr("batch, smoothed"), QColor(60, 110, 200), false);
    addGraph(lossPlot_, tr("train (epoch)"), QColor(20, 50, 140), true);
    addGraph(lossPlot_, tr("validation (epoch)"), QColor(230, 120, 20), true);
    accuracyPlot_ = makePlot(this, tr("accuracy"));
    accuracyPlot_->yAxis->setRange(0, 1);
    addGraph(accuracyPlot_, tr("train"), QColor(20, 50, 140), true);
    addGraph(accuracyPlot_, tr("validation"), QColor(230, 120, 20), true);
    QCPGraph* best = addGraph(accuracyPlot_, tr("best epoch"), QColor(200, 30, 30), false);
    best->setLineStyle(QCPGraph::lsNone);
    best->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, 14));

    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    status_ = new QLabel(tr("Ready."), this);
    status_->setWordWrap(true);
    log_ = new QPlainTextEdit(this);
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(5000);

    auto* settings = new QFormLayout;
    settings->addRow(tr("Optimizer:"), optimizer_);
    settings->addRow(tr("Learning rate:"), lr_);
    settings->addRow(tr("Epochs:"), epochs_);
    settings->addRow(tr("Then fine-tune the last block for:"), fineTuneEpochs_);
    settings->addRow(tr("Fine-tuning learning rate (SGD):"), fineTuneLr_);
    settings->addRow(tr("Batch size:"), batch_);
    settings->addRow(tr("Precision:"), precision_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(start_);
    buttons->addWidget(pause_);
    buttons->addWidget(stop_);
    runs_ = new QListWidget(this);
    runs_->setToolTip(tr("Double-click a run to show its curves and evaluate its model"));
    connect(runs_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        QString error;
        if (!loadRun(item->data(Qt::UserRole).toString(), &error)) status_->setText(tr("Cannot open the run: %1").arg(error));
    });
    auto* left = new QVBoxLayout;
    left->addLayout(settings);
    left->addLayout(buttons);
    left->addWidget(new QLabel(tr("Earlier runs:"), this));
    left->addWidget(runs_, 1);
    auto* charts = new QSplitter(Qt::Vertical, this);
    charts->addWidget(lossPlot_);
    charts->addWidget(accuracyPlot_);
    charts->addWidget(log_);
    auto* right = new QVBoxLayout;
    right->addWidget(progress_);
    right->addWidget(status_);
    right->addWidget(charts, 1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left);
    layout->addLayout(right, 1);

    connect(runner_, &TrainRunner::runStarted, this, [this](const RunStart& s) {
        appendLog(tr("Run folder: %1 — %2 training and %3 validation images on %4")
                      .arg(QString::fromStdString(s.runDir))
                      .arg(s.trainImages)
                      .arg(s.validationImages)
                      .arg(QString::fromStdString(s.device)));
    });
    connect(runner_, &TrainRunner::phaseStarted, this, &TrainPanel::onPhase);
    connect(runner_, &TrainRunner::batchesAvailable, this, &TrainPanel::takeBatches);
    connect(runner_, &TrainRunner::epochEnded, this, &TrainPanel::onEpoch);
    connect(runner_, &TrainRunner::logged, this, [this](const QString& m) {
        appendLog(m);
        if (m.startsWith(QStringLiteral("bottleneck mode"))) status_->setText(tr("Bottleneck mode: the features are computed once and cached; only the head trains."));
    });
    connect(runner_, &TrainRunner::pausedChanged, this, [this](bool paused) {
        pause_->setText(paused ? tr("&Resume") : tr("&Pause"));
        if (paused) status_->setText(tr("Paused."));
    });
    connect(runner_, &TrainRunner::finished, this, [this](const RunResult& r) {
        takeBatches();
        setRunning(false);
        status_->setText(tr("%1 after %2 epoch(s); best validation accuracy %3 at epoch %4. Model: %5")
                             .arg(r.status == "stopped" ? tr("Stopped") : r.status == "early_stopped" ? tr("Stopped early") : tr("Finished"))
                             .arg(r.epochs)
                             .arg(r.bestValidationAccuracy, 0, 'f', 3)
                             .arg(r.bestEpoch)
                             .arg(QString::fromStdString(r.modelPath)));
        appendLog(status_->text());
        refreshRuns();
        Q_EMIT runFinished(r);
    });
    connect(runner_, &TrainRunner::failed, this, [this](const QString& message) {
        takeBatches();
        setRunning(false);
        status_->setText(tr("Training failed: %1").arg(message));
        appendLog(status_->text());
        Q_EMIT runFailed(message);
    });
    setRunning(false);
}

TrainPanel::~TrainPanel() = default;

void TrainPanel::setBaseConfig(const TrainConfig& base) {
    base_ = base;
    batch_->setValue(base.batchSize);
    refreshRuns();
}

void TrainPanel::refreshRuns() {
    runs_->clear();
    const QDir folder(QString::fromStdString(base_.outputDir));
    for (const QFileInfo& dir : folder.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time)) {
        if (!QFileInfo::exists(dir.filePath() + QStringLiteral("/events.jsonl"))) continue;
        QString text = dir.fileName();
        QString problem;
        try {
            const RunRecord run = readRun(dir.filePath().toStdString());
            if (run.ended)
                text = tr("%1 — %2, %3 epoch(s), best %4").arg(dir.fileName(), QString::fromStdString(run.end.status))
                           .arg(run.end.epochs)
                           .arg(run.end.bestValidationAccuracy, 0, 'f', 3);
        } catch (const Error& e) {
            text = tr("%1 — cannot be read").arg(dir.fileName());
            problem = QString::fromStdString(e.what());
        }
        auto* item = new QListWidgetItem(text, runs_);
        if (!problem.isEmpty()) item->setToolTip(problem);
        item->setData(Qt::UserRole, dir.filePath());
    }
}

bool TrainPanel::loadRun(const QString& runDir, QString* error) {
    if (runner_->running()) {
        if (error) *error = tr("a run is going");
        return false;
    }
    RunRecord run;
    try {
        run = readRun(runDir.toStdString());
    } catch (const Error& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    if (run.epochs.empty() && run.batches.empty()) {
        if (error) *error = tr("%1 holds no training events").arg(runDir + QStringLiteral("/events.jsonl"));
        return false;
    }
    int total = 0;
    for (const PhaseStart& p : run.phases) total += p.epochs;
    clearCurves(total);
    // Phases, batches and epochs in the order they happened.
    std::size_t next = 0;
    for (const EpochEnd& ep : run.epochs) {
        const auto phase = std::find_if(run.phases.begin(), run.phases.end(), [&](const PhaseStart& p) { return p.phase == ep.phase; });
        if (phase != run.phases.end() && ep.phase > 1 && boundaries_.size() < static_cast<qsizetype>(ep.phase - 1)) onPhase(*phase);  // a new phase begins
        std::vector<BatchEnd> upTo;
        while (next < run.batches.size() && run.batches[next].epoch <= ep.epoch) upTo.push_back(run.batches[next++]);
        addBatches(upTo);
        onEpoch(ep);
    }
    std::vector<BatchEnd> rest(run.batches.begin() + static_cast<std::ptrdiff_t>(next), run.batches.end());
    addBatches(rest);
    RunResult result = run.end;
    result.runDir = run.dir;
    QString message = tr("Run %1: %2 epoch(s), best validation accuracy %3 at epoch %4.")
                          .arg(runDir)
                          .arg(run.epochs.size())
                          .arg(result.bestValidationAccuracy, 0, 'f', 3)
                          .arg(result.bestEpoch);
    if (run.damagedLines > 0) message += QLatin1Char(' ') + tr("%n damaged line(s) of its events were skipped.", nullptr, run.damagedLines);
    status_->setText(message);
    Q_EMIT runOpened(result, QString::fromStdString(run.dataset));
    return true;
}

void TrainPanel::clearCurves(int totalEpochs) {
    for (int s = BatchLoss; s <= BestEpoch; ++s) graph(static_cast<Series>(s))->data()->clear();
    for (QCustomPlot* plot : {lossPlot_, accuracyPlot_}) plot->clearItems();
    boundaries_.clear();
    haveSmoothed_ = false;
    totalEpochs_ = totalEpochs;
    totalSteps_ = 0;
    epochsDone_ = 0;
    progress_->setValue(0);
    log_->clear();
}

void TrainPanel::setPlanSource(std::function<FreezePlan()> plan, std::function<HeadConfig()> head) {
    planSource_ = std::move(plan);
    headSource_ = std::move(head);
}

void TrainPanel::setAugmentSource(std::function<std::optional<AugmentConfig>()> augment) { augmentSource_ = std::move(augment); }

TrainConfig TrainPanel::config() const {
    TrainConfig c = base_;
    if (augmentSource_)
        if (const std::optional<AugmentConfig> a = augmentSource_()) {
            c.augment = true;
            c.augmentation = *a;
        }
    c.batchSize = batch_->value();
    c.precision = precision_->currentData().toString().toStdString();
    c.device = DeviceChoice::instance().current().toStdString();  // the application's one choice (status bar)
    if (headSource_) c.head = headSource_();
    PhaseConfig first;
    first.epochs = epochs_->value();
    if (planSource_) first.freeze = planSource_();
    first.optimizer.name = optimizer_->currentData().toString().toStdString();
    first.optimizer.lr = lr_->value();
    c.phases = {first};
    if (fineTuneEpochs_->value() > 0) c.phases.push_back(fineTunePhase(fineTuneEpochs_->value(), fineTuneLr_->value()));
    return c;
}

void TrainPanel::startRun() {
    if (runner_->running()) return;
    TrainConfig c = config();
    int total = 0;
    for (const auto& p : c.phases) total += p.epochs;
    clearCurves(total);
    // Each run gets its own folder under the runs folder: MODEL-yyyyMMdd-hhmmss (-2, -3… when taken).
    const QString stem = QStringLiteral("%1/%2-%3").arg(QString::fromStdString(base_.outputDir), QString::fromStdString(c.model),
                                                         QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss")));
    QString dir = stem;
    for (int n = 2; QFileInfo::exists(dir); ++n) dir = stem + QStringLiteral("-%1").arg(n);
    c.outputDir = dir.toStdString();
    QString error;
    if (!runner_->start(c, &error)) {
        status_->setText(tr("Cannot start: %1").arg(error));
        appendLog(status_->text());
        return;
    }
    status_->setText(tr("Starting…"));
    setRunning(true);
}

void TrainPanel::togglePause() {
    if (!runner_->running()) return;
    if (runner_->paused()) runner_->resume();
    else runner_->pause();
}

void TrainPanel::stopRun() {
    if (!runner_->running()) return;
    runner_->stop();
    status_->setText(tr("Stopping after the current batch…"));
}

void TrainPanel::setRunning(bool running) {
    start_->setEnabled(!running);
    pause_->setEnabled(running);
    stop_->setEnabled(running);
    pause_->setText(tr("&Pause"));
    for (QWidget* w : std::initializer_list<QWidget*>{optimizer_, lr_, epochs_, fineTuneEpochs_, fineTuneLr_, batch_, precision_})
        w->setEnabled(!running);
}

void TrainPanel::takeBatches() { addBatches(runner_->takeBatches()); }

void TrainPanel::addBatches(const std::vector<BatchEnd>& batches) {
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
    progress_->setFormat(tr("epoch %1/%2 · batch %3/%4").arg(last.epoch).arg(totalEpochs_).arg(last.batch).arg(last.batches));
    if (runner_->running() && !runner_->paused())
        status_->setText(tr("Phase %1 · loss %2 · %3 images/s · %4 left")
                             .arg(last.phase)
                             .arg(last.loss, 0, 'f', 4)
                             .arg(last.imagesPerSecond, 0, 'f', 1)
                             .arg(QString::fromStdString(formatDuration(last.etaSeconds))));
    lossPlot_->rescaleAxes();
    lossPlot_->replot(QCustomPlot::rpQueuedReplot);
}

void TrainPanel::onPhase(const PhaseStart& p) {
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
        label->setColor(QColor(100, 100, 100));
    }
}

void TrainPanel::onEpoch(const EpochEnd& e) {
    if (runner_->running()) takeBatches();  // the epoch's batches first
    epochsDone_ = e.epoch;
    graph(TrainLoss)->addData(e.epoch, e.trainLoss);
    graph(TrainAccuracy)->addData(e.epoch, e.trainAccuracy);
    QString line = tr("epoch %1 (phase %2): loss %3, accuracy %4").arg(e.epoch).arg(e.phase).arg(e.trainLoss, 0, 'f', 4).arg(e.trainAccuracy, 0, 'f', 3);
    if (e.validation.images > 0) {
        graph(ValidationLoss)->addData(e.epoch, e.validation.loss);
        graph(ValidationAccuracy)->addData(e.epoch, e.validation.accuracy);
        line += tr(" | validation loss %1, accuracy %2, top-5 %3")
                    .arg(e.validation.loss, 0, 'f', 4)
                    .arg(e.validation.accuracy, 0, 'f', 3)
                    .arg(e.validation.top5, 0, 'f', 3);
    }
    if (e.best) {
        graph(BestEpoch)->data()->clear();
        graph(BestEpoch)->addData(e.epoch, e.validation.images > 0 ? e.validation.accuracy : e.trainAccuracy);
        line += tr("  (best)");
    }
    appendLog(line + tr(" · %1 s").arg(e.seconds, 0, 'f', 1));
    lossPlot_->rescaleAxes();
    accuracyPlot_->xAxis->setRange(0, std::max(1, totalEpochs_) + 0.5);
    lossPlot_->replot(QCustomPlot::rpQueuedReplot);
    accuracyPlot_->replot(QCustomPlot::rpQueuedReplot);
}

void TrainPanel::appendLog(const QString& line) { log_->appendPlainText(line); }

QCPGraph* TrainPanel::graph(Series s) const {
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

int TrainPanel::pointCount(Series s) const { return graph(s)->dataCount(); }

}  // namespace tl::ui

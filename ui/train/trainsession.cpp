#include "train/trainsession.h"

#include "common/devicechoice.h"
#include "common/format.h"
#include "common/settings.h"
#include "train/runinfo.h"
#include "train/trainrunner.h"

#include "tl/catalog.h"
#include "tl/error.h"
#include "tl/run_log.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QVariantMap>

#include <algorithm>

namespace tl::ui {
namespace {

const QStringList kOptimizers = {QStringLiteral("adam"), QStringLiteral("sgd"), QStringLiteral("adamw"), QStringLiteral("rmsprop")};
const QStringList kPrecisions = {QStringLiteral("fp32"), QStringLiteral("bf16"), QStringLiteral("fp16")};

QVariantMap toMap(const TrainSettings& s) {
    return {{QStringLiteral("optimizer"), s.optimizer},
            {QStringLiteral("learningRate"), s.learningRate},
            {QStringLiteral("epochs"), s.epochs},
            {QStringLiteral("fineTuneEpochs"), s.fineTuneEpochs},
            {QStringLiteral("fineTuneLearningRate"), s.fineTuneLearningRate},
            {QStringLiteral("batchSize"), s.batchSize},
            {QStringLiteral("imageSize"), s.imageSize},
            {QStringLiteral("seed"), s.seed},
            {QStringLiteral("precision"), s.precision}};
}

/// The remembered settings; a value missing, of the wrong kind or out of the form's range keeps its default.
TrainSettings fromMap(const QVariantMap& m) {
    TrainSettings s;
    const auto number = [&m](const char* key, double low, double high, auto& field) {
        bool ok = false;
        const double v = m.value(QLatin1String(key)).toDouble(&ok);
        if (ok && v >= low && v <= high) field = static_cast<std::decay_t<decltype(field)>>(v);
    };
    const auto choice = [&m](const char* key, const QStringList& allowed, QString& field) {
        const QString v = m.value(QLatin1String(key)).toString();
        if (allowed.contains(v)) field = v;
    };
    choice("optimizer", kOptimizers, s.optimizer);
    choice("precision", kPrecisions, s.precision);
    number("learningRate", 1e-6, 1.0, s.learningRate);
    number("epochs", 1, 10000, s.epochs);
    number("fineTuneEpochs", 0, 10000, s.fineTuneEpochs);
    number("fineTuneLearningRate", 1e-7, 1.0, s.fineTuneLearningRate);
    number("batchSize", 1, 4096, s.batchSize);
    number("imageSize", 0, 2048, s.imageSize);
    number("seed", 0, 2147483647.0, s.seed);
    return s;
}

}  // namespace

TrainSession::TrainSession(QObject* parent) : QObject(parent), runner_(new TrainRunner(this)) {
    qRegisterMetaType<tl::ui::TrainSettings>();
    const QString remembered = settings::trainModel();
    modelId_ = remembered.isEmpty() ? QStringLiteral("resnet50") : remembered;
    runsFolder_ = settings::trainRunsFolder();
    if (runsFolder_.isEmpty()) runsFolder_ = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs");
    settings_ = fromMap(settings::trainSettings());
    status_ = [this] { return blocker_ ? blocker_() : tr("Ready."); };

    connect(runner_, &TrainRunner::runStarted, this, [this](const RunStart& s) {
        Q_EMIT logged(tr("Run folder: %1 — %2 training and %3 validation images on %4")
                          .arg(QString::fromStdString(s.runDir))
                          .arg(s.trainImages)
                          .arg(s.validationImages)
                          .arg(QString::fromStdString(s.device)));
    });
    connect(runner_, &TrainRunner::batchesArrived, this, [this](const std::vector<BatchEnd>& batches) {
        if (batches.empty() || runner_->paused()) return;
        const BatchEnd& last = batches.back();
        setStatus([last] {
            return tr("Phase %1 · loss %2 · %3 images/s · %4 left")
                .arg(last.phase)
                .arg(last.loss, 0, 'f', 4)
                .arg(last.imagesPerSecond, 0, 'f', 1)
                .arg(QString::fromStdString(formatDuration(last.etaSeconds)));
        });
    });
    connect(runner_, &TrainRunner::logged, this, [this](const QString& m) {
        Q_EMIT logged(m);
        if (m.startsWith(QStringLiteral("bottleneck mode")))
            setStatus([] { return tr("Bottleneck mode: the features are computed once and cached; only the head trains."); });
    });
    connect(runner_, &TrainRunner::pausedChanged, this, [this](bool paused) {
        if (paused) setStatus([] { return tr("Paused."); });
    });
    connect(runner_, &TrainRunner::finished, this, [this](const RunResult& r) {
        Q_EMIT runningChanged(false);
        setStatus(
            [status = r.status, epochs = r.epochs, best = r.bestValidationAccuracy, bestEpoch = r.bestEpoch,
             model = QString::fromStdString(r.modelPath)] {
                return tr("%1 after %2 epoch(s); best validation accuracy %3 at epoch %4. Model: %5")
                    .arg(status == "stopped"         ? tr("Stopped")
                         : status == "early_stopped" ? tr("Stopped early")
                                                     : tr("Finished"))
                    .arg(epochs)
                    .arg(formatAccuracy(best))
                    .arg(bestEpoch)
                    .arg(model);
            },
            true);
        refreshRuns();
        Q_EMIT runFinished(r);
    });
    connect(runner_, &TrainRunner::failed, this, [this](const QString& message) {
        Q_EMIT runningChanged(false);
        setStatus([message] { return tr("Training failed: %1").arg(message); }, true);
        Q_EMIT runFailed(message);
    });
}

TrainSession::~TrainSession() = default;  // the runner stops a run still going, which finishes writing its files

void TrainSession::setModelId(const QString& id) {
    if (id == modelId_) return;
    modelId_ = id;
    settings::setTrainModel(id);
    Q_EMIT modelIdChanged(id);
}

void TrainSession::setRunsFolder(const QString& folder) {
    const bool changed = folder != runsFolder_;
    runsFolder_ = folder;
    settings::setTrainRunsFolder(folder);
    if (changed) Q_EMIT runsFolderChanged(folder);
}

void TrainSession::setBaseConfig(const TrainConfig& base) {
    base_ = base;
    TrainSettings s = settings_;
    s.batchSize = base.batchSize;
    s.imageSize = base.imageSize;
    s.seed = static_cast<qint64>(std::min<std::uint64_t>(base.seed, 2147483647));
    setSettings(s);
    refreshRuns();
}

void TrainSession::setPlanSource(std::function<FreezePlan()> plan, std::function<HeadConfig()> head) {
    planSource_ = std::move(plan);
    headSource_ = std::move(head);
}

void TrainSession::setAugmentSource(std::function<std::optional<AugmentConfig>()> augment) { augmentSource_ = std::move(augment); }

void TrainSession::setSettings(const TrainSettings& settings) {
    if (settings == settings_) return;
    settings_ = settings;
    settings::setTrainSettings(toMap(settings_));
    Q_EMIT settingsChanged(settings_);
}

bool TrainSession::restoreSettings(const QString& runDir, QString* error) {
    if (running()) {
        if (error) *error = tr("a run is going");
        return false;
    }
    const RunInfo info = readRunInfo(runDir);
    if (!info.config || info.config->phases.empty()) {
        if (error)
            *error =
                info.configProblem.isEmpty() ? tr("%1 holds no training phase").arg(runDir + QStringLiteral("/config.json")) : info.configProblem;
        return false;
    }
    const TrainConfig& c = *info.config;
    TrainSettings s = settings_;
    const PhaseConfig& first = c.phases.front();
    s.epochs = first.epochs;
    if (kOptimizers.contains(QString::fromStdString(first.optimizer.name))) s.optimizer = QString::fromStdString(first.optimizer.name);
    s.learningRate = first.optimizer.lr;
    s.fineTuneEpochs = c.phases.size() > 1 ? c.phases[1].epochs : 0;
    if (c.phases.size() > 1) s.fineTuneLearningRate = c.phases[1].optimizer.lr;
    s.batchSize = c.batchSize;
    s.imageSize = c.imageSize;
    s.seed = static_cast<qint64>(std::min<std::uint64_t>(c.seed, 2147483647));
    if (kPrecisions.contains(QString::fromStdString(c.precision))) s.precision = QString::fromStdString(c.precision);
    setSettings(s);
    Q_EMIT configRestored(c);
    setStatus([name = info.name] { return tr("The settings of %1 are back in the form.").arg(name); });
    return true;
}

TrainConfig TrainSession::config() const {
    TrainConfig c = base_;
    if (augmentSource_)
        if (const std::optional<AugmentConfig> a = augmentSource_()) {
            c.augment = true;
            c.augmentation = *a;
        }
    c.batchSize = settings_.batchSize;
    c.imageSize = settings_.imageSize;
    c.seed = static_cast<std::uint64_t>(settings_.seed);
    c.precision = settings_.precision.toStdString();
    c.device = DeviceChoice::instance().current().toStdString();  // the application's one choice (status bar)
    if (headSource_) c.head = headSource_();
    PhaseConfig first;
    first.epochs = settings_.epochs;
    if (planSource_) first.freeze = planSource_();
    first.optimizer.name = settings_.optimizer.toStdString();
    first.optimizer.lr = settings_.learningRate;
    c.phases = {first};
    if (settings_.fineTuneEpochs > 0) c.phases.push_back(fineTunePhase(settings_.fineTuneEpochs, settings_.fineTuneLearningRate));
    return c;
}

bool TrainSession::running() const { return runner_->running(); }

bool TrainSession::paused() const { return runner_->paused(); }

bool TrainSession::resumeRun(const QString& runDir, QString* error) {
    if (running()) {
        if (error) *error = tr("a run is going");
        return false;
    }
    const RunInfo info = readRunInfo(runDir);
    int total = 0;
    if (info.config)
        for (const auto& p : info.config->phases) total += p.epochs;
    Q_EMIT runStarting(total);
    QString why;
    if (!runner_->resumeRun(runDir, &why)) {
        setStatus([why] { return tr("Cannot resume: %1").arg(why); }, true);
        if (error) *error = why;
        return false;
    }
    currentRunDir_ = runDir;
    setStatus([name = info.name] { return tr("Resuming %1…").arg(name); });
    Q_EMIT runningChanged(true);
    return true;
}

bool TrainSession::deleteRun(const QString& runDir, QString* error) {
    if (running() && QFileInfo(runDir) == QFileInfo(currentRunDir_)) {
        if (error) *error = tr("it is the run going; stop it first");
        return false;
    }
    if (!QFileInfo(runDir).isDir()) {
        if (error) *error = tr("%1 is not a folder any more").arg(runDir);
        refreshRuns();
        return false;
    }
    QString inTrash;
    if (!QFile::moveToTrash(runDir, &inTrash)) {
        if (error) *error = tr("it cannot be moved to the trash here, so nothing was deleted");
        return false;
    }
    // Qt 6.4 "succeeds" where it cannot make the trash folder ($XDG_DATA_HOME/Trash): it moves the folder into
    // files/ under the current directory and says so with a relative path. Put it back and say there is no trash.
    if (QFileInfo(inTrash).isRelative()) {
        const QFileInfo moved(inTrash);
        const bool back = QDir().rename(moved.absoluteFilePath(), runDir);
        QDir cwd;
        cwd.remove(QStringLiteral("info/%1.trashinfo").arg(moved.fileName()));
        cwd.rmdir(QStringLiteral("files"));  // only when empty: what was there before stays
        cwd.rmdir(QStringLiteral("info"));
        if (error)
            *error = back ? tr("it cannot be moved to the trash here, so nothing was deleted")
                          : tr("there is no trash here; the folder was moved to %1 instead").arg(moved.absoluteFilePath());
        refreshRuns();
        return false;
    }
    refreshRuns();
    return true;
}

void TrainSession::setStatus(std::function<QString()> text, bool log) {
    status_ = std::move(text);
    idleStatus_ = false;  // setBlocker() and startRun() say when it is the idle line
    const QString now = status();
    Q_EMIT statusChanged(now);
    if (log) Q_EMIT logged(now);
}

QString TrainSession::runStatusText(const std::string& status) {
    if (status == "completed") return tr("completed");
    if (status == "early_stopped") return tr("stopped early");
    if (status == "stopped") return tr("stopped");
    return QString::fromStdString(status);
}

QString TrainSession::runText(const RunEntry& run) {
    if (run.unreadable) return tr("%1 — cannot be read").arg(run.name);
    if (!run.ended) return run.name;
    return tr("%1 — %2, %3 epoch(s), best %4").arg(run.name, runStatusText(run.status)).arg(run.epochs).arg(formatAccuracy(run.bestAccuracy));
}

void TrainSession::refreshRuns() {
    runs_.clear();
    const QDir folder(QString::fromStdString(base_.outputDir));
    for (const QFileInfo& dir : folder.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time)) {
        if (!QFileInfo::exists(dir.filePath() + QStringLiteral("/events.jsonl"))) continue;
        RunEntry entry;
        entry.dir = dir.filePath();
        entry.name = dir.fileName();
        try {
            const RunRecord run = readRun(dir.filePath().toStdString());
            if (!run.name.empty()) entry.name = QString::fromStdString(run.name);
            entry.ended = run.ended;
            entry.status = run.end.status;
            entry.epochs = run.end.epochs;
            entry.bestAccuracy = run.end.bestValidationAccuracy;
        } catch (const Error& e) {
            entry.unreadable = true;
            entry.problem = QString::fromStdString(e.what());
        }
        runs_.push_back(std::move(entry));
    }
    Q_EMIT runsChanged();
}

bool TrainSession::openRun(const QString& runDir, QString* error) {
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
    Q_EMIT runLoaded(run);
    RunResult result = run.end;
    result.runDir = run.dir;
    setStatus([runDir, epochs = run.epochs.size(), best = result.bestValidationAccuracy, bestEpoch = result.bestEpoch, damaged = run.damagedLines] {
        QString message =
            tr("Run %1: %2 epoch(s), best validation accuracy %3 at epoch %4.").arg(runDir).arg(epochs).arg(formatAccuracy(best)).arg(bestEpoch);
        if (damaged > 0) message += QLatin1Char(' ') + tr("%n damaged line(s) of its events were skipped.", nullptr, damaged);
        return message;
    });
    Q_EMIT runOpened(result, QString::fromStdString(run.dataset));
    return true;
}

void TrainSession::setBlocker(std::function<QString()> why) {
    blocker_ = std::move(why);
    Q_EMIT blockerChanged();
    if (running()) return;
    // The idle line (the blocker, or "Ready." once there is none) comes back when something blocks Start; a run's
    // result stays on the line until then.
    if (blocker_ || idleStatus_) {
        setStatus([this] { return blocker_ ? blocker_() : tr("Ready."); });
        idleStatus_ = true;
    }
}

QString TrainSession::defaultRunName() const {
    const QString dataset = QFileInfo(QDir::cleanPath(QString::fromStdString(base_.dataset))).fileName();
    const ModelSpec* spec = Catalog::builtin().find(base_.model.empty() ? modelId_.toStdString() : base_.model);
    QStringList parts;
    if (!dataset.isEmpty()) parts << dataset;
    parts << (spec ? QString::fromStdString(spec->name) : modelId_);
    parts << QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    return parts.join(QStringLiteral(" \u00b7 "));
}

void TrainSession::startRun() { startNamedRun(QString()); }

void TrainSession::startNamedRun(const QString& name) {
    if (runner_->running()) return;
    if (blocker_) {
        setStatus([this] { return blocker_ ? blocker_() : tr("Ready."); });
        idleStatus_ = true;
        return;
    }
    TrainConfig c = config();
    const QString named = name.trimmed().isEmpty() ? defaultRunName() : name.trimmed();
    c.name = named.toStdString();
    if (c.name.size() > kMaxRunNameBytes) c.name = named.left(200).toStdString();  // a name pasted by mistake: its start
    int total = 0;
    for (const auto& p : c.phases) total += p.epochs;
    Q_EMIT runStarting(total);
    // Each run gets its own folder under the runs folder: MODEL-yyyyMMdd-hhmmss (-2, -3… when taken).
    const QString stem = QStringLiteral("%1/%2-%3")
                             .arg(QString::fromStdString(base_.outputDir), QString::fromStdString(c.model),
                                  QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss")));
    QString dir = stem;
    for (int n = 2; QFileInfo::exists(dir); ++n) dir = stem + QStringLiteral("-%1").arg(n);
    c.outputDir = dir.toStdString();
    QString error;
    if (!runner_->start(c, &error)) {
        setStatus([error] { return tr("Cannot start: %1").arg(error); }, true);
        return;
    }
    currentRunDir_ = dir;
    setStatus([named] { return tr("Starting %1…").arg(named); });
    Q_EMIT runningChanged(true);
}

void TrainSession::togglePause() {
    if (!runner_->running()) return;
    if (runner_->paused()) runner_->resume();
    else runner_->pause();
}

void TrainSession::stopRun() {
    if (!runner_->running()) return;
    runner_->stop();
    setStatus([] { return tr("Stopping after the current batch…"); });
}

}  // namespace tl::ui

#pragma once
// The Train area's state, which its widgets observe (as Tiled's MapDocument is for its views): the dataset in use
// and the chosen model (remembered between sessions), where runs go, the run settings being edited, the current
// run (its runner), the runs found in the runs folder, and the status line. Widgets change it through its setters
// and slots and show what its signals say; none of them holds a copy of it.

#include "train/trainmetatypes.h"

#include "tl/dataset.h"
#include "tl/train_config.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tl::ui {

class TrainRunner;

/// The run settings of the form (the device is the application's one choice, not one of them).
struct TrainSettings {
    QString optimizer = QStringLiteral("adam");
    double learningRate = 1e-3;
    int epochs = 5;
    int fineTuneEpochs = 0;  ///< 0: no second phase
    double fineTuneLearningRate = kFineTuneLr;
    int batchSize = 32;
    int imageSize = 0;  ///< the network's input; 0: the model's
    qint64 seed = 42;
    QString precision = QStringLiteral("fp32");
    bool operator==(const TrainSettings&) const = default;
};

/// A run folder found in the runs folder: what its events say (TrainSession::runText shows it in the current language).
struct RunEntry {
    QString dir;
    QString name;               ///< the run's name (config.json), or the folder's name when it has none
    bool ended = false;         ///< its events hold its end
    std::string status;         ///< how it ended, as core writes it ("completed", "early_stopped", "stopped")
    int epochs = 0;             ///< epochs completed
    double bestAccuracy = 0.0;  ///< best validation accuracy
    bool unreadable = false;    ///< its events cannot be read
    QString problem;            ///< why; empty when they can
};

class TrainSession : public QObject {
    Q_OBJECT
public:
    explicit TrainSession(QObject* parent = nullptr);
    ~TrainSession() override;

    // What to train.
    /// The chosen catalog model (remembered: the next session starts with it; "resnet50" at first).
    QString modelId() const { return modelId_; }
    void setModelId(const QString& id);
    const Dataset& dataset() const { return dataset_; }
    void setDataset(const Dataset& dataset) { dataset_ = dataset; }
    /// Where each run gets its folder (default: the application's data folder, "runs"; remembered).
    QString runsFolder() const { return runsFolder_; }
    void setRunsFolder(const QString& folder);

    /// Model, weights, dataset and image size; its outputDir is the runs folder. Takes its batch size, image size
    /// and seed into the settings and reads the runs folder.
    void setBaseConfig(const TrainConfig& base);
    const TrainConfig& baseConfig() const { return base_; }
    /// Where the freeze plan and the head of phase 1 come from (the Model panel).
    void setPlanSource(std::function<FreezePlan()> plan, std::function<HeadConfig()> head);
    /// Where the augmentation comes from (the Augmentation tab): nullopt when the images are not augmented.
    void setAugmentSource(std::function<std::optional<AugmentConfig>()> augment);

    /// The form's settings (remembered: the next session starts with the last ones).
    const TrainSettings& settings() const { return settings_; }
    void setSettings(const TrainSettings& settings);
    /// The settings of the run in `runDir` (its config.json) in the form; configRestored() carries the rest of its
    /// configuration (augmentation, layers trained, head) to the panels that hold it. False, with why, when the
    /// config cannot be read or a run is going.
    bool restoreSettings(const QString& runDir, QString* error = nullptr);
    /// The run Start would start (its outputDir still the runs folder; the device the application's choice).
    TrainConfig config() const;
    /// The name a new run gets unless the user gives another: "<dataset folder> · <model> · <yyyy-MM-dd HH:mm>".
    QString defaultRunName() const;

    // The current run.
    TrainRunner* runner() const { return runner_; }
    bool running() const;
    bool paused() const;
    /// The folder of the run going; "" when none is.
    QString currentRunDir() const { return running() ? currentRunDir_ : QString(); }
    /// Continues the interrupted or stopped run in `runDir` from its last checkpoint (RunInfo::resumable).
    bool resumeRun(const QString& runDir, QString* error = nullptr);
    /// Moves the run folder `runDir` to the trash and reads the runs folder again. Refused for the run going, and
    /// when there is no trash to move it to (nothing is deleted then).
    bool deleteRun(const QString& runDir, QString* error = nullptr);
    /// The status line, in the current language (made again from what it says at each call). While nothing can be
    /// started it says why (the blocker), never "Ready.".
    QString status() const { return status_ ? status_() : QString(); }
    /// Why Start cannot start a run now (no dataset yet, the model still being built, its weights missing…), in the
    /// current language; "" when it can. The area that knows sets it; a session of its own never is blocked.
    QString blocker() const { return blocker_ ? blocker_() : QString(); }
    bool canStart() const { return !blocker_; }
    /// `why` (made in the current language at each call) blocks Start; an empty function lets it start.
    void setBlocker(std::function<QString()> why);

    // The runs folder's runs, newest first.
    const std::vector<RunEntry>& runs() const { return runs_; }
    /// A run of the list as shown: its name, and how it ended when it did, in the current language.
    static QString runText(const RunEntry& run);
    /// A run's status as core writes it ("completed", "early_stopped", "stopped"), in the current language; an
    /// unknown one as it is.
    static QString runStatusText(const std::string& status);
    void refreshRuns();
    /// Shows the curves of an earlier run from its events (runLoaded). False, with the reason, when it cannot.
    bool openRun(const QString& runDir, QString* error = nullptr);
    /// Shows `message` as the status line (what a widget could not do).
    void reportProblem(const QString& message) {
        setStatus([message] { return message; });
    }
    /// The same, with a message made in the current language each time it is shown.
    void reportProblem(std::function<QString()> message) { setStatus(std::move(message)); }

public Q_SLOTS:
    /// Starts a run named defaultRunName().
    void startRun();
    /// Starts a run named `name` (config.json and the model file keep it; Classify and Compare show it). An empty
    /// name: defaultRunName().
    void startNamedRun(const QString& name);
    void togglePause();
    void stopRun();

Q_SIGNALS:
    void modelIdChanged(const QString& id);
    void settingsChanged(const tl::ui::TrainSettings& settings);
    void runsChanged();
    /// setRunsFolder() chose another folder.
    void runsFolderChanged(const QString& folder);
    void statusChanged(const QString& status);
    /// The blocker changed (blocker(), canStart()).
    void blockerChanged();
    /// A line for the run's log.
    void logged(const QString& line);
    /// A run is about to start (its curves start afresh): its epochs in all.
    void runStarting(int totalEpochs);
    void runningChanged(bool running);
    void runFinished(const tl::RunResult& result);
    void runFailed(const QString& message);
    /// An earlier run was read for display (runOpened follows).
    void runLoaded(const tl::RunRecord& run);
    /// restoreSettings() read this configuration: the panels outside the form take their part of it.
    void configRestored(const tl::TrainConfig& config);
    /// An earlier run was opened from the list: its result (from its events) and its dataset folder.
    void runOpened(const tl::RunResult& result, const QString& dataset);

private:
    /// `text` makes the status line in the current language (it is called again after a language change); `log`
    /// also writes it (as it reads now) to the run's log.
    void setStatus(std::function<QString()> text, bool log = false);

    QString modelId_;
    Dataset dataset_;
    QString runsFolder_;
    TrainConfig base_;
    TrainSettings settings_;
    std::function<FreezePlan()> planSource_;
    std::function<HeadConfig()> headSource_;
    std::function<std::optional<AugmentConfig>()> augmentSource_;
    TrainRunner* runner_ = nullptr;
    QString currentRunDir_;
    std::vector<RunEntry> runs_;
    std::function<QString()> status_;
    std::function<QString()> blocker_;
    bool idleStatus_ = true;  ///< the status line is the idle one (the blocker, or "Ready.")
};

}  // namespace tl::ui

Q_DECLARE_METATYPE(tl::ui::TrainSettings)

#pragma once
// The Train part of the training area: the optimizer, learning rates, epochs of the two phases (the head
// first, then the last block with SGD at a low learning rate, as the tutorials do), batch size, precision and
// device; Start / Pause / Resume / Stop; and, while a worker thread trains, live charts — the loss of every
// batch (raw and smoothed) with the train and validation loss of each epoch, and the train and validation
// accuracy per epoch, with the phase boundary and the best epoch marked — a progress bar with epoch, batch,
// images/s and ETA, and the log.

#include "train/trainmetatypes.h"

#include "tl/train_config.h"

#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QCPGraph;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace tl::ui {

class TrainRunner;

class TrainPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainPanel(QWidget* parent = nullptr);
    ~TrainPanel() override;

    /// What to train: model, weights, dataset and image size; its outputDir is the folder under which each
    /// run gets a folder of its own. The rest comes from the panel.
    void setBaseConfig(const TrainConfig& base);
    /// Where the freeze plan and the head of phase 1 come from (the Model panel).
    void setPlanSource(std::function<FreezePlan()> plan, std::function<HeadConfig()> head);
    /// Where the augmentation comes from (the Augmentation tab): nullopt when the images are not augmented.
    void setAugmentSource(std::function<std::optional<AugmentConfig>()> augment);
    /// The run the Start button would start (its outputDir still the runs folder).
    TrainConfig config() const;

    TrainRunner* runner() const { return runner_; }
    QPushButton* startButton() const { return start_; }
    QPushButton* pauseButton() const { return pause_; }
    QPushButton* stopButton() const { return stop_; }
    QSpinBox* epochs() const { return epochs_; }
    QSpinBox* fineTuneEpochs() const { return fineTuneEpochs_; }
    QSpinBox* batchSize() const { return batch_; }
    QDoubleSpinBox* learningRate() const { return lr_; }
    QComboBox* optimizer() const { return optimizer_; }
    QCustomPlot* lossPlot() const { return lossPlot_; }
    QCustomPlot* accuracyPlot() const { return accuracyPlot_; }
    QProgressBar* progress() const { return progress_; }
    QLabel* status() const { return status_; }
    QPlainTextEdit* log() const { return log_; }
    /// The runs in the runs folder, newest first (their folders as Qt::UserRole).
    QListWidget* runs() const { return runs_; }

    /// Shows the curves of an earlier run from its events.jsonl. False, with the reason, when it cannot be read.
    bool loadRun(const QString& runDir, QString* error = nullptr);
    void refreshRuns();

    /// The curves' series, for tests and export: batch loss, smoothed batch loss, epoch train loss, epoch
    /// validation loss, epoch train accuracy, epoch validation accuracy, best epoch.
    enum Series { BatchLoss, SmoothedLoss, TrainLoss, ValidationLoss, TrainAccuracy, ValidationAccuracy, BestEpoch };
    int pointCount(Series s) const;
    /// Epochs (x) where a later phase began.
    const QVector<double>& phaseBoundaries() const { return boundaries_; }

public Q_SLOTS:
    void startRun();
    void togglePause();
    void stopRun();

Q_SIGNALS:
    void runFinished(const tl::RunResult& result);
    void runFailed(const QString& message);
    /// An earlier run was opened from the list: its result (from its events) and its dataset folder.
    void runOpened(const tl::RunResult& result, const QString& dataset);

private:
    void takeBatches();
    void addBatches(const std::vector<BatchEnd>& batches);
    void clearCurves(int totalEpochs);
    void onEpoch(const EpochEnd& e);
    void onPhase(const PhaseStart& p);
    void setRunning(bool running);
    void appendLog(const QString& line);
    QCPGraph* graph(Series s) const;

    TrainConfig base_;
    std::function<FreezePlan()> planSource_;
    std::function<HeadConfig()> headSource_;
    std::function<std::optional<AugmentConfig>()> augmentSource_;
    TrainRunner* runner_ = nullptr;
    QComboBox* optimizer_ = nullptr;
    QDoubleSpinBox* lr_ = nullptr;
    QSpinBox* epochs_ = nullptr;
    QSpinBox* fineTuneEpochs_ = nullptr;
    QDoubleSpinBox* fineTuneLr_ = nullptr;
    QSpinBox* batch_ = nullptr;
    QComboBox* precision_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* pause_ = nullptr;
    QPushButton* stop_ = nullptr;
    QCustomPlot* lossPlot_ = nullptr;
    QCustomPlot* accuracyPlot_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
    QListWidget* runs_ = nullptr;
    QVector<double> boundaries_;
    double smoothed_ = 0.0;
    bool haveSmoothed_ = false;
    std::int64_t totalSteps_ = 0;
    int totalEpochs_ = 0;
    int epochsDone_ = 0;
};

}  // namespace tl::ui

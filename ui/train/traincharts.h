#pragma once
// The Train tab's live view of a run, or of an earlier run read back: the loss of every batch (raw and smoothed)
// with the train and validation loss of each epoch (linear or log scale, by choice), the train and validation
// accuracy per epoch in percent, the phase boundary and the best epoch marked (QCustomPlot; legends below the
// charts, values on hover); a progress bar with epoch and batch; the session's status
// line; and the run's log. It shows what the session and its runner say and holds nothing else.

#include "train/trainmetatypes.h"

#include <QVector>
#include <QWidget>

#include <cstdint>
#include <utility>
#include <vector>

class QCheckBox;
class QCPGraph;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QPlainTextEdit;
class QProgressBar;

namespace tl::ui {

class ChartHover;
class TrainSession;

class TrainCharts : public QWidget {
    Q_OBJECT
public:
    explicit TrainCharts(TrainSession* session, QWidget* parent = nullptr);

    QCustomPlot* lossPlot() const { return lossPlot_; }
    QCustomPlot* accuracyPlot() const { return accuracyPlot_; }
    /// Shows the loss on a log scale (remembered in the settings).
    QCheckBox* logScale() const { return logScale_; }
    /// The charts' tooltips (what hovering over a point shows).
    ChartHover* lossHover() const { return lossHover_; }
    ChartHover* accuracyHover() const { return accuracyHover_; }
    QProgressBar* progress() const { return progress_; }
    QLabel* status() const { return status_; }
    QPlainTextEdit* log() const { return log_; }

    /// The curves' series, for tests and export: batch loss, smoothed batch loss, epoch train loss, epoch
    /// validation loss, epoch train accuracy, epoch validation accuracy, best epoch.
    enum Series { BatchLoss, SmoothedLoss, TrainLoss, ValidationLoss, TrainAccuracy, ValidationAccuracy, BestEpoch };
    int pointCount(Series s) const;
    /// Epochs (x) where a later phase began.
    const QVector<double>& phaseBoundaries() const { return boundaries_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    /// Axis labels, legend names, phase labels, the progress bar's text and the status line, in the current language.
    void retranslate();
    void showProgress();
    void clearCurves(int totalEpochs);
    void showRun(const RunRecord& run);
    void addBatches(const std::vector<BatchEnd>& batches);
    void onPhase(const PhaseStart& p);
    void onEpoch(const EpochEnd& e);
    void appendLog(const QString& line);
    QCPGraph* graph(Series s) const;
    void setLogScale(bool on);
    /// The loss axis fitted to the data; on a log scale to the positive values only.
    void rescaleLoss();

    QCustomPlot* lossPlot_ = nullptr;
    QCustomPlot* accuracyPlot_ = nullptr;
    QCheckBox* logScale_ = nullptr;
    ChartHover* lossHover_ = nullptr;
    ChartHover* accuracyHover_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QPlainTextEdit* log_ = nullptr;
    TrainSession* session_ = nullptr;
    QVector<double> boundaries_;
    std::vector<std::pair<QCPItemText*, int>> phaseLabels_;  ///< the labels at the phase boundaries, and their phase
    int lastEpoch_ = 0, lastBatch_ = 0, lastBatches_ = 0;    ///< where the progress bar is (0: no batch yet)
    double smoothed_ = 0.0;
    bool haveSmoothed_ = false;
    std::int64_t totalSteps_ = 0;
    int totalEpochs_ = 0;
    int epochsDone_ = 0;
};

}  // namespace tl::ui

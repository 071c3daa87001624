#pragma once
// Several earlier runs' curves in one chart, to see which settings did better: each run's validation accuracy
// per epoch (solid, left axis) and validation loss per epoch (dashed, right axis) in one colour per run, the
// legend naming each run by its folder. Opened from the runs list ("Compare curves").

#include "train/runinfo.h"

#include <QDialog>

#include <vector>

class QCPGraph;
class QCustomPlot;
class QLabel;

namespace tl::ui {

class RunsOverlay : public QDialog {
    Q_OBJECT
public:
    explicit RunsOverlay(QWidget* parent = nullptr);

    /// Shows these runs (a run without validation epochs gets a legend entry and no points).
    void setRuns(const std::vector<RunInfo>& runs);
    int runCount() const { return static_cast<int>(accuracy_.size()); }
    QCPGraph* accuracyGraph(int run) const { return accuracy_.at(static_cast<std::size_t>(run)); }
    QCPGraph* lossGraph(int run) const { return loss_.at(static_cast<std::size_t>(run)); }
    QCustomPlot* plot() const { return plot_; }
    /// The line under the chart: how to read it, and the runs that have no validation epochs.
    QLabel* note() const { return note_; }

    /// The colour of the run-th run (distinct for the first ten, then they repeat).
    static QColor colour(int run);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    QCustomPlot* plot_ = nullptr;
    QLabel* note_ = nullptr;
    std::vector<QCPGraph*> accuracy_, loss_;
    QStringList withoutValidation_;
};

}  // namespace tl::ui

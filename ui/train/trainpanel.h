#pragma once
// The Train tab: the settings form with Start / Pause / Resume / Stop, the earlier runs and the chosen run's
// details on the left, the charts, progress, status and log of the run on the right. All show the Train area's
// session (train/trainsession.h), which holds the settings, the run and the runs list.

#include "tl/train_config.h"

#include <QWidget>

class QLabel;

namespace tl::ui {

class RunDetails;
class RunsList;
class TrainCharts;
class TrainForm;
class TrainSession;

class TrainPanel : public QWidget {
    Q_OBJECT
public:
    /// A panel with a session of its own.
    explicit TrainPanel(QWidget* parent = nullptr);
    /// A panel showing `session` (the area's).
    TrainPanel(TrainSession* session, QWidget* parent);
    ~TrainPanel() override;

    TrainSession* session() const { return session_; }
    TrainForm* form() const { return form_; }
    TrainCharts* charts() const { return charts_; }
    RunsList* runsList() const { return runs_; }
    /// The details of the run chosen in the runs list.
    RunDetails* runDetails() const { return details_; }
    /// The run the Start button would start (its outputDir still the runs folder; the device the application's).
    TrainConfig config() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    TrainSession* session_;
    TrainForm* form_ = nullptr;
    TrainCharts* charts_ = nullptr;
    RunsList* runs_ = nullptr;
    RunDetails* details_ = nullptr;
    QLabel* runsLabel_ = nullptr;
};

}  // namespace tl::ui

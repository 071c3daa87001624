#include "train/runslist.h"

#include "train/trainsession.h"

namespace tl::ui {

RunsList::RunsList(TrainSession* session, QWidget* parent) : QListWidget(parent), session_(session) {
    setToolTip(tr("Double-click a run to show its curves and evaluate its model"));
    connect(session_, &TrainSession::runsChanged, this, &RunsList::showRuns);
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        QString error;
        if (!session_->openRun(item->data(Qt::UserRole).toString(), &error)) session_->reportProblem(tr("Cannot open the run: %1").arg(error));
    });
    showRuns();
}

void RunsList::showRuns() {
    clear();
    for (const RunEntry& run : session_->runs()) {
        auto* item = new QListWidgetItem(run.text, this);
        if (!run.problem.isEmpty()) item->setToolTip(run.problem);
        item->setData(Qt::UserRole, run.dir);
    }
}

}  // namespace tl::ui

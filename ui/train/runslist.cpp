#include "train/runslist.h"

#include "train/trainsession.h"

#include <QEvent>

#include <algorithm>

namespace tl::ui {

RunsList::RunsList(TrainSession* session, QWidget* parent) : QListWidget(parent), session_(session) {
    connect(session_, &TrainSession::runsChanged, this, &RunsList::showRuns);
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        QString error;
        if (!session_->openRun(item->data(Qt::UserRole).toString(), &error))
            session_->reportProblem([error] { return tr("Cannot open the run: %1").arg(error); });
    });
    showRuns();
    retranslate();
}

void RunsList::showRuns() {
    clear();
    for (const RunEntry& run : session_->runs()) {
        auto* item = new QListWidgetItem(TrainSession::runText(run), this);
        if (!run.problem.isEmpty()) item->setToolTip(run.problem);
        item->setData(Qt::UserRole, run.dir);
    }
}

// The items keep their place, selection and scroll position: only their texts change.
void RunsList::retranslate() {
    setToolTip(tr("Double-click a run to show its curves and evaluate its model"));
    const std::vector<RunEntry>& runs = session_->runs();
    for (int i = 0; i < count(); ++i) {
        QListWidgetItem* it = item(i);
        const QString dir = it->data(Qt::UserRole).toString();
        const auto run = std::find_if(runs.begin(), runs.end(), [&](const RunEntry& r) { return r.dir == dir; });
        if (run != runs.end()) it->setText(TrainSession::runText(*run));
    }
}

void RunsList::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QListWidget::changeEvent(event);
}

}  // namespace tl::ui

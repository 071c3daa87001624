#include "train/trainpanel.h"

#include "common/verticalscroll.h"
#include "train/rundetails.h"
#include "train/runinfo.h"
#include "train/runslist.h"
#include "train/traincharts.h"
#include "train/trainform.h"
#include "train/trainsession.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QFrame>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace tl::ui {

TrainPanel::TrainPanel(QWidget* parent) : TrainPanel(nullptr, parent) {}

TrainPanel::TrainPanel(TrainSession* session, QWidget* parent) : QWidget(parent), session_(session ? session : new TrainSession(this)) {
    form_ = new TrainForm(session_, this);
    runs_ = new RunsList(session_, this);
    charts_ = new TrainCharts(session_, this);
    details_ = new RunDetails(this);
    connect(runs_, &RunsList::runChosen, details_,
            [this](const QString& dir) { details_->showRun(dir.isEmpty() ? std::nullopt : std::optional<RunInfo>(readRunInfo(dir))); });
    auto* runsPart = new QWidget(this);
    auto* runsLayout = new QVBoxLayout(runsPart);
    runsLayout->setContentsMargins(0, 0, 0, 0);
    runsLabel_ = new QLabel(runsPart);
    runsLabel_->setBuddy(runs_);
    runsLayout->addWidget(runsLabel_);
    runsLayout->addWidget(runs_, 1);
    // The runs and the chosen run's details share the space under the form; the user moves the line between them.
    auto* runsSplit = new QSplitter(Qt::Vertical, this);
    runsSplit->addWidget(runsPart);
    runsSplit->addWidget(details_);
    runsSplit->setChildrenCollapsible(false);
    runsSplit->setStretchFactor(0, 1);
    runsSplit->setStretchFactor(1, 2);
    // The form and the runs scroll when the window is short (it fits 1024 × 640); taller, the runs take the room.
    auto* leftPart = new QWidget(this);
    auto* left = new QVBoxLayout(leftPart);
    left->setContentsMargins(0, 0, 0, 0);
    left->addWidget(form_);
    left->addWidget(runsSplit, 1);
    auto* leftScroll = new VerticalScroll(leftPart, this);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(leftScroll);
    layout->addWidget(charts_, 1);
    retranslate();
}

void TrainPanel::retranslate() { runsLabel_->setText(tr("Earlier runs:")); }

void TrainPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

TrainPanel::~TrainPanel() = default;

TrainConfig TrainPanel::config() const { return session_->config(); }

}  // namespace tl::ui

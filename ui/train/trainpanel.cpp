#include "train/trainpanel.h"

#include "train/runslist.h"
#include "train/traincharts.h"
#include "train/trainform.h"
#include "train/trainsession.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace tl::ui {

TrainPanel::TrainPanel(QWidget* parent) : TrainPanel(nullptr, parent) {}

TrainPanel::TrainPanel(TrainSession* session, QWidget* parent) : QWidget(parent), session_(session ? session : new TrainSession(this)) {
    form_ = new TrainForm(session_, this);
    runs_ = new RunsList(session_, this);
    charts_ = new TrainCharts(session_, this);
    auto* left = new QVBoxLayout;
    left->addWidget(form_);
    runsLabel_ = new QLabel(this);
    left->addWidget(runsLabel_);
    left->addWidget(runs_, 1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left);
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

#include "train/runsoverlay.h"

#include <qcustomplot.h>

#include <QDialogButtonBox>
#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace tl::ui {

RunsOverlay::RunsOverlay(QWidget* parent) : QDialog(parent) {
    plot_ = new QCustomPlot(this);
    plot_->setMinimumSize(480, 300);
    plot_->legend->setVisible(true);
    plot_->legend->setFont(QFont(plot_->font().family(), 8));
    plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignRight | Qt::AlignBottom);
    plot_->yAxis->setRange(0, 100);
    plot_->yAxis2->setVisible(true);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(plot_, 1);
    layout->addWidget(note_);
    layout->addWidget(buttons);
    resize(760, 480);
    retranslate();
}

QColor RunsOverlay::colour(int run) {
    static const QColor kColours[] = {QColor(31, 119, 180), QColor(255, 127, 14),  QColor(44, 160, 44),   QColor(214, 39, 40),  QColor(148, 103, 189),
                                      QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34), QColor(23, 190, 207)};
    return kColours[run % 10];
}

void RunsOverlay::setRuns(const std::vector<RunInfo>& runs) {
    plot_->clearGraphs();
    accuracy_.clear();
    loss_.clear();
    withoutValidation_.clear();
    double maxLoss = 0.0;
    int maxEpoch = 1;
    for (const RunInfo& run : runs) {
        const QColor c = colour(static_cast<int>(accuracy_.size()));
        QCPGraph* acc = plot_->addGraph(plot_->xAxis, plot_->yAxis);
        acc->setName(run.name);
        acc->setPen(QPen(c, 2));
        acc->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        QCPGraph* loss = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
        loss->setName(run.name);
        loss->setPen(QPen(c, 1.5, Qt::DashLine));
        loss->removeFromLegend();  // one legend entry a run: its accuracy line names it
        bool validation = false;
        if (run.record)
            for (const EpochEnd& e : run.record->epochs) {
                if (e.validation.images == 0) continue;
                validation = true;
                acc->addData(e.epoch, e.validation.accuracy * 100.0);
                loss->addData(e.epoch, e.validation.loss);
                maxLoss = std::max(maxLoss, e.validation.loss);
                maxEpoch = std::max(maxEpoch, e.epoch);
            }
        if (!validation) withoutValidation_ << run.name;
        accuracy_.push_back(acc);
        loss_.push_back(loss);
    }
    plot_->xAxis->setRange(0.5, maxEpoch + 0.5);
    plot_->yAxis2->setRange(0, maxLoss > 0 ? maxLoss * 1.1 : 1.0);
    retranslate();
    plot_->replot();
}

void RunsOverlay::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QDialog::changeEvent(event);
}

void RunsOverlay::retranslate() {
    setWindowTitle(tr("Compare the runs' curves"));
    plot_->xAxis->setLabel(tr("epoch"));
    plot_->yAxis->setLabel(tr("validation accuracy (%), solid"));
    plot_->yAxis2->setLabel(tr("validation loss, dashed"));
    QString note = tr("Each colour is one run: its validation accuracy per epoch as a solid line, its validation loss as a dashed line.");
    if (!withoutValidation_.isEmpty())
        note += QLatin1Char(' ') + tr("No validation epochs in: %1.").arg(withoutValidation_.join(QStringLiteral(", ")));
    note_->setText(note);
    plot_->replot();
}

}  // namespace tl::ui

#include "train/rundetails.h"

#include "train/trainsession.h"

#include "tl/run_log.h"

#include <QDir>
#include <QEvent>
#include <QLocale>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace tl::ui {
namespace {

const char* const kRowLabels[RunDetails::RowCount] = {
    QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Model:"),        QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Dataset:"),
    QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Epochs:"),       QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Batch size:"),
    QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Image size:"),   QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Learning rate:"),
    QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Optimizer:"),    QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Frozen layers:"),
    QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Augmentation:"), QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Seed:"),
    QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Classes:"),      QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Best validation accuracy:"),
    QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Status:"),       QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Started:"),
    QT_TRANSLATE_NOOP("tl::ui::RunDetails", "Duration:")};

QString number(double v) { return QLocale().toString(v, 'g', 6); }

}  // namespace

RunDetails::RunDetails(QWidget* parent) : QWidget(parent) {
    view_ = new QTextBrowser(this);
    view_->setOpenLinks(false);
    view_->setFrameShape(QFrame::NoFrame);
    view_->viewport()->setAutoFillBackground(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
    retranslate();
}

void RunDetails::showRun(std::optional<RunInfo> run) {
    run_ = std::move(run);
    retranslate();
}

QString RunDetails::value(Row row) const { return values_[row]; }

QString RunDetails::percent(double accuracy) { return tr("%1 %").arg(QLocale().toString(accuracy * 100.0, 'f', 1)); }

void RunDetails::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void RunDetails::retranslate() {
    std::array<QString, RowCount>& v = values_;
    v = {};
    if (!run_) {
        title_ = tr("Click a run to see how it was set up and how it went.");
        view_->setHtml(QStringLiteral("<p>%1</p>").arg(title_.toHtmlEscaped()));
        return;
    }
    const RunInfo& run = *run_;
    title_ = run.problem.isEmpty() ? run.name : tr("%1 — its events cannot be read: %2").arg(run.name, run.problem);
    const QLocale locale;
    if (run.config) {
        const TrainConfig& c = *run.config;
        v[Model] = QString::fromStdString(c.model);
        v[Dataset] = QDir::toNativeSeparators(QString::fromStdString(c.dataset));
        v[BatchSize] = locale.toString(c.batchSize);
        v[ImageSize] = c.imageSize > 0 ? tr("%1 px").arg(locale.toString(c.imageSize)) : tr("the model's");
        v[Seed] = QString::number(c.seed);
        v[Augmentation] = c.augment ? tr("on") : tr("off");
        QStringList epochs, rates, optimizers, frozen;
        for (const PhaseConfig& p : c.phases) {
            epochs << locale.toString(p.epochs);
            rates << number(p.optimizer.lr);
            optimizers << QString::fromStdString(p.optimizer.name);
            const FreezePlan& f = p.freeze;
            if (f.preset == "head_only") frozen << tr("all but the head");
            else if (f.preset == "last_block") frozen << tr("all but the last block and the head");
            else if (f.preset == "first_n") frozen << tr("the first %n layer(s)", nullptr, f.firstN);
            else if (f.preset == "all") frozen << tr("none");
            else frozen << tr("%n chosen layer(s)", nullptr, static_cast<int>(f.frozen.size()));
        }
        const QString then = tr(", then ");  // the phases in order: "5, then 2"
        v[Epochs] = epochs.join(then);
        v[LearningRate] = rates.join(then);
        v[Optimizer] = optimizers.join(then);
        v[Frozen] = frozen.join(then);
    } else {
        v[Model] = tr("its configuration cannot be read: %1").arg(run.configProblem);
    }
    v[Classes] = run.classes.isEmpty() ? tr("unknown")
                                       : tr("%n: %1", nullptr, static_cast<int>(run.classes.size())).arg(run.classes.join(QStringLiteral(", ")));
    v[BestAccuracy] = run.bestEpoch > 0 ? tr("%1 at epoch %2").arg(percent(run.bestAccuracy)).arg(run.bestEpoch) : tr("none yet");
    if (!run.record) v[Status] = tr("cannot be read");
    else if (run.ended()) v[Status] = tr("%1 after %n epoch(s)", nullptr, run.record->end.epochs).arg(TrainSession::runStatusText(run.status()));
    else v[Status] = tr("not ended (%n epoch(s) done)", nullptr, static_cast<int>(run.record->epochs.size()));
    if (run.resumable()) v[Status] += QLatin1Char(' ') + tr("— can be resumed");
    v[Date] = run.started.isValid() ? locale.toString(run.started, QLocale::ShortFormat) : tr("unknown");
    v[Duration] = QString::fromStdString(formatDuration(run.seconds));
    QString html = QStringLiteral("<p><b>%1</b></p><table cellspacing=\"0\" cellpadding=\"2\">").arg(title_.toHtmlEscaped());
    for (int r = 0; r < RowCount; ++r)
        html += QStringLiteral("<tr><td style=\"padding-right:8px; white-space:nowrap\">%1</td><td>%2</td></tr>")
                    .arg(tr(kRowLabels[r]).toHtmlEscaped(), v[r].toHtmlEscaped());
    view_->setHtml(html + QStringLiteral("</table>"));
}

}  // namespace tl::ui

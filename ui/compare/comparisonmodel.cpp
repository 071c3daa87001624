#include "compare/comparisonmodel.h"

#include <QFileInfo>

namespace tl::ui {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

QStandardItem* number(double value, const QString& text) {
    auto* item = new QStandardItem(text);
    item->setData(value, ComparisonModel::SortRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString percent(double fraction) { return QString::number(fraction * 100.0, 'f', 1) + QLatin1Char('%'); }

}  // namespace

ComparisonModel::ComparisonModel(QObject* parent) : QStandardItemModel(0, ColumnCount, parent) {
    setSortRole(SortRole);
    setHeaders();
}

void ComparisonModel::setHeaders() {
    // Units on a second line keep the eleven columns narrow enough to fit beside each other.
    setHorizontalHeaderLabels({tr("Model"), tr("Accuracy"), tr("Top-5"), tr("Latency\n(ms/image)"), tr("Images/s"), tr("Params\n(M)"), tr("GFLOPs"),
                               tr("Weights\n(MB)"), tr("Peak memory\n(MB)"), tr("Pareto"), tr("Error")});
    horizontalHeaderItem(Pareto)->setToolTip(
        tr("On the accuracy-vs-latency Pareto front: no other model is at least as accurate and "
           "at least as fast, and better in one"));
    horizontalHeaderItem(Latency)->setToolTip(tr("Mean time per image at batch size 1: decoding, preprocessing and the forward pass"));
    horizontalHeaderItem(PeakMemoryMb)->setToolTip(tr("The process's peak resident memory while the model loaded and ran"));
}

void ComparisonModel::setComparison(const ModelComparison& comparison) {
    removeRows(0, rowCount());
    for (const ComparedModel& m : comparison.models) appendRow(rowFor(m));
}

QList<QStandardItem*> ComparisonModel::rowFor(const ComparedModel& m) const {
    QString name = QString::fromStdString(m.name);
    if (name.isEmpty()) name = QFileInfo(QString::fromStdString(m.ref)).fileName();
    auto* nameItem = new QStandardItem(name);
    nameItem->setData(name, SortRole);
    nameItem->setData(QString::fromStdString(m.ref), RefRole);
    QList<QStandardItem*> row{nameItem};
    const bool failed = !m.error.empty();
    if (failed) {
        for (int c = Accuracy; c <= Pareto; ++c) row << number(-1.0, QString());
    } else {
        row << number(m.evaluation.accuracy, percent(m.evaluation.accuracy)) << number(m.evaluation.top5, percent(m.evaluation.top5))
            << number(m.latencyMs, QString::number(m.latencyMs, 'f', 1)) << number(m.imagesPerSecond, QString::number(m.imagesPerSecond, 'f', 1))
            << number(static_cast<double>(m.params), QString::number(static_cast<double>(m.params) / 1e6, 'f', 2))
            << number(m.gflops, QString::number(m.gflops, 'f', m.gflops < 0.1 ? 3 : 2))
            << number(static_cast<double>(m.weightsBytes), QString::number(static_cast<double>(m.weightsBytes) / kMiB, 'f', 1))
            << number(static_cast<double>(m.peakMemoryBytes), QString::number(static_cast<double>(m.peakMemoryBytes) / kMiB, 'f', 0));
        auto* pareto = new QStandardItem(m.pareto ? QStringLiteral("✓") : QString());
        pareto->setData(m.pareto ? 1.0 : 0.0, SortRole);
        pareto->setTextAlignment(Qt::AlignCenter);
        row << pareto;
    }
    auto* error = new QStandardItem(QString::fromStdString(m.error));
    error->setData(QString::fromStdString(m.error), SortRole);
    if (failed) error->setForeground(QColor(190, 30, 30));
    row << error;
    QString tip = QString::fromStdString(m.ref);
    if (failed) tip = tr("%1 could not be compared: %2").arg(name, QString::fromStdString(m.error));
    else if (!m.weights.empty()) tip += QLatin1Char('\n') + tr("Weights: %1").arg(QString::fromStdString(m.weights));
    for (QStandardItem* item : row) {
        item->setToolTip(tip);
        item->setEditable(false);
    }
    return row;
}

}  // namespace tl::ui

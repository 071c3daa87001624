#include "compare/comparisonmodel.h"

#include "common/format.h"

#include <QFileInfo>

#include <algorithm>

namespace tl::ui {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

QStandardItem* number(double value, const QString& text) {
    auto* item = new QStandardItem(text);
    item->setData(value, ComparisonModel::SortRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QString displayName(const ComparedModel& m) {
    const QString name = QString::fromStdString(m.name);
    return name.isEmpty() ? QFileInfo(QString::fromStdString(m.ref)).fileName() : name;
}

}  // namespace

ComparisonModel::ComparisonModel(QObject* parent) : QStandardItemModel(0, ColumnCount, parent) { setSortRole(SortRole); }

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return QStandardItemModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        // Units on a second line keep the eleven columns narrow enough to fit beside each other.
        const QString titles[ColumnCount] = {tr("Model"),       tr("Accuracy"), tr("Top-5"),         tr("Latency\n(ms/image)"), tr("Images/s"),
                                             tr("Params\n(M)"), tr("GFLOPs"),   tr("Weights\n(MB)"), tr("Peak memory\n(MB)"),   tr("Pareto"),
                                             tr("Error")};
        return titles[section];
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case Pareto:
                return tr(
                    "On the accuracy-vs-latency Pareto front: no other model is at least as accurate and "
                    "at least as fast, and better in one");
            case Latency: return tr("Mean time per image at batch size 1: decoding, preprocessing and the forward pass");
            case PeakMemoryMb: return tr("The process's peak resident memory while the model loaded and ran");
            default: return {};
        }
    }
    return QStandardItemModel::headerData(section, orientation, role);
}

QString ComparisonModel::toolTipFor(const QString& ref) const {
    const auto m = std::find_if(models_.begin(), models_.end(), [&](const ComparedModel& c) { return QString::fromStdString(c.ref) == ref; });
    if (m == models_.end()) return ref;
    if (!m->error.empty()) return tr("%1 could not be compared: %2").arg(displayName(*m), QString::fromStdString(m->error));
    if (m->weights.empty()) return ref;
    return ref + QLatin1Char('\n') + tr("Weights: %1").arg(QString::fromStdString(m->weights));
}

void ComparisonModel::retranslate() {
    for (int r = 0; r < rowCount(); ++r) {  // in place: the rows keep their order (sorting) and the views their selection
        const QString tip = toolTipFor(item(r, Name)->data(RefRole).toString());
        for (int c = 0; c < columnCount(); ++c)
            if (QStandardItem* cell = item(r, c)) cell->setToolTip(tip);
    }
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

void ComparisonModel::setComparison(const ModelComparison& comparison) {
    removeRows(0, rowCount());
    models_ = comparison.models;
    for (const ComparedModel& m : comparison.models) appendRow(rowFor(m));
}

QList<QStandardItem*> ComparisonModel::rowFor(const ComparedModel& m) const {
    const QString name = displayName(m);
    auto* nameItem = new QStandardItem(name);
    nameItem->setData(name, SortRole);
    nameItem->setData(QString::fromStdString(m.ref), RefRole);
    QList<QStandardItem*> row{nameItem};
    const bool failed = !m.error.empty();
    if (failed) {
        for (int c = Accuracy; c <= Pareto; ++c) row << number(-1.0, QString());
    } else {
        row << number(m.evaluation.accuracy, formatAccuracy(m.evaluation.accuracy)) << number(m.evaluation.top5, formatAccuracy(m.evaluation.top5))
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
    const QString tip = toolTipFor(QString::fromStdString(m.ref));
    for (QStandardItem* item : row) {
        item->setToolTip(tip);
        item->setEditable(false);
    }
    return row;
}

}  // namespace tl::ui

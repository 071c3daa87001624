#pragma once
// The dataset comparison as a sortable table: one row per model with its accuracy, top-5, latency,
// throughput, size and memory figures and whether it is on the accuracy-vs-latency Pareto front; a model
// that could not be compared shows its error in its row. Numbers sort numerically (SortRole holds them).
// Headers are worded when asked for (headerData), the rows' tooltips again by retranslate(), in the current language.

#include "tl/compare.h"

#include <QStandardItemModel>

namespace tl::ui {

class ComparisonModel : public QStandardItemModel {
    Q_OBJECT
public:
    enum Column { Name, Accuracy, Top5, Latency, ImagesPerSecond, Params, Gflops, WeightsMb, PeakMemoryMb, Pareto, Error, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1,  ///< the raw value: a fraction, milliseconds, bytes… (-1 for a failed model)
        RefRole,                      ///< on the Name column: the model's reference (catalog id or file path)
    };

    explicit ComparisonModel(QObject* parent = nullptr);

    /// Replaces the rows by the models of `comparison`.
    void setComparison(const ModelComparison& comparison);
    /// The language changed: the rows' tooltips are worded again and views ask again for the headers.
    void retranslate();

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The tooltip of the row of model `ref`: its reference and weights, or (the whole message) why it could not be compared.
    QString toolTipFor(const QString& ref) const;

private:
    QList<QStandardItem*> rowFor(const ComparedModel& m) const;

    std::vector<ComparedModel> models_;  ///< the rows' models, for their tooltips
};

}  // namespace tl::ui

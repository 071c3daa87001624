#pragma once
// The list of classified images: one row per file, with its thumbnail, name and top-1 result (or its
// error, or "waiting"). Rows are added when files arrive and filled when their results do.

#include "classify/classifyitem.h"

#include <QAbstractListModel>
#include <QPixmap>

namespace tl::ui {

class ResultsModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { PathRole = Qt::UserRole + 1, ErrorRole, DoneRole, Top1LabelRole, Top1ProbabilityRole };

    explicit ResultsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    /// Appends pending rows for `paths`; returns the first new row.
    int addPending(const QStringList& paths);
    void setResult(int row, const ClassifyItem& item);
    /// The image and crop of a row still waiting for its result (it stays waiting).
    void setPreview(int row, const ClassifyItem& item);
    /// Marks every row pending again (a new model will redo them); returns their paths.
    QStringList resetAll();
    void clear();

    const ClassifyItem& item(int row) const { return rows_[row].item; }
    bool isDone(int row) const { return rows_[row].done; }
    int doneCount() const;

    /// Writes every row as CSV (file, width, height, error, then rank/index/label/probability for the top-k).
    bool writeCsv(const QString& path, QString* error) const;

private:
    struct Row {
        ClassifyItem item;
        QPixmap thumbnail;
        bool done = false;
    };
    QVector<Row> rows_;
};

}  // namespace tl::ui

#pragma once
// The top-k classes of one image as labelled horizontal bars with percentages.

#include "classify/classifyitem.h"

#include <QWidget>

namespace tl::ui {

class TopKBars : public QWidget {
    Q_OBJECT
public:
    explicit TopKBars(QWidget* parent = nullptr);

    void setPredictions(const QVector<PredictionRow>& rows);
    const QVector<PredictionRow>& predictions() const { return rows_; }
    /// The text of row `i` as shown: "label  12.3%".
    QString rowText(int i) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QVector<PredictionRow> rows_;
};

}  // namespace tl::ui

#pragma once
// The images compared: one row per image (a thumbnail of the crop the first model saw, and the file name),
// one column per model, each cell that model's top-k with the top-1 in bold. Rows where every model gives
// the same top-1 label are tinted green, rows where they disagree amber.

#include "tl/compare.h"

#include <QImage>
#include <QTableWidget>

#include <vector>

namespace tl::ui {

class ImageComparisonTable : public QTableWidget {
    Q_OBJECT
public:
    enum Role {
        AgreementRole = Qt::UserRole + 1,  ///< on column 0: whether every model gave the same top-1 label
        PathRole,                          ///< on column 0: the image file
    };
    static constexpr int kThumbnail = 64;
    static QColor agreeColour() { return QColor(214, 240, 214); }
    static QColor disagreeColour() { return QColor(255, 226, 168); }

    explicit ImageComparisonTable(QWidget* parent = nullptr);

    /// Shows `comparison`; `thumbnails[file]` (may be null) are the crops shown in the first column.
    void setComparison(const FileComparison& comparison, const std::vector<QImage>& thumbnails);
    /// The rich text of a cell: one prediction a line ("<br>"), the first in bold.
    static QString predictionsHtml(const ImageResult& result);

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    /// The header of the image column, in the current language (the model columns are the models' names).
    void retranslate();
    void fitColumns();
    void setImageRow(int row, const QString& path, const QImage& thumbnail, bool agree);
    void setModelCell(int row, int column, const QString& html, bool agree);
    std::vector<int> natural_;  ///< the model columns' widths before fitColumns() widens them
};

}  // namespace tl::ui

#include "compare/imagecomparisontable.h"

#include <QEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>

#include <algorithm>

namespace tl::ui {

namespace {

QString modelTitle(const ComparedModel& m) {
    const QString name = QString::fromStdString(m.name);
    return name.isEmpty() ? QFileInfo(QString::fromStdString(m.ref)).fileName() : name;
}

}  // namespace

ImageComparisonTable::ImageComparisonTable(QWidget* parent) : QTableWidget(parent) {
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setIconSize(QSize(kThumbnail, kThumbnail));
    setWordWrap(false);
    verticalHeader()->setVisible(false);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

QString ImageComparisonTable::predictionsHtml(const ImageResult& result) {
    if (!result.error.empty())
        return QStringLiteral("<span style=\"color:#b01e1e\">%1</span>").arg(QString::fromStdString(result.error).toHtmlEscaped());
    QStringList lines;
    for (const Prediction& p : result.top) {
        const QString line =
            QStringLiteral("%1&nbsp;&nbsp;%2%").arg(QString::fromStdString(p.label).toHtmlEscaped()).arg(p.probability * 100.0, 0, 'f', 1);
        lines << (lines.isEmpty() ? QStringLiteral("<b>%1</b>").arg(line) : line);
    }
    return lines.join(QStringLiteral("<br>"));
}

void ImageComparisonTable::setComparison(const FileComparison& comparison, const std::vector<QImage>& thumbnails) {
    setRowCount(0);
    clear();
    const int models = static_cast<int>(comparison.models.size());
    setColumnCount(1 + models);
    setRowCount(static_cast<int>(comparison.files.size()));
    QStringList headers{QString()};  // named in retranslate()
    for (int m = 0; m < models; ++m) headers << modelTitle(comparison.models[static_cast<std::size_t>(m)]);
    setHorizontalHeaderLabels(headers);
    retranslate();
    for (int m = 0; m < models; ++m)
        horizontalHeaderItem(m + 1)->setToolTip(QString::fromStdString(comparison.models[static_cast<std::size_t>(m)].ref));
    for (int f = 0; f < rowCount(); ++f) {
        const auto file = static_cast<std::size_t>(f);
        const bool agree = file < comparison.agreement.size() && comparison.agreement[file];
        setImageRow(f, QString::fromStdString(comparison.files[file]), file < thumbnails.size() ? thumbnails[file] : QImage(), agree);
        for (int m = 0; m < models; ++m) {
            const auto model = static_cast<std::size_t>(m);
            const ComparedModel& cm = comparison.models[model];
            QString html;
            if (!cm.error.empty())
                html = QStringLiteral("<span style=\"color:#b01e1e\">%1</span>").arg(QString::fromStdString(cm.error).toHtmlEscaped());
            else if (model < comparison.results.size() && file < comparison.results[model].size())
                html = predictionsHtml(comparison.results[model][file]);
            setModelCell(f, m + 1, html, agree);
            if (!cm.error.empty())  // the whole message, however narrow the column
                cellWidget(f, m + 1)->setToolTip(tr("%1 could not classify: %2").arg(modelTitle(cm), QString::fromStdString(cm.error)));
        }
    }
    resizeColumnsToContents();
    natural_.clear();
    for (int c = 1; c < columnCount(); ++c) natural_.push_back(std::clamp(columnWidth(c), 160, 320));
    fitColumns();
    resizeRowsToContents();
    for (int r = 0; r < rowCount(); ++r) setRowHeight(r, std::max(rowHeight(r), kThumbnail + 8));
}

// The model columns at their natural width (160–320 px), widened alike when the table has room: no empty band.
void ImageComparisonTable::fitColumns() {
    if (natural_.empty()) return;
    int used = columnWidth(0);
    for (const int w : natural_) used += w;
    const int n = static_cast<int>(natural_.size());
    const int spare = std::max(0, viewport()->width() - used);
    for (int i = 0; i < n; ++i)  // the last column takes what the division leaves
        setColumnWidth(i + 1, natural_[static_cast<std::size_t>(i)] + spare / n + (i == n - 1 ? spare % n : 0));
}

void ImageComparisonTable::resizeEvent(QResizeEvent* event) {
    QTableWidget::resizeEvent(event);
    fitColumns();
}

void ImageComparisonTable::retranslate() {
    if (columnCount() > 0 && horizontalHeaderItem(0)) horizontalHeaderItem(0)->setText(tr("Image"));  // the item tells the view
}

void ImageComparisonTable::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QTableWidget::changeEvent(event);
}

void ImageComparisonTable::setImageRow(int row, const QString& path, const QImage& thumbnail, bool agree) {
    auto* item = new QTableWidgetItem(QFileInfo(path).fileName());
    if (!thumbnail.isNull()) item->setIcon(QIcon(QPixmap::fromImage(thumbnail)));
    item->setToolTip(path);
    item->setData(AgreementRole, agree);
    item->setData(PathRole, path);
    item->setBackground(agree ? agreeColour() : disagreeColour());
    item->setForeground(QColor(Qt::black));
    setItem(row, 0, item);
}

void ImageComparisonTable::setModelCell(int row, int column, const QString& html, bool agree) {
    auto* item = new QTableWidgetItem;
    item->setBackground(agree ? agreeColour() : disagreeColour());
    setItem(row, column, item);
    auto* label = new QLabel(html);
    label->setTextFormat(Qt::RichText);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setMargin(4);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: black; background: transparent;"));
    setCellWidget(row, column, label);
}

}  // namespace tl::ui

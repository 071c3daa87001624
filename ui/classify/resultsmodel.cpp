#include "classify/resultsmodel.h"

#include <QApplication>
#include <QFileInfo>
#include <QPalette>
#include <QSaveFile>
#include <QStyle>
#include <QTextStream>

namespace tl::ui {

namespace {

constexpr int kThumbnail = 64;

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))) return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

}  // namespace

ResultsModel::ResultsModel(QObject* parent) : QAbstractListModel(parent) {}

int ResultsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }

QVariant ResultsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const Row& row = rows_[index.row()];
    const ClassifyItem& item = row.item;
    switch (role) {
        case Qt::DisplayRole: {
            const QString name = QFileInfo(item.path).fileName();
            if (!row.done) return name + QLatin1Char('\n') + tr("waiting…");
            if (!item.error.isEmpty()) return name + QLatin1Char('\n') + tr("error: %1").arg(item.error);
            if (item.top.isEmpty()) return name;
            return name + QLatin1Char('\n') + tr("%1 — %2%").arg(item.top.front().label).arg(100.0 * item.top.front().probability, 0, 'f', 1);
        }
        case Qt::ToolTipRole: return item.error.isEmpty() ? item.path : item.path + QLatin1Char('\n') + item.error;
        case Qt::DecorationRole:
            if (!row.thumbnail.isNull()) return row.thumbnail;
            if (row.done && !item.error.isEmpty()) return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
            return {};
        case Qt::ForegroundRole:
            if (row.done && !item.error.isEmpty()) return QColor(Qt::red).darker(120);
            return {};
        case PathRole: return item.path;
        case ErrorRole: return item.error;
        case DoneRole: return row.done;
        case Top1LabelRole: return item.top.isEmpty() ? QVariant() : QVariant(item.top.front().label);
        case Top1ProbabilityRole: return item.top.isEmpty() ? QVariant() : QVariant(item.top.front().probability);
        default: return {};
    }
}

int ResultsModel::addPending(const QStringList& paths) {
    const int first = static_cast<int>(rows_.size());
    if (paths.isEmpty()) return first;
    beginInsertRows({}, first, first + static_cast<int>(paths.size()) - 1);
    for (const QString& p : paths) {
        Row row;
        row.item.path = p;
        rows_.append(row);
    }
    endInsertRows();
    return first;
}

void ResultsModel::setResult(int row, const ClassifyItem& item) {
    if (row < 0 || row >= rows_.size()) return;
    Row& r = rows_[row];
    r.item = item;
    r.done = true;
    if (!item.image.isNull())
        r.thumbnail = QPixmap::fromImage(item.image.scaled(kThumbnail, kThumbnail, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    Q_EMIT dataChanged(index(row), index(row));
}

void ResultsModel::setPreview(int row, const ClassifyItem& item) {
    if (row < 0 || row >= rows_.size() || rows_[row].done) return;
    Row& r = rows_[row];
    r.item = item;
    if (!item.image.isNull())
        r.thumbnail = QPixmap::fromImage(item.image.scaled(kThumbnail, kThumbnail, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    Q_EMIT dataChanged(index(row), index(row));
}

QStringList ResultsModel::resetAll() {
    QStringList paths;
    for (Row& r : rows_) {
        paths.append(r.item.path);
        r.done = false;
        r.item.top.clear();
        r.item.error.clear();
    }
    if (!rows_.isEmpty()) Q_EMIT dataChanged(index(0), index(static_cast<int>(rows_.size()) - 1));
    return paths;
}

void ResultsModel::clear() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

int ResultsModel::doneCount() const {
    return static_cast<int>(std::count_if(rows_.begin(), rows_.end(), [](const Row& r) { return r.done; }));
}

bool ResultsModel::writeCsv(const QString& path, QString* error) const {
    int k = 0;
    for (const Row& r : rows_) k = std::max(k, static_cast<int>(r.item.top.size()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error) *error = file.errorString();
        return false;
    }
    QTextStream out(&file);
    out << "file,width,height,error";
    for (int i = 1; i <= k; ++i) out << ",top" << i << "_index,top" << i << "_label,top" << i << "_probability";
    out << '\n';
    for (const Row& r : rows_) {
        const ClassifyItem& it = r.item;
        out << csvField(it.path) << ',' << it.size.width() << ',' << it.size.height() << ','
            << csvField(r.done ? it.error : QStringLiteral("not classified"));
        for (int i = 0; i < k; ++i) {
            if (i < it.top.size())
                out << ',' << it.top[i].index << ',' << csvField(it.top[i].label) << ','
                    << QString::number(static_cast<double>(it.top[i].probability), 'g', 6);
            else out << ",,,";
        }
        out << '\n';
    }
    out.flush();
    if (!file.commit()) {
        if (error) *error = file.errorString();
        return false;
    }
    return true;
}

}  // namespace tl::ui

#include "compare/comparedatasetpage.h"

#include "common/settings.h"
#include "compare/comparecharts.h"
#include "compare/comparesession.h"
#include "compare/comparisonmodel.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace tl::ui {

CompareDatasetPage::CompareDatasetPage(CompareSession* session, QWidget* parent) : QWidget(parent), session_(session) {
    folder_ = new QLineEdit(this);
    folder_->setPlaceholderText(tr("A labelled folder: one sub-folder per class (or train/ and validation/ with class folders)"));
    folder_->setText(QDir::toNativeSeparators(session_->datasetFolder()));
    connect(folder_, &QLineEdit::textChanged, session_, &CompareSession::setDatasetFolder);
    connect(session_, &CompareSession::datasetFolderChanged, this, [this](const QString& folder) {
        if (QDir::fromNativeSeparators(folder_->text().trimmed()) != folder) folder_->setText(QDir::toNativeSeparators(folder));
    });
    auto* choose = new QPushButton(tr("Choose &dataset…"), this);
    connect(choose, &QPushButton::clicked, this, &CompareDatasetPage::chooseDataset);
    split_ = new QComboBox(this);
    split_->addItem(tr("validation"), QStringLiteral("validation"));
    split_->addItem(tr("all"), QStringLiteral("all"));
    split_->addItem(tr("train"), QStringLiteral("train"));
    split_->addItem(tr("test"), QStringLiteral("test"));
    split_->setToolTip(tr("The images every model is evaluated on (validation falls back to all when the dataset has none)"));
    split_->setCurrentIndex(std::max(0, split_->findData(session_->split())));
    connect(split_, &QComboBox::currentIndexChanged, this, [this] { session_->setSplit(split_->currentData().toString()); });
    connect(session_, &CompareSession::splitChanged, this,
            [this](const QString& split) { split_->setCurrentIndex(std::max(0, split_->findData(split))); });
    run_ = new QPushButton(tr("&Run"), this);
    run_->setToolTip(tr("Evaluate every checked model on the dataset (Ctrl+R)"));
    connect(run_, &QPushButton::clicked, session_, &CompareSession::runDataset);
    message_ = new QLabel(tr("Choose a dataset whose class names the checked models know, then run."), this);
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    model_ = new ComparisonModel(this);
    table_ = new QTableView(this);
    table_->setModel(model_);
    table_->setSortingEnabled(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setSortIndicatorShown(true);
    scatter_ = new AccuracyLatencyPlot(this);
    exportCsv_ = new QPushButton(tr("Export C&SV…"), this);
    exportJson_ = new QPushButton(tr("Export &JSON…"), this);
    exportCsv_->setEnabled(false);
    exportJson_->setEnabled(false);
    connect(exportCsv_, &QPushButton::clicked, this, &CompareDatasetPage::chooseExportCsv);
    connect(exportJson_, &QPushButton::clicked, this, &CompareDatasetPage::chooseExportJson);

    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(folder_, 1);
    folderRow->addWidget(choose);
    auto* splitRow = new QHBoxLayout;
    splitRow->addWidget(split_);
    splitRow->addStretch(1);
    splitRow->addWidget(run_);
    auto* form = new QFormLayout;
    form->addRow(tr("Dataset:"), folderRow);
    form->addRow(tr("Split:"), splitRow);
    auto* results = new QSplitter(Qt::Vertical, this);
    results->addWidget(table_);
    results->addWidget(scatter_);
    results->setSizes({260, 340});
    auto* exports = new QHBoxLayout;
    exports->addStretch(1);
    exports->addWidget(exportCsv_);
    exports->addWidget(exportJson_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(message_);
    layout->addWidget(results, 1);
    layout->addLayout(exports);

    connect(session_, &CompareSession::runRefused, this, [this](CompareSession::Run run, const QString& reason) {
        if (run == CompareSession::Run::Dataset) message_->setText(reason);
    });
    connect(session_, &CompareSession::runStarted, this, [this](CompareSession::Run run, int models) {
        run_->setEnabled(false);  // either run: one at a time
        if (run == CompareSession::Run::Dataset)
            message_->setText(tr("Comparing %n model(s) on %1…", nullptr, models).arg(QDir::toNativeSeparators(session_->datasetFolder())));
    });
    connect(session_, &CompareSession::comparisonFinished, run_, [this] { run_->setEnabled(true); });
    connect(session_, &CompareSession::datasetCompared, this, &CompareDatasetPage::showResult);
}

void CompareDatasetPage::showResult(bool ok) {
    const CompareSession::Outcome outcome = session_->datasetOutcome();
    if (outcome.cancelled) message_->setText(tr("Comparison cancelled; the table shows the last complete one."));
    else if (!outcome.error.isEmpty()) message_->setText(tr("The comparison failed: %1").arg(outcome.error));
    if (!ok) return;
    const ModelComparison& comparison = session_->datasetComparison();
    model_->setComparison(comparison);
    const auto failed = std::count_if(comparison.models.begin(), comparison.models.end(), [](const ComparedModel& m) { return !m.error.empty(); });
    table_->setColumnHidden(ComparisonModel::Error, failed == 0);  // the table needs the width otherwise
    table_->resizeColumnsToContents();
    scatter_->setComparison(comparison);
    const int splitIndex = split_->findData(QString::fromStdString(comparison.split));
    const QString splitName = splitIndex >= 0 ? split_->itemText(splitIndex) : QString::fromStdString(comparison.split);
    QString text =
        tr("%n image(s) of the %1 split of %2, on %3.", nullptr, static_cast<int>(comparison.images))
            .arg(splitName, QDir::toNativeSeparators(QString::fromStdString(comparison.dataset)), QString::fromStdString(comparison.device));
    if (failed) text += QLatin1Char(' ') + tr("%n model(s) could not be compared: see the Error column.", nullptr, static_cast<int>(failed));
    message_->setText(text);
    exportCsv_->setEnabled(true);
    exportJson_->setEnabled(true);
}

void CompareDatasetPage::chooseDataset() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Choose a labelled dataset folder"), settings::lastFolder(QStringLiteral("compare-dataset")));
    if (folder.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("compare-dataset"), folder);
    session_->setDatasetFolder(folder);
}

void CompareDatasetPage::chooseExportCsv() { chooseExport(false); }
void CompareDatasetPage::chooseExportJson() { chooseExport(true); }

void CompareDatasetPage::chooseExport(bool json) {
    const QString path = QFileDialog::getSaveFileName(
        this, json ? tr("Export the comparison as JSON") : tr("Export the comparison as CSV"),
        settings::lastFolder(QStringLiteral("compare-export")) + (json ? QStringLiteral("/comparison.json") : QStringLiteral("/comparison.csv")),
        json ? tr("JSON files (*.json)") : tr("CSV files (*.csv)"));
    if (path.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("compare-export"), path);
    QString error;
    if (!(json ? session_->exportJson(path, &error) : session_->exportCsv(path, &error)))
        QMessageBox::warning(this, tr("Export the comparison"), error);
}

}  // namespace tl::ui

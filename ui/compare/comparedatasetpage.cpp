#include "compare/comparedatasetpage.h"

#include "common/settings.h"
#include "compare/comparecharts.h"
#include "compare/comparesession.h"
#include "compare/comparisonmodel.h"
#include "compare/stalemark.h"

#include <QEvent>
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
    folder_->setText(QDir::toNativeSeparators(session_->datasetFolder()));
    connect(folder_, &QLineEdit::textChanged, session_, &CompareSession::setDatasetFolder);
    connect(session_, &CompareSession::datasetFolderChanged, this, [this](const QString& folder) {
        if (QDir::fromNativeSeparators(folder_->text().trimmed()) != folder) folder_->setText(QDir::toNativeSeparators(folder));
    });
    choose_ = new QPushButton(this);
    connect(choose_, &QPushButton::clicked, this, &CompareDatasetPage::chooseDataset);
    split_ = new QComboBox(this);
    for (const char* split : {"validation", "all", "train", "test"})
        split_->addItem(QString(), QString::fromLatin1(split));  // named in retranslate()
    split_->setCurrentIndex(std::max(0, split_->findData(session_->split())));
    connect(split_, &QComboBox::currentIndexChanged, this, [this] { session_->setSplit(split_->currentData().toString()); });
    connect(session_, &CompareSession::splitChanged, this,
            [this](const QString& split) { split_->setCurrentIndex(std::max(0, split_->findData(split))); });
    run_ = new QPushButton(this);
    connect(run_, &QPushButton::clicked, session_, &CompareSession::runDataset);
    message_ = new QLabel(this);
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
    exportCsv_ = new QPushButton(this);
    exportJson_ = new QPushButton(this);
    exportCsv_->setEnabled(false);
    exportJson_->setEnabled(false);
    exportsNote_ = new QLabel(this);  // the exports say why they are off
    exportsNote_->setWordWrap(true);
    connect(exportCsv_, &QPushButton::clicked, this, &CompareDatasetPage::chooseExportCsv);
    connect(exportJson_, &QPushButton::clicked, this, &CompareDatasetPage::chooseExportJson);
    stale_ = new StaleMark({table_, scatter_}, this);

    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(folder_, 1);
    folderRow->addWidget(choose_);
    auto* splitRow = new QHBoxLayout;
    splitRow->addWidget(split_);
    splitRow->addStretch(1);
    splitRow->addWidget(run_);
    auto* form = new QFormLayout;
    folderLabel_ = new QLabel(this);
    splitLabel_ = new QLabel(this);
    form->addRow(folderLabel_, folderRow);
    form->addRow(splitLabel_, splitRow);
    auto* results = new QSplitter(Qt::Vertical, this);
    results->addWidget(table_);
    results->addWidget(scatter_);
    results->setSizes({260, 340});
    auto* exports = new QHBoxLayout;
    exports->addWidget(exportsNote_, 1);
    exports->addWidget(exportCsv_);
    exports->addWidget(exportJson_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(message_);
    layout->addWidget(stale_);
    layout->addWidget(results, 1);
    layout->addLayout(exports);

    connect(session_, &CompareSession::runRefused, this, [this](CompareSession::Run run, const QString&, CompareSession::Refusal why) {
        if (run == CompareSession::Run::Dataset) setMessage([why] { return CompareSession::refusalText(why); });
    });
    connect(session_, &CompareSession::runStarted, this, [this](CompareSession::Run run, int models) {
        run_->setEnabled(false);  // either run: one at a time
        if (run == CompareSession::Run::Dataset) stale_->runStarted(session_->checkedModels());
        if (run == CompareSession::Run::Dataset)
            setMessage([models, folder = QDir::toNativeSeparators(session_->datasetFolder())] {
                return tr("Comparing %n model(s) on %1…", nullptr, models).arg(folder);
            });
    });
    connect(session_, &CompareSession::comparisonFinished, run_, [this] { run_->setEnabled(true); });
    connect(session_, &CompareSession::datasetCompared, this, &CompareDatasetPage::showResult);
    const auto compareChecked = [this] { stale_->compareWith(session_->checkedModels()); };
    connect(session_, &CompareSession::modelCheckChanged, this, compareChecked);
    connect(session_, &CompareSession::modelsChanged, this, compareChecked);
    setMessage([] { return tr("Choose a dataset whose class names the checked models know, then run."); });
    retranslate();
}

void CompareDatasetPage::retranslate() {
    folderLabel_->setText(tr("Dataset:"));
    folder_->setPlaceholderText(tr("A labelled folder: one sub-folder per class (or train/ and validation/ with class folders)"));
    choose_->setText(tr("Choose &dataset…"));
    splitLabel_->setText(tr("Split:"));
    const QString splits[] = {tr("validation"), tr("all"), tr("train"), tr("test")};  // in the order of the constructor's items
    for (int i = 0; i < split_->count() && i < static_cast<int>(std::size(splits)); ++i) split_->setItemText(i, splits[i]);
    split_->setToolTip(tr("The images every model is evaluated on (validation falls back to all when the dataset has none)"));
    run_->setText(tr("&Run"));
    run_->setToolTip(tr("Evaluate every checked model on the dataset (Ctrl+R)"));
    exportCsv_->setText(tr("Export C&SV…"));
    exportJson_->setText(tr("Export &JSON…"));
    exportsNote_->setText(tr("Run a comparison on a dataset to export its table."));
    exportsNote_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    model_->retranslate();     // the table's headers and tooltips
    setMessage(messageText_);  // after the splits: a result's message names one
}

void CompareDatasetPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void CompareDatasetPage::setMessage(std::function<QString()> text) {
    messageText_ = std::move(text);
    message_->setText(messageText_ ? messageText_() : QString());
}

void CompareDatasetPage::showResult(bool ok) {
    const CompareSession::Outcome outcome = session_->datasetOutcome();
    if (outcome.cancelled) setMessage([] { return tr("Comparison cancelled; the table shows the last complete one."); });
    else if (!outcome.error.isEmpty()) setMessage([outcome] { return tr("The comparison failed: %1").arg(outcome.errorText()); });
    if (!ok) return;
    const ModelComparison& comparison = session_->datasetComparison();
    stale_->resultsShown(session_->checkedModels());  // off: these results are of the models checked now
    model_->setComparison(comparison);
    const auto failed =
        static_cast<int>(std::count_if(comparison.models.begin(), comparison.models.end(), [](const ComparedModel& m) { return !m.error.empty(); }));
    table_->setColumnHidden(ComparisonModel::Error, failed == 0);  // the table needs the width otherwise
    table_->resizeColumnsToContents();
    scatter_->setComparison(comparison);
    // The split named as its item reads in the current language when the message is shown.
    setMessage([this, failed, images = static_cast<int>(comparison.images), split = QString::fromStdString(comparison.split),
                dataset = QDir::toNativeSeparators(QString::fromStdString(comparison.dataset)), device = QString::fromStdString(comparison.device)] {
        const int splitIndex = split_->findData(split);
        const QString splitName = splitIndex >= 0 ? split_->itemText(splitIndex) : split;
        QString text = tr("%n image(s) of the %1 split of %2, on %3.", nullptr, images).arg(splitName, dataset, device);
        if (failed) text += QLatin1Char(' ') + tr("%n model(s) could not be compared: see the Error column.", nullptr, failed);
        for (const ComparedModel& m : session_->datasetComparison().models)  // each error whole, wrapped
            if (!m.error.empty()) text += QLatin1Char('\n') + model_->toolTipFor(QString::fromStdString(m.ref));
        return text;
    });
    exportCsv_->setEnabled(true);
    exportJson_->setEnabled(true);
    exportsNote_->setVisible(false);
}

bool CompareDatasetPage::resultsStale() const { return stale_->stale(); }

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

#pragma once
// The Compare area's Dataset tab: a labelled folder dataset and a split, the Run button, the comparison's
// sortable table (accuracy, top-5, latency, throughput, size, memory, the Pareto front), the accuracy-vs-latency
// chart, and export to CSV or JSON. A view of a CompareSession's dataset run.

#include <QStringList>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace tl::ui {

class AccuracyLatencyPlot;
class CompareSession;
class StaleMark;
class ComparisonModel;

class CompareDatasetPage : public QWidget {
    Q_OBJECT
public:
    explicit CompareDatasetPage(CompareSession* session, QWidget* parent = nullptr);

    QLineEdit* folderEdit() const { return folder_; }
    QComboBox* splitBox() const { return split_; }
    QPushButton* runButton() const { return run_; }
    QLabel* message() const { return message_; }
    QTableView* table() const { return table_; }
    ComparisonModel* model() const { return model_; }
    AccuracyLatencyPlot* scatterPlot() const { return scatter_; }
    QPushButton* exportCsvButton() const { return exportCsv_; }
    /// Why the exports are off (shown beside them until a comparison has a table to export).
    QLabel* exportsNote() const { return exportsNote_; }
    QPushButton* exportJsonButton() const { return exportJson_; }

public Q_SLOTS:
    void chooseDataset();
    void chooseExportCsv();
    void chooseExportJson();

    /// The line saying that the checked models changed since the results shown were made (hidden otherwise).
    StaleMark* staleLine() const { return stale_; }
    /// True while the results shown are not those of the models checked now: the line shows, the results are greyed.
    bool resultsStale() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showResult(bool ok);
    void chooseExport(bool json);
    /// Shows `text()` in the message line, now and again in each new language.
    void setMessage(std::function<QString()> text);

    CompareSession* session_;
    StaleMark* stale_ = nullptr;
    QLabel* folderLabel_ = nullptr;
    QLineEdit* folder_ = nullptr;
    QPushButton* choose_ = nullptr;
    QLabel* splitLabel_ = nullptr;
    QComboBox* split_ = nullptr;
    QPushButton* run_ = nullptr;
    QLabel* message_ = nullptr;
    std::function<QString()> messageText_;  ///< the message's text, from the runs' state
    QTableView* table_ = nullptr;
    ComparisonModel* model_ = nullptr;
    AccuracyLatencyPlot* scatter_ = nullptr;
    QPushButton* exportCsv_ = nullptr;
    QPushButton* exportJson_ = nullptr;
    QLabel* exportsNote_ = nullptr;
};

}  // namespace tl::ui

#pragma once
// The details of the run chosen in the runs list: its configuration (model, dataset folder, epochs, batch size,
// image size, learning rates, optimizer, layers kept frozen, augmentation, seed), its classes, its best
// validation accuracy and at which epoch, its status, when it began and how long it trained. The values follow
// the language and the locale (retranslate() formats them again).

#include "train/runinfo.h"

#include <QWidget>

#include <array>
#include <optional>

class QTextBrowser;

namespace tl::ui {

class RunDetails : public QWidget {
    Q_OBJECT
public:
    enum Row {
        Model,
        Dataset,
        Epochs,
        BatchSize,
        ImageSize,
        LearningRate,
        Optimizer,
        Frozen,
        Augmentation,
        Seed,
        Classes,
        BestAccuracy,
        Status,
        Date,
        Duration,
        RowCount
    };

    explicit RunDetails(QWidget* parent = nullptr);

    /// Shows `run`; nullopt shows that no run is chosen.
    void showRun(std::optional<RunInfo> run);
    const std::optional<RunInfo>& run() const { return run_; }
    /// The value shown in `row` ("" when no run is chosen).
    QString value(Row row) const;
    /// The line above the rows: the run's name, or why there is nothing to show.
    QString title() const { return title_; }
    /// Where the rows are shown (a table that wraps long values and scrolls).
    QTextBrowser* view() const { return view_; }

    /// An accuracy (0 to 1) as the details show it: "87.5 %" (one decimal, the locale's digits).
    static QString percent(double accuracy);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    std::optional<RunInfo> run_;
    QTextBrowser* view_ = nullptr;
    QString title_;
    std::array<QString, RowCount> values_;
};

}  // namespace tl::ui

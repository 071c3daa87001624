#pragma once
// The Compare area's Images tab: images or folders dropped or added are classified by every checked model;
// one row per image, one column per model with its top-5, rows tinted by whether the models agree on the
// top-1 label. A view of a CompareSession's images run.

#include <QWidget>

class QLabel;

namespace tl::ui {

class CompareSession;
class ImageComparisonTable;

class CompareImagesPage : public QWidget {
    Q_OBJECT
public:
    explicit CompareImagesPage(CompareSession* session, QWidget* parent = nullptr);

    ImageComparisonTable* resultsTable() const { return results_; }
    QLabel* agreementLabel() const { return agreement_; }
    QLabel* message() const { return message_; }

public Q_SLOTS:
    /// Asks for images and compares the checked models on them.
    void chooseImages();

private:
    void showResult(bool ok);

    CompareSession* session_;
    ImageComparisonTable* results_ = nullptr;
    QLabel* agreement_ = nullptr;
    QLabel* message_ = nullptr;
};

}  // namespace tl::ui

#pragma once
// The Compare area's Images tab: images or folders dropped or added are classified by every checked model;
// one row per image, one column per model with its top-5, rows tinted by whether the models agree on the
// top-1 label. A view of a CompareSession's images run.

#include <QStringList>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;

namespace tl::ui {

class CompareSession;
class StaleMark;
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

    /// The line saying that the checked models changed since the results shown were made (hidden otherwise).
    StaleMark* staleLine() const { return stale_; }
    /// True while the results shown are not those of the models checked now: the line shows, the results are greyed.
    bool resultsStale() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showResult(bool ok);
    /// Shows `text()` in the message line, now and again in each new language.
    void setMessage(std::function<QString()> text);
    void setAgreement(std::function<QString()> text);

    CompareSession* session_;
    StaleMark* stale_ = nullptr;
    QPushButton* add_ = nullptr;
    QPushButton* again_ = nullptr;
    QLabel* hint_ = nullptr;
    ImageComparisonTable* results_ = nullptr;
    QLabel* agreement_ = nullptr;
    QLabel* message_ = nullptr;
    std::function<QString()> agreementText_;  ///< the texts of agreement_ and message_, from the comparison's state
    std::function<QString()> messageText_;
};

}  // namespace tl::ui

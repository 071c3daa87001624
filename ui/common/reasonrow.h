#pragma once
// Why something cannot be done yet, and the buttons that fix it: a word-wrapped line ("Choose a dataset first.")
// with buttons beside it ("Choose Dataset…"). Shown only while there is a reason; the texts are made again in the
// current language on a language change (each is a function).

#include <QWidget>

#include <functional>
#include <vector>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace tl::ui {

class ReasonRow : public QWidget {
    Q_OBJECT
public:
    /// A button that fixes the reason: its text (in the current language) and what it does.
    struct Fix {
        std::function<QString()> text;
        std::function<void()> action;
        QString objectName;  ///< for tests and style sheets; optional
    };

    explicit ReasonRow(QWidget* parent = nullptr);

    /// Shows `reason` with `fixes` (replacing what was shown); an empty function hides the row.
    void setReason(std::function<QString()> reason, std::vector<Fix> fixes = {});
    void clear() { setReason({}); }
    bool hasReason() const { return static_cast<bool>(reason_); }
    /// The reason as shown now; "" when none.
    QString text() const;
    QLabel* label() const { return label_; }
    /// The buttons shown, in order.
    const std::vector<QPushButton*>& buttons() const { return buttons_; }
    /// The button whose text (without '&') is `text`; nullptr when none.
    QPushButton* button(const QString& text) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    QLabel* label_;
    QHBoxLayout* row_;
    std::function<QString()> reason_;
    std::vector<Fix> fixes_;
    std::vector<QPushButton*> buttons_;
};

}  // namespace tl::ui

#pragma once
// Help > About: the program's version and the versions it runs on (Qt, LibTorch, OpenCV), and whether
// CUDA is available. The facts come from core's runtimeInfo(); nothing here touches LibTorch.

#include "tl/runtime.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace tl::ui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    /// The text shown, as plain text (for tests and for copying).
    QString plainText() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    /// The title, the text and the Copy button in the current language.
    void retranslate();

    RuntimeInfo info_;  ///< read once: the facts do not change while the dialog is open
    QLabel* text_;
    QPushButton* copy_ = nullptr;
};

}  // namespace tl::ui

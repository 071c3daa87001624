#pragma once
// Help > About: the program's version and the versions it runs on (Qt, LibTorch, OpenCV), and whether
// CUDA is available. The facts come from core's runtimeInfo(); nothing here touches LibTorch.

#include <QDialog>

class QLabel;

namespace tl::ui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    /// The text shown, as plain text (for tests and for copying).
    QString plainText() const;

private:
    QLabel* text_;
};

}  // namespace tl::ui

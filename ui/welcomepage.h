#pragma once
// The first page of the main window: what the program does and what this machine offers it
// (compute device, threads, LibTorch build). Work areas are added beside it as tabs.

#include <QWidget>

class QLabel;

namespace tl::ui {

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    QLabel* title_;
    QLabel* intro_;
    QLabel* system_;
};

}  // namespace tl::ui

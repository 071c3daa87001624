#pragma once
// Answering the modal dialogs a GUI test opens: exec() blocks the test where the dialog opens, so a timer polls
// QApplication::activeModalWidget() and answers the dialog as the test says (as tst_filemenu's whenModal does).

#include <QApplication>
#include <QDialog>
#include <QElapsedTimer>
#include <QTimer>

#include <functional>
#include <memory>

namespace tltest {

/// Calls `answer` with each modal widget that opens within `seconds` (polled every 20 ms) until it returns true; a
/// dialog it does not answer (returns false for) is asked again at the next poll. The returned count says how many
/// it answered. Stops answering after `seconds`.
inline std::shared_ptr<int> answerModals(std::function<bool(QWidget*)> answer, int seconds = 60) {
    auto answered = std::make_shared<int>(0);
    auto* timer = new QTimer;
    auto started = std::make_shared<QElapsedTimer>();
    started->start();
    QObject::connect(timer, &QTimer::timeout, [timer, answered, started, answer, seconds] {
        if (started->elapsed() > seconds * 1000) {
            timer->stop();
            timer->deleteLater();
            return;
        }
        QWidget* modal = QApplication::activeModalWidget();
        if (modal && modal->isVisible() && answer(modal)) ++*answered;
    });
    timer->start(20);
    return answered;
}

/// Accepts the next modal dialog (Start's run name, as suggested), once.
inline std::shared_ptr<int> acceptNextModal() {
    auto done = std::make_shared<bool>(false);
    return answerModals([done](QWidget* modal) {
        auto* dialog = qobject_cast<QDialog*>(modal);
        if (*done || !dialog) return false;
        *done = true;
        dialog->accept();
        return true;
    });
}

}  // namespace tltest

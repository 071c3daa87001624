#pragma once
// The runs found in the session's runs folder, newest first (each item's folder as Qt::UserRole, why it cannot
// be read as its tool tip). Activating one opens it in the session: its curves in the charts, its model evaluated.
// The items' texts follow the language (TrainSession::runText).

#include <QListWidget>

namespace tl::ui {

class TrainSession;

class RunsList : public QListWidget {
    Q_OBJECT
public:
    explicit RunsList(TrainSession* session, QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void showRuns();
    void retranslate();

    TrainSession* session_;
};

}  // namespace tl::ui

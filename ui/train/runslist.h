#pragma once
// The runs found in the session's runs folder, newest first (each item's folder as Qt::UserRole, why it cannot
// be read as its tool tip). Choosing one (a click) shows its details (runChosen); activating one (double click,
// Enter) opens it in the session: its curves in the charts, its model evaluated. Several can be selected (Shift,
// Ctrl). The context menu (contextMenu()) acts on the selected runs: open the folder, resume, open the model in
// Classify or Compare, compare the runs' curves (RunsOverlay), put a run's settings back in the form, delete
// (to the trash, after asking; also the Delete key). The items' texts follow the language (TrainSession::runText).

#include <QListWidget>
#include <QPointer>

class QMenu;

namespace tl::ui {

class RunsOverlay;
class TrainSession;

class RunsList : public QListWidget {
    Q_OBJECT
public:
    explicit RunsList(TrainSession* session, QWidget* parent = nullptr);

    /// The selected runs' folders, in the list's order.
    QStringList selectedRuns() const;
    /// Selects the run in `dir` alone (and makes it current); false when it is not listed.
    bool selectRun(const QString& dir);
    /// The context menu for the selected runs (the caller owns it; each action's objectName says what it does:
    /// openFolder, resume, openInClassify, compare, compareCurves, restoreSettings, delete).
    QMenu* contextMenu();
    /// Moves the selected runs to the trash after asking (the run going is refused); false when nothing was moved.
    bool deleteSelected();
    /// Opens the curves overlay of the selected runs (RunsOverlay) and returns it.
    RunsOverlay* compareCurves();
    /// The curves overlay last opened; null when none is open.
    RunsOverlay* overlay() const;

Q_SIGNALS:
    /// The current run changed (a click, the arrow keys): its folder; "" when none is.
    void runChosen(const QString& dir);
    /// Classify images with this run's model file.
    void openInClassify(const QString& modelFile);
    /// Compare this run's model file with others.
    void compareRun(const QString& modelFile);

protected:
    void changeEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void showRuns();
    void retranslate();

    TrainSession* session_;
    QPointer<RunsOverlay> overlay_;
    QString chosen_;  ///< the folder runChosen last said
};

}  // namespace tl::ui

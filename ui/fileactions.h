#pragma once
// The File menu's opening actions, each of which takes the user to the area that does the work:
// Open Images… (Ctrl+O) and Open Folder… (Ctrl+Shift+O) go to Classify; Open Dataset… (Ctrl+Shift+D) to
// Train; Open Model… (Ctrl+Shift+M) to Compare when it is the current area, else to Classify; Open Recent
// lists what was opened last (settings::recent), whichever way it was opened.

#include "common/settings.h"

#include <QObject>

class QAction;
class QMenu;

namespace tl::ui {

class ClassifyArea;
class CompareArea;
class MainWindow;
class TrainArea;

class FileActions : public QObject {
    Q_OBJECT
public:
    /// Puts the actions into `window`'s File menu, above its own entries.
    FileActions(MainWindow* window, ClassifyArea* classify, TrainArea* train, CompareArea* compare);

    QAction* openImagesAction() const;
    QAction* openFolderAction() const;
    QAction* openDatasetAction() const { return openDataset_; }
    QAction* openModelAction() const { return openModel_; }
    QMenu* recentMenu() const { return recentMenu_; }

    /// Opens a model file in Compare (when it is the current area) or in Classify.
    void openModel(const QString& path);
    /// Opens a recent entry again; one whose file or folder is gone is taken off the list, with a message.
    void openRecent(const settings::Recent& entry);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void chooseModel();
    void fillRecentMenu();
    void retranslate();

    MainWindow* window_;
    ClassifyArea* classify_;
    TrainArea* train_;
    CompareArea* compare_;
    QAction* openDataset_ = nullptr;
    QAction* openModel_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QAction* clearRecent_ = nullptr;
};

}  // namespace tl::ui

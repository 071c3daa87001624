#pragma once
// The main window: menus (File, View, Help), the work areas as tabs, and the remembered window state.
// Work areas (Classify, Model, Train, Compare) are separate widgets added with addArea(); the window
// itself holds no application logic.

#include <QMainWindow>

#include <functional>

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QTabWidget;

namespace tl::ui {

class DeviceBox;
class DeviceMenu;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    /// Adds a work area as a tab, with a View-menu entry. `title` is re-read through `retitle` when the
    /// language changes, so pass a function that calls tr().
    int addArea(QWidget* area, std::function<QString()> title);
    QTabWidget* areas() const { return areas_; }
    /// The first tab: the first steps, whose buttons the workspace connects to the areas.
    WelcomePage* welcomePage() const { return welcome_; }

    /// Adds an area's action to the File menu, above Export a Model… and Quit (the area keeps its text translated).
    void addFileAction(QAction* action);
    /// Adds a submenu (Open Recent) and a separator there.
    void addFileMenu(QMenu* menu);
    void addFileSeparator();
    QMenu* fileMenu() const { return fileMenu_; }

    QAction* aboutAction() const { return aboutAction_; }
    QAction* quitAction() const { return quitAction_; }

public Q_SLOTS:
    void showAbout();
    /// File ▸ Export a Model…: asks for a model file, then the Export dialog.
    void exportModel();
    void setLanguage(const QString& code);

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void createActions();
    void createMenus();
    void retranslate();
    void restoreSettings();
    void saveSettings();

    QTabWidget* areas_;
    WelcomePage* welcome_ = nullptr;
    QLabel* deviceLabel_;
    DeviceBox* deviceBox_ = nullptr;
    DeviceMenu* deviceMenu_ = nullptr;
    QMenu* fileMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* languageMenu_ = nullptr;
    QMenu* helpMenu_ = nullptr;
    QAction* areasSeparator_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* exportModelAction_ = nullptr;
    QAction* fullScreenAction_ = nullptr;
    QAction* aboutAction_ = nullptr;
    QAction* aboutQtAction_ = nullptr;
    QActionGroup* languageGroup_ = nullptr;
    QAction* systemLanguageAction_ = nullptr;
    QList<std::function<QString()>> areaTitles_;
    QList<QAction*> areaActions_;
    bool areaRestored_ = false;
};

}  // namespace tl::ui

#pragma once
// The application's window as the program assembles it: the Classify, Train and Compare areas in a
// MainWindow, the File menu's actions, and the connections between areas (a model trained in Train opens
// in Classify). The GUI's main() and the tests that drive the whole window build it the same way.

namespace tl::ui {

class ClassifyArea;
class CompareArea;
class FileActions;
class MainWindow;
class TrainArea;

struct Workspace {
    ClassifyArea* classify = nullptr;
    TrainArea* train = nullptr;
    CompareArea* compare = nullptr;
    FileActions* files = nullptr;
};

/// Adds the areas and the File menu's actions to `window` (which owns them).
Workspace populate(MainWindow& window);

}  // namespace tl::ui

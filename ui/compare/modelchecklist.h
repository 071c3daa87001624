#pragma once
// The Compare area's list of models: check the models to compare (catalog models whose weights are on this
// machine, and fine-tuned model files), add model files, remove them. A view of a CompareSession's models:
// what it shows comes from the session, what the user does goes to it.

#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace tl::ui {

class CompareSession;

class ModelChecklist : public QWidget {
    Q_OBJECT
public:
    /// On the list's items: the model's key (catalog id or model file path).
    static constexpr int RefRole = Qt::UserRole + 1;

    explicit ModelChecklist(CompareSession* session, QWidget* parent = nullptr);

    QListWidget* list() const { return list_; }
    QLabel* message() const { return message_; }
    QPushButton* addButton() const { return add_; }
    QPushButton* removeButton() const { return remove_; }

public Q_SLOTS:
    /// Asks for model files and adds them to the session.
    void chooseModelFiles();
    /// Removes the selected model file from the session.
    void removeSelected();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    /// Shows the session's models: items made again when the list changed, else updated in place.
    void sync();
    void showEntry(int index);
    void updateRemove();

    CompareSession* session_;
    QLabel* title_ = nullptr;
    QListWidget* list_ = nullptr;
    QLabel* message_ = nullptr;
    QPushButton* add_ = nullptr;
    QPushButton* remove_ = nullptr;
    bool syncing_ = false;  ///< items are being set from the session: their changes are not the user's
};

}  // namespace tl::ui

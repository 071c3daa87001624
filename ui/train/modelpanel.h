#pragma once
// The Model part of the training area: the layer tree (what trains), filtered by layer name; a preset menu
// (train head only, fine-tune last block, freeze first N layers, train all; "custom" once boxes are edited);
// the head (linear or the Keras tutorials' MLP, its hidden width and dropout) for the dataset's classes; and a
// footer with Total / Trainable / Non-trainable parameters that follows every box.

#include "tl/model.h"
#include "tl/train_config.h"

#include <QStringList>
#include <QWidget>

#include <utility>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QSpinBox;
class QTreeView;

namespace tl::ui {

class LayerTreeModel;

class ModelPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelPanel(QWidget* parent = nullptr);

    /// Shows `model` (its head sized for the dataset's classes, or the catalog's before a dataset: `classes` empty)
    /// with its `summary` (Model::summary runs a forward pass: make it on a worker); `classes` names them. The same
    /// architecture shown again keeps the boxes as they were chosen (a custom choice, N of "first N").
    void setModel(const Model& model, const ModelSummary& summary, const QStringList& classes);
    /// The freeze plan of the boxes, and the head settings.
    FreezePlan freezePlan() const;
    HeadConfig head() const;
    void setFreezePlan(const FreezePlan& plan);
    void setHead(const HeadConfig& head);

    LayerTreeModel* layers() const { return tree_; }
    QTreeView* view() const { return view_; }
    QLineEdit* filter() const { return filter_; }
    QComboBox* presets() const { return preset_; }
    QSpinBox* firstN() const { return firstN_; }
    QLabel* footer() const { return footer_; }
    /// The head's classes: the dataset's names, or where they will come from.
    QLabel* classes() const { return classes_; }

Q_SIGNALS:
    void planChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showClasses();
    void applyPreset();
    void updateFooter();
    void showHeadRows();

    LayerTreeModel* tree_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTreeView* view_ = nullptr;
    QLineEdit* filter_ = nullptr;
    QComboBox* preset_ = nullptr;
    QSpinBox* firstN_ = nullptr;
    QComboBox* headKind_ = nullptr;
    QSpinBox* hidden_ = nullptr;
    QDoubleSpinBox* dropout_ = nullptr;
    QLabel* classes_ = nullptr;
    QLabel* footer_ = nullptr;
    QFormLayout* headForm_ = nullptr;
    std::vector<std::pair<QLabel*, const char*>> labels_;  ///< labels and their source texts
    QStringList classNames_;                               ///< the dataset's classes shown
    std::vector<std::string> leaves_;                      ///< the leaf layers of the model shown
    bool modelSet_ = false;                                ///< setModel was called (the classes are shown)
    bool applying_ = false;
};

}  // namespace tl::ui

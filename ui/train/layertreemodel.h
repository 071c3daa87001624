#pragma once
// The model as a tree of layers for choosing what trains: layer path, type, output shape, parameters and a
// "trainable" checkbox. Checking a layer checks everything under it; a layer whose children differ shows the
// partial state. Presets (head only, last block, first N layers, all) set the boxes the way core's freeze
// plans do, and freezePlan() turns the boxes back into a plan for the trainer: the preset when the boxes equal
// it, else "custom" with the fewest module paths that cover every frozen layer. Built from core's torch-free
// layer list (tl::ModelSummary).

#include "tl/model.h"
#include "tl/train_config.h"

#include <QAbstractItemModel>

#include <string>
#include <vector>

class QColor;

namespace tl::ui {

class LayerTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { LayerColumn, TypeColumn, ShapeColumn, ParamsColumn, TrainableColumn, ColumnCount };
    /// The background of a frozen layer's row (Qt::BackgroundRole).
    static QColor frozenTint();
    enum Role { PathRole = Qt::UserRole + 1 };

    explicit LayerTreeModel(QObject* parent = nullptr);

    /// Shows `summary`'s layers. `headPath`, `lastBlock` and `leaves` are the model's head, the modules of its
    /// "last block" and its leaf layers in order (core: Model::headPath, lastBlockModules, leafModules).
    /// Every layer starts trainable.
    void setLayers(const ModelSummary& summary, const std::string& headPath, const std::vector<std::string>& lastBlock,
                   const std::vector<std::string>& leaves);
    void clear();

    /// Sets the boxes as `plan` says (presets head_only, last_block, first_n, all, custom).
    void applyPlan(const FreezePlan& plan);
    /// The boxes as a freeze plan.
    FreezePlan freezePlan() const;
    /// Sets one layer (and everything under it); false when there is no such layer.
    bool setTrainable(const QString& path, bool trainable);
    /// Checked, Unchecked or PartiallyChecked; Unchecked for an unknown path.
    Qt::CheckState trainableState(const QString& path) const;

    std::int64_t totalParams() const;
    std::int64_t trainableParams() const;
    std::int64_t nonTrainableParams() const { return totalParams() - trainableParams(); }
    int leafCount() const { return static_cast<int>(leaves_.size()); }

    QModelIndex indexOf(const QString& path, int column = LayerColumn) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    /// The language changed: views ask again for the headers (translated when asked).
    void retranslate();

Q_SIGNALS:
    /// The boxes changed (by the user, a preset or setTrainable).
    void trainableChanged(qint64 total, qint64 trainable);

private:
    struct Node {
        LayerInfo layer;
        int parent = -1;
        int row = 0;
        std::vector<int> children;
        std::int64_t ownParams = 0;  ///< parameters of this module itself (not its children)
        bool trainable = true;       ///< meaningful when ownParams > 0
    };
    Qt::CheckState stateOf(int node) const;
    bool hasParams(int node) const { return nodes_[static_cast<std::size_t>(node)].layer.params > 0; }
    void setSubtree(int node, bool trainable);
    void setAll(const std::vector<bool>& trainable);  ///< per node, for nodes with own parameters
    std::vector<bool> presetState(const FreezePlan& plan) const;
    std::vector<bool> currentState() const;
    void collectFrozenRoots(int node, std::vector<std::string>& out) const;
    int find(const std::string& path) const;
    QModelIndex indexOfNode(int node, int column) const;
    void changed();

    std::vector<Node> nodes_;  ///< nodes_[0] is the model itself (path ""), not shown
    std::string head_;
    std::vector<std::string> lastBlock_;
    std::vector<std::string> leaves_;
    FreezePlan applied_;        ///< the last plan applied
    bool editedSince_ = false;  ///< the boxes changed since applied_
};

}  // namespace tl::ui

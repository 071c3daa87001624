#include "train/layertreemodel.h"

#include <QColor>

#include <QLocale>

#include <algorithm>

namespace tl::ui {

namespace {

bool under(const std::string& key, const std::string& path) { return path.empty() || key == path || key.rfind(path + ".", 0) == 0; }

bool underAny(const std::string& key, const std::vector<std::string>& paths) {
    return std::any_of(paths.begin(), paths.end(), [&](const std::string& p) { return under(key, p); });
}

QString shapeText(const std::vector<std::int64_t>& shape) {
    QStringList parts;
    for (std::size_t i = 1; i < shape.size(); ++i) parts << QString::number(shape[i]);  // without the batch
    return parts.join(QStringLiteral(" × "));
}

}  // namespace

LayerTreeModel::LayerTreeModel(QObject* parent) : QAbstractItemModel(parent) {}

void LayerTreeModel::setLayers(const ModelSummary& summary, const std::string& headPath, const std::vector<std::string>& lastBlock,
                               const std::vector<std::string>& leaves) {
    beginResetModel();
    nodes_.clear();
    head_ = headPath;
    lastBlock_ = lastBlock;
    leaves_ = leaves;
    // Layers come in module order (pre-order) with their depth: a node's parent is the last one a level up.
    std::vector<int> lastAtDepth;
    for (const auto& layer : summary.layers) {
        Node n;
        n.layer = layer;
        const auto depth = static_cast<std::size_t>(std::max(0, layer.depth));
        if (depth > 0 && depth <= lastAtDepth.size()) {
            n.parent = lastAtDepth[depth - 1];
            auto& siblings = nodes_[static_cast<std::size_t>(n.parent)].children;
            n.row = static_cast<int>(siblings.size());
            siblings.push_back(static_cast<int>(nodes_.size()));
        }
        lastAtDepth.resize(depth + 1);
        lastAtDepth[depth] = static_cast<int>(nodes_.size());
        nodes_.push_back(std::move(n));
    }
    for (auto& n : nodes_) {
        std::int64_t below = 0;
        for (const int c : n.children) below += nodes_[static_cast<std::size_t>(c)].layer.params;
        n.ownParams = n.layer.params - below;
    }
    applied_ = FreezePlan{};
    applied_.preset = "all";
    editedSince_ = false;
    endResetModel();
    changed();
}

void LayerTreeModel::clear() {
    beginResetModel();
    nodes_.clear();
    endResetModel();
    changed();
}

std::vector<bool> LayerTreeModel::presetState(const FreezePlan& plan) const {
    std::vector<bool> train(nodes_.size(), true);
    std::vector<std::string> frozen;
    if (plan.preset == "first_n") frozen.assign(leaves_.begin(), leaves_.begin() + std::clamp(plan.firstN, 0, static_cast<int>(leaves_.size())));
    else if (plan.preset == "custom") frozen = plan.frozen;
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
        const std::string& path = nodes_[i].layer.path;
        if (plan.preset == "head_only") train[i] = under(path, head_);
        else if (plan.preset == "last_block") train[i] = under(path, head_) || underAny(path, lastBlock_);
        else if (plan.preset == "first_n" || plan.preset == "custom") train[i] = !underAny(path, frozen);
    }
    return train;
}

std::vector<bool> LayerTreeModel::currentState() const {
    std::vector<bool> out(nodes_.size(), true);
    for (std::size_t i = 0; i < nodes_.size(); ++i) out[i] = nodes_[i].ownParams <= 0 || nodes_[i].trainable;
    return out;
}

void LayerTreeModel::applyPlan(const FreezePlan& plan) {
    setAll(presetState(plan));
    applied_ = plan;
    editedSince_ = false;
}

void LayerTreeModel::setAll(const std::vector<bool>& trainable) {
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        if (nodes_[i].ownParams > 0) nodes_[i].trainable = trainable[i];
    if (!nodes_.empty() && !nodes_[0].children.empty())
        Q_EMIT dataChanged(index(0, LayerColumn), index(static_cast<int>(nodes_[0].children.size()) - 1, TrainableColumn));
    // Descendants: views ask again for what they show; tell them every row changed.
    for (std::size_t i = 1; i < nodes_.size(); ++i)
        if (!nodes_[i].children.empty())
            Q_EMIT dataChanged(indexOfNode(nodes_[i].children.front(), LayerColumn), indexOfNode(nodes_[i].children.back(), TrainableColumn));
    changed();
}

FreezePlan LayerTreeModel::freezePlan() const {
    if (!editedSince_) return applied_;
    const std::vector<bool> now = currentState();
    for (const char* preset : {"all", "head_only", "last_block"}) {
        FreezePlan p;
        p.preset = preset;
        const std::vector<bool> wanted = presetState(p);
        bool same = true;  // compared where there are parameters to train
        for (std::size_t i = 0; i < nodes_.size() && same; ++i) same = nodes_[i].ownParams <= 0 || wanted[i] == now[i];
        if (same) return p;
    }
    FreezePlan p;
    p.preset = "custom";
    if (!nodes_.empty())
        for (const int c : nodes_[0].children) collectFrozenRoots(c, p.frozen);
    return p;
}

void LayerTreeModel::collectFrozenRoots(int node, std::vector<std::string>& out) const {
    const Qt::CheckState s = stateOf(node);
    if (!hasParams(node) || s == Qt::Checked) return;
    if (s == Qt::Unchecked) {
        out.push_back(nodes_[static_cast<std::size_t>(node)].layer.path);
        return;
    }
    for (const int c : nodes_[static_cast<std::size_t>(node)].children) collectFrozenRoots(c, out);
}

Qt::CheckState LayerTreeModel::stateOf(int node) const {
    bool anyOn = false, anyOff = false;
    std::vector<int> stack{node};
    while (!stack.empty() && !(anyOn && anyOff)) {
        const Node& n = nodes_[static_cast<std::size_t>(stack.back())];
        stack.pop_back();
        if (n.ownParams > 0) (n.trainable ? anyOn : anyOff) = true;
        stack.insert(stack.end(), n.children.begin(), n.children.end());
    }
    return anyOn && anyOff ? Qt::PartiallyChecked : anyOff ? Qt::Unchecked : Qt::Checked;
}

void LayerTreeModel::setSubtree(int node, bool trainable) {
    Node& n = nodes_[static_cast<std::size_t>(node)];
    if (n.ownParams > 0) n.trainable = trainable;
    for (const int c : n.children) setSubtree(c, trainable);
    if (!n.children.empty()) Q_EMIT dataChanged(indexOfNode(n.children.front(), LayerColumn), indexOfNode(n.children.back(), TrainableColumn));
}

bool LayerTreeModel::setTrainable(const QString& path, bool trainable) {
    const int node = find(path.toStdString());
    if (node <= 0 || !hasParams(node)) return false;
    setSubtree(node, trainable);
    for (int n = node; n > 0; n = nodes_[static_cast<std::size_t>(n)].parent) {
        Q_EMIT dataChanged(indexOfNode(n, LayerColumn), indexOfNode(n, TrainableColumn));  // the whole row: its tint too
    }
    editedSince_ = true;
    changed();
    return true;
}

Qt::CheckState LayerTreeModel::trainableState(const QString& path) const {
    const int node = find(path.toStdString());
    return node < 0 ? Qt::Unchecked : stateOf(node);
}

std::int64_t LayerTreeModel::totalParams() const {
    std::int64_t total = 0;
    for (const auto& n : nodes_) total += std::max<std::int64_t>(0, n.ownParams);
    return total;
}

std::int64_t LayerTreeModel::trainableParams() const {
    std::int64_t total = 0;
    for (const auto& n : nodes_)
        if (n.ownParams > 0 && n.trainable) total += n.ownParams;
    return total;
}

int LayerTreeModel::find(const std::string& path) const {
    for (std::size_t i = 0; i < nodes_.size(); ++i)
        if (nodes_[i].layer.path == path) return static_cast<int>(i);
    return -1;
}

QModelIndex LayerTreeModel::indexOfNode(int node, int column) const {
    if (node <= 0) return {};
    return createIndex(nodes_[static_cast<std::size_t>(node)].row, column, static_cast<quintptr>(node));
}

QModelIndex LayerTreeModel::indexOf(const QString& path, int column) const { return indexOfNode(find(path.toStdString()), column); }

void LayerTreeModel::changed() { Q_EMIT trainableChanged(totalParams(), trainableParams()); }

QModelIndex LayerTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (nodes_.empty() || column < 0 || column >= ColumnCount) return {};
    const int p = parent.isValid() ? static_cast<int>(parent.internalId()) : 0;
    const auto& children = nodes_[static_cast<std::size_t>(p)].children;
    if (row < 0 || row >= static_cast<int>(children.size())) return {};
    return createIndex(row, column, static_cast<quintptr>(children[static_cast<std::size_t>(row)]));
}

QModelIndex LayerTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) return {};
    return indexOfNode(nodes_[child.internalId()].parent, LayerColumn);
}

int LayerTreeModel::rowCount(const QModelIndex& parent) const {
    if (nodes_.empty()) return 0;
    if (parent.isValid() && parent.column() != LayerColumn) return 0;
    const int p = parent.isValid() ? static_cast<int>(parent.internalId()) : 0;
    return static_cast<int>(nodes_[static_cast<std::size_t>(p)].children.size());
}

int LayerTreeModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QColor LayerTreeModel::frozenTint() { return QColor(0xdd, 0xe6, 0xf0); }

QVariant LayerTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const int node = static_cast<int>(index.internalId());
    const Node& n = nodes_[static_cast<std::size_t>(node)];
    if (role == PathRole) return QString::fromStdString(n.layer.path);
    if (role == Qt::CheckStateRole && index.column() == TrainableColumn && hasParams(node)) return stateOf(node);
    if (role == Qt::TextAlignmentRole && index.column() == ParamsColumn) return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == LayerColumn) return QString::fromStdString(n.layer.path);
    // Frozen layers are tinted across the row, so what trains stands out at a glance.
    if (role == Qt::BackgroundRole && hasParams(node) && stateOf(node) == Qt::Unchecked) return frozenTint();
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case LayerColumn: return QString::fromStdString(n.layer.path);
        case TypeColumn: return QString::fromStdString(n.layer.type);
        case ShapeColumn: return shapeText(n.layer.outputShape);
        case ParamsColumn: return n.layer.params > 0 ? QLocale().toString(static_cast<qlonglong>(n.layer.params)) : QString();
        default: return {};
    }
}

bool LayerTreeModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || role != Qt::CheckStateRole || index.column() != TrainableColumn) return false;
    const auto state = static_cast<Qt::CheckState>(value.toInt());
    return setTrainable(QString::fromStdString(nodes_[index.internalId()].layer.path), state != Qt::Unchecked);
}

Qt::ItemFlags LayerTreeModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == TrainableColumn && hasParams(static_cast<int>(index.internalId()))) f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant LayerTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case LayerColumn: return tr("Layer");
        case TypeColumn: return tr("Type");
        case ShapeColumn: return tr("Output shape");
        case ParamsColumn: return tr("Params");
        case TrainableColumn: return tr("Trainable");
        default: return {};
    }
}

void LayerTreeModel::retranslate() { Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1); }

}  // namespace tl::ui

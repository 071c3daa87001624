#include "train/modelpanel.h"

#include "train/layertreemodel.h"

#include "tl/freeze.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTreeView>
#include <QVBoxLayout>

namespace tl::ui {

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
    tree_ = new LayerTreeModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(tree_);
    proxy_->setRecursiveFilteringEnabled(true);  // a match keeps its parents visible
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(LayerTreeModel::LayerColumn);

    filter_ = new QLineEdit(this);
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, this, [this](const QString& text) {
        proxy_->setFilterFixedString(text);
        if (!text.isEmpty()) view_->expandAll();
    });

    preset_ = new QComboBox(this);
    for (const char* id : {"head_only", "last_block", "first_n", "all", "custom"})
        preset_->addItem(QString(), QString::fromLatin1(id));  // texts: retranslate()
    firstN_ = new QSpinBox(this);
    firstN_->setRange(0, 0);
    firstN_->setEnabled(false);
    connect(preset_, &QComboBox::currentIndexChanged, this, &ModelPanel::applyPreset);
    connect(firstN_, &QSpinBox::valueChanged, this, &ModelPanel::applyPreset);

    view_ = new QTreeView(this);
    view_->setModel(proxy_);
    view_->setUniformRowHeights(true);
    view_->setAlternatingRowColors(true);
    view_->header()->setStretchLastSection(false);
    view_->header()->setSectionResizeMode(LayerTreeModel::LayerColumn, QHeaderView::Stretch);
    for (const int c : {LayerTreeModel::TypeColumn, LayerTreeModel::ShapeColumn, LayerTreeModel::ParamsColumn, LayerTreeModel::TrainableColumn})
        view_->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);

    headKind_ = new QComboBox(this);
    for (const char* id : {"linear", "mlp"}) headKind_->addItem(QString(), QString::fromLatin1(id));
    hidden_ = new QSpinBox(this);
    hidden_->setRange(1, 65536);
    hidden_->setValue(256);
    dropout_ = new QDoubleSpinBox(this);
    dropout_->setRange(0.0, 0.95);
    dropout_->setSingleStep(0.05);
    dropout_->setValue(0.5);
    const auto headChanged = [this] {
        const bool mlp = headKind_->currentData().toString() == QStringLiteral("mlp");
        hidden_->setEnabled(mlp);
        dropout_->setEnabled(mlp);
        showHeadRows();
        Q_EMIT planChanged();
    };
    connect(headKind_, &QComboBox::currentIndexChanged, this, headChanged);
    connect(hidden_, &QSpinBox::valueChanged, this, [this] { Q_EMIT planChanged(); });
    connect(dropout_, &QDoubleSpinBox::valueChanged, this, [this] { Q_EMIT planChanged(); });
    hidden_->setEnabled(false);
    dropout_->setEnabled(false);
    classes_ = new QLabel(this);
    classes_->setWordWrap(true);

    footer_ = new QLabel(this);
    footer_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(tree_, &LayerTreeModel::trainableChanged, this, [this] {
        updateFooter();
        if (applying_) return;
        // The user edited the boxes: the preset menu says "custom" unless they equal a preset.
        const FreezePlan plan = tree_->freezePlan();
        const QSignalBlocker block(preset_);
        preset_->setCurrentIndex(preset_->findData(QString::fromStdString(plan.preset)));
        firstN_->setEnabled(plan.preset == "first_n");
        firstN_->setVisible(firstN_->isEnabled());
        Q_EMIT planChanged();
    });

    auto* presetRow = new QHBoxLayout;
    auto* presetLabel = new QLabel(this);
    presetLabel->setBuddy(preset_);
    labels_.emplace_back(presetLabel, QT_TR_NOOP("Layers that train:"));
    presetRow->addWidget(presetLabel);
    presetRow->addWidget(preset_, 1);
    presetRow->addWidget(firstN_);
    auto* head = headForm_ = new QFormLayout;
    const std::pair<const char*, QWidget*> rows[] = {{QT_TR_NOOP("Head:"), headKind_},
                                                     {QT_TR_NOOP("Hidden units:"), hidden_},
                                                     {QT_TR_NOOP("Dropout:"), dropout_},
                                                     {QT_TR_NOOP("Classes:"), classes_}};
    for (const auto& [text, field] : rows) {
        auto* label = new QLabel(this);
        label->setBuddy(field);
        head->addRow(label, field);
        labels_.emplace_back(label, text);
    }
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(presetRow);
    layout->addWidget(filter_);
    layout->addWidget(view_, 1);
    layout->addWidget(footer_);
    layout->addLayout(head);
    showHeadRows();
    retranslate();
}

// The hidden units and the dropout belong to the MLP head only: shown with it (not greyed out without a word).
// So is N to "Freeze the first N layers".
void ModelPanel::showHeadRows() {
    const bool mlp = headKind_->currentData().toString() == QStringLiteral("mlp");
    headForm_->setRowVisible(hidden_, mlp);
    headForm_->setRowVisible(dropout_, mlp);
    firstN_->setVisible(firstN_->isEnabled());
}

// Texts only: the chosen preset and head, N, the filter and the boxes stay.
void ModelPanel::retranslate() {
    for (const auto& [label, text] : labels_) label->setText(tr(text));
    filter_->setPlaceholderText(tr("Filter layers (e.g. layer4, conv, bn)"));
    const std::pair<const char*, const char*> presets[] = {{"head_only", QT_TR_NOOP("Train the head only")},
                                                           {"last_block", QT_TR_NOOP("Fine-tune the last block")},
                                                           {"first_n", QT_TR_NOOP("Freeze the first N layers")},
                                                           {"all", QT_TR_NOOP("Train all layers")},
                                                           {"custom", QT_TR_NOOP("Custom (as checked below)")}};
    for (const auto& [id, text] : presets) preset_->setItemText(preset_->findData(QString::fromLatin1(id)), tr(text));
    firstN_->setPrefix(tr("N = "));
    headKind_->setItemText(headKind_->findData(QStringLiteral("linear")), tr("Linear"));
    headKind_->setItemText(headKind_->findData(QStringLiteral("mlp")), tr("Dense → ReLU → Dropout → Dense"));
    showClasses();
    updateFooter();
    tree_->retranslate();
}

void ModelPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void ModelPanel::showClasses() {
    if (!modelSet_) return;
    classes_->setText(classNames_.isEmpty()
                          ? tr("N classes (from the dataset): until one is chosen, the head in the tree has the catalog's outputs")
                          : tr("%n class(es): %1", nullptr, static_cast<int>(classNames_.size())).arg(classNames_.join(QStringLiteral(", "))));
}

void ModelPanel::setModel(const Model& model, const ModelSummary& summary, const QStringList& classes) {
    // The same architecture again (its head now sized for the dataset, or other weights): the boxes chosen stay.
    std::vector<std::string> leaves = leafModules(model);
    const bool same = modelSet_ && leaves == leaves_;
    const FreezePlan before = tree_->freezePlan();
    applying_ = true;
    tree_->setLayers(summary, model.headPath(), lastBlockModules(model), leaves);
    applying_ = false;
    leaves_ = std::move(leaves);
    const int firstN = firstN_->value();
    firstN_->setRange(0, tree_->leafCount());
    if (same) firstN_->setValue(firstN);
    classNames_ = classes;
    modelSet_ = true;
    showClasses();
    view_->expandToDepth(0);
    if (same && preset_->currentData().toString() == QStringLiteral("custom")) {
        applying_ = true;
        tree_->applyPlan(before);
        applying_ = false;
        Q_EMIT planChanged();
    } else {
        applyPreset();
    }
}

void ModelPanel::applyPreset() {
    const QString preset = preset_->currentData().toString();
    firstN_->setEnabled(preset == QStringLiteral("first_n"));
    firstN_->setVisible(firstN_->isEnabled());
    if (preset == QStringLiteral("custom")) return;  // the boxes stay as they are
    FreezePlan plan;
    plan.preset = preset.toStdString();
    plan.firstN = firstN_->value();
    applying_ = true;
    tree_->applyPlan(plan);
    applying_ = false;
    Q_EMIT planChanged();
}

FreezePlan ModelPanel::freezePlan() const { return tree_->freezePlan(); }

HeadConfig ModelPanel::head() const {
    HeadConfig h;
    h.kind = headKind_->currentData().toString().toStdString();
    h.hidden = hidden_->value();
    h.dropout = dropout_->value();
    return h;
}

void ModelPanel::setFreezePlan(const FreezePlan& plan) {
    {
        const QSignalBlocker a(preset_), b(firstN_);
        preset_->setCurrentIndex(preset_->findData(QString::fromStdString(plan.preset)));
        firstN_->setValue(plan.firstN);
        firstN_->setEnabled(plan.preset == "first_n");
        firstN_->setVisible(firstN_->isEnabled());
    }
    applying_ = true;
    tree_->applyPlan(plan);
    applying_ = false;
    Q_EMIT planChanged();
}

void ModelPanel::setHead(const HeadConfig& head) {
    headKind_->setCurrentIndex(std::max(0, headKind_->findData(QString::fromStdString(head.kind))));
    hidden_->setValue(head.hidden);
    dropout_->setValue(head.dropout);
}

void ModelPanel::updateFooter() {
    const QLocale locale;
    footer_->setText(tr("Total params: %1 · Trainable: %2 · Non-trainable: %3")
                         .arg(locale.toString(static_cast<qlonglong>(tree_->totalParams())),
                              locale.toString(static_cast<qlonglong>(tree_->trainableParams())),
                              locale.toString(static_cast<qlonglong>(tree_->nonTrainableParams()))));
}

}  // namespace tl::ui

#include "compare/modelchecklist.h"

#include "common/settings.h"
#include "common/weightsfetcher.h"
#include "compare/comparesession.h"

#include <QEvent>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace tl::ui {

ModelChecklist::ModelChecklist(CompareSession* session, QWidget* parent) : QWidget(parent), session_(session) {
    title_ = new QLabel(this);
    list_ = new QListWidget(this);
    connect(list_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (syncing_) return;
        session_->setModelChecked(item->data(RefRole).toString(), item->checkState() == Qt::Checked);
        showEntry(list_->row(item));  // the session may have refused the change
    });
    add_ = new QPushButton(this);
    connect(add_, &QPushButton::clicked, this, &ModelChecklist::chooseModelFiles);
    remove_ = new QPushButton(this);
    remove_->setEnabled(false);
    connect(list_, &QListWidget::currentItemChanged, this, &ModelChecklist::updateRemove);
    connect(remove_, &QPushButton::clicked, this, &ModelChecklist::removeSelected);
    message_ = new QLabel(this);
    message_->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add_);
    buttons->addWidget(remove_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title_);
    layout->addWidget(list_, 1);
    layout->addLayout(buttons);
    layout->addWidget(message_);

    connect(session_, &CompareSession::modelsChanged, this, &ModelChecklist::sync);
    connect(session_, &CompareSession::modelCheckChanged, this, &ModelChecklist::showEntry);
    connect(session_, &CompareSession::modelMessageChanged, message_, &QLabel::setText);
    sync();
    retranslate();
}

void ModelChecklist::retranslate() {
    title_->setText(tr("Models to compare:"));
    list_->setToolTip(tr("Check the models to compare: catalog models whose weights are on this machine, and fine-tuned model files"));
    add_->setText(tr("Add &model file…"));
    add_->setToolTip(tr("Add a fine-tuned model file (.safetensors) to the list"));
    remove_->setText(tr("R&emove"));
    remove_->setToolTip(tr("Remove the selected model file from the list"));
    message_->setText(session_->modelMessage());            // worded by the session in the current language
    for (int i = 0; i < list_->count(); ++i) showEntry(i);  // the tooltips; names and checks are the session's, unchanged
}

void ModelChecklist::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void ModelChecklist::sync() {
    const auto& models = session_->models();
    bool same = list_->count() == static_cast<int>(models.size());
    for (int i = 0; same && i < list_->count(); ++i) same = list_->item(i)->data(RefRole).toString() == models[static_cast<std::size_t>(i)].key();
    if (!same) {
        const QString current = list_->currentItem() ? list_->currentItem()->data(RefRole).toString() : QString();
        syncing_ = true;
        list_->clear();
        for (std::size_t i = 0; i < models.size(); ++i) new QListWidgetItem(list_);
        syncing_ = false;
        if (!current.isEmpty()) list_->setCurrentRow(session_->indexOf(current));
    }
    for (int i = 0; i < list_->count(); ++i) showEntry(i);
    updateRemove();
}

void ModelChecklist::showEntry(int index) {
    const auto& models = session_->models();
    if (index < 0 || index >= list_->count() || index >= static_cast<int>(models.size())) return;
    const CompareSession::Entry& e = models[static_cast<std::size_t>(index)];
    QListWidgetItem* item = list_->item(index);
    const bool wasSyncing = syncing_;
    syncing_ = true;
    // A greyed model says why in its own text (the tooltip says what to do).
    item->setText(e.ref.isFile() ? QString::fromStdString(e.ref.name())
                  : e.available  ? WeightsFetcher::markUnverified(QString::fromStdString(e.ref.name()), e.key())
                                 : tr("%1 · weights not on this machine").arg(QString::fromStdString(e.ref.name())));
    item->setData(RefRole, e.key());
    item->setFlags(e.available ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable : Qt::ItemIsSelectable);
    item->setCheckState(e.checked ? Qt::Checked : Qt::Unchecked);
    if (const ModelFileInfo* info = e.ref.fileInfo()) {
        item->setToolTip(
            (e.run ? tr("Trained in the Train area: %1").arg(QDir::toNativeSeparators(e.key())) : QDir::toNativeSeparators(e.key())) +
            QLatin1Char('\n') +
            tr("%1 fine-tuned for %n class(es)", nullptr, static_cast<int>(info->classes.size())).arg(QString::fromStdString(info->arch)));
    } else if (const ModelSpec* spec = e.ref.spec()) {
        const QString name = QString::fromStdString(spec->name);
        if (e.available)
            item->setToolTip(tr("%1: %2 M parameters, %3 GFLOPs, published top-1 %4%\nWeights: %5")
                                 .arg(name)
                                 .arg(static_cast<double>(spec->params) / 1e6, 0, 'f', 1)
                                 .arg(spec->gflops, 0, 'f', 2)
                                 .arg(spec->top1, 0, 'f', 1)
                                 .arg(e.weights));
        else item->setToolTip(tr("The weights of %1 are not on this machine: download them in the Classify area.").arg(name));
    }
    syncing_ = wasSyncing;
}

void ModelChecklist::updateRemove() {
    const QListWidgetItem* item = list_->currentItem();
    const int i = item ? session_->indexOf(item->data(RefRole).toString()) : -1;
    remove_->setEnabled(i >= 0 && session_->models()[static_cast<std::size_t>(i)].ref.isFile());
}

void ModelChecklist::removeSelected() {
    if (const QListWidgetItem* item = list_->currentItem()) session_->removeModelFile(item->data(RefRole).toString());
}

void ModelChecklist::chooseModelFiles() {
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Add model files"), settings::lastFolder(QStringLiteral("models")),
                                                            tr("Transfer Studio model (*.safetensors)"));
    if (paths.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("models"), paths.first());
    for (const QString& path : paths) session_->addModelFile(path);
}

}  // namespace tl::ui

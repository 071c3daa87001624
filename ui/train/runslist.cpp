#include "train/runslist.h"

#include "train/runinfo.h"
#include "train/runsoverlay.h"
#include "train/trainsession.h"

#include <QContextMenuEvent>
#include <QDesktopServices>
#include <QEvent>
#include <QFileInfo>
#include <QKeyEvent>
#include <QMenu>
#include <QMessageBox>
#include <QUrl>
#include <QPixmap>
#include <QStyle>

#include <algorithm>

namespace tl::ui {

RunsList::RunsList(TrainSession* session, QWidget* parent) : QListWidget(parent), session_(session) {
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // a long name is cut short; the details show it whole
    setTextElideMode(Qt::ElideRight);
    connect(session_, &TrainSession::runsChanged, this, &RunsList::showRuns);
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        QString error;
        if (!session_->openRun(item->data(Qt::UserRole).toString(), &error))
            session_->reportProblem([error] { return tr("Cannot open the run: %1").arg(error); });
    });
    connect(this, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        const QString dir = item ? item->data(Qt::UserRole).toString() : QString();
        if (dir == chosen_) return;
        chosen_ = dir;
        Q_EMIT runChosen(dir);
    });
    showRuns();
    retranslate();
}

// The list is read again (a run ended, one was deleted): the selection and the current run stay where they can.
void RunsList::showRuns() {
    const QStringList selected = selectedRuns();
    const QString current = currentItem() ? currentItem()->data(Qt::UserRole).toString() : QString();
    {
        const QSignalBlocker blocker(this);
        clear();
        // Every row has an icon, blank but for a run that cannot be read: their texts start in the same column.
        const int side = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
        setIconSize(QSize(side, side));
        QPixmap blank(side, side);
        blank.fill(Qt::transparent);
        const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this);
        for (const RunEntry& run : session_->runs()) {
            auto* item = new QListWidgetItem(run.problem.isEmpty() ? QIcon(blank) : warning, TrainSession::runText(run), this);
            if (!run.problem.isEmpty()) item->setToolTip(run.problem);  // the whole message
            item->setData(Qt::UserRole, run.dir);
            if (selected.contains(run.dir)) item->setSelected(true);
            if (run.dir == current) setCurrentItem(item, QItemSelectionModel::NoUpdate);
        }
    }
    chosen_ = currentItem() ? currentItem()->data(Qt::UserRole).toString() : QString();
    Q_EMIT runChosen(chosen_);  // also when it is the same run: what it holds may have changed
}

QStringList RunsList::selectedRuns() const {
    QStringList dirs;
    for (int i = 0; i < count(); ++i)
        if (item(i)->isSelected()) dirs << item(i)->data(Qt::UserRole).toString();
    return dirs;
}

bool RunsList::selectRun(const QString& dir) {
    for (int i = 0; i < count(); ++i)
        if (item(i)->data(Qt::UserRole).toString() == dir) {
            setCurrentItem(item(i), QItemSelectionModel::ClearAndSelect);
            return true;
        }
    return false;
}

QMenu* RunsList::contextMenu() {
    auto* menu = new QMenu(this);
    const QStringList dirs = selectedRuns();
    std::vector<RunInfo> runs;
    for (const QString& dir : dirs) runs.push_back(readRunInfo(dir));
    const RunInfo* one = runs.size() == 1 ? &runs.front() : nullptr;
    const bool running = session_->running();
    const auto add = [menu](const QString& text, const char* name, bool enabled, auto slot) {
        QAction* action = menu->addAction(text);
        action->setObjectName(QLatin1String(name));
        action->setEnabled(enabled);
        connect(action, &QAction::triggered, menu, slot);
        return action;
    };
    add(tr("Open &Folder"), "openFolder", one != nullptr, [this, dir = one ? one->dir : QString()] {
        if (!QDesktopServices::openUrl(QUrl::fromLocalFile(dir))) session_->reportProblem([dir] { return tr("Cannot open the folder %1").arg(dir); });
    });
    add(tr("&Resume"), "resume", one && one->resumable() && !running, [this, dir = one ? one->dir : QString()] { session_->resumeRun(dir); });
    menu->addSeparator();
    add(tr("Open in &Classify"), "openInClassify", one && !one->modelFile.isEmpty(),
        [this, file = one ? one->modelFile : QString()] { Q_EMIT openInClassify(file); });
    QStringList models;
    for (const RunInfo& run : runs)
        if (!run.modelFile.isEmpty()) models << run.modelFile;
    add(tr("Co&mpare"), "compare", !models.isEmpty(), [this, models] {
        for (const QString& file : models) Q_EMIT compareRun(file);
    });
    add(tr("Compare c&urves"), "compareCurves", !runs.empty(), [this] { compareCurves(); });
    menu->addSeparator();
    add(tr("Restore &Settings"), "restoreSettings", one && one->config && !running, [this, dir = one ? one->dir : QString()] {
        QString error;
        if (!session_->restoreSettings(dir, &error)) session_->reportProblem([error] { return tr("The settings were not restored: %1").arg(error); });
    });
    QAction* remove = add(tr("&Delete…"), "delete", !runs.empty(), [this] { deleteSelected(); });
    remove->setShortcut(QKeySequence::Delete);  // shown in the menu; the key itself: keyPressEvent
    return menu;
}

void RunsList::contextMenuEvent(QContextMenuEvent* event) {
    if (QListWidgetItem* under = itemAt(event->pos()); under && !under->isSelected()) setCurrentItem(under, QItemSelectionModel::ClearAndSelect);
    if (selectedRuns().isEmpty()) return;
    QMenu* menu = contextMenu();
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
}

void RunsList::keyPressEvent(QKeyEvent* event) {
    if (event->matches(QKeySequence::Delete) || event->key() == Qt::Key_Delete) {
        deleteSelected();
        return;
    }
    QListWidget::keyPressEvent(event);
}

bool RunsList::deleteSelected() {
    const QStringList dirs = selectedRuns();
    if (dirs.isEmpty()) return false;
    QStringList names;
    for (const QString& dir : dirs) names << QFileInfo(dir).fileName();
    const QString going = session_->currentRunDir();
    if (!going.isEmpty() && dirs.contains(going)) {
        session_->reportProblem([name = QFileInfo(going).fileName()] { return tr("%1 is training: stop it before deleting it.").arg(name); });
        return false;
    }
    QMessageBox box(QMessageBox::Question, tr("Delete runs"), tr("Move %n run folder(s) to the trash?", nullptr, static_cast<int>(dirs.size())),
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setInformativeText(names.join(QLatin1Char('\n')));
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Yes) return false;
    QStringList failed;
    QString lastError;
    for (const QString& dir : dirs) {
        QString error;
        if (!session_->deleteRun(dir, &error)) {
            failed << QFileInfo(dir).fileName();
            lastError = error;
        }
    }
    if (!failed.isEmpty())
        session_->reportProblem([failed, lastError] { return tr("Not deleted: %1 — %2").arg(failed.join(QStringLiteral(", ")), lastError); });
    return failed.size() < dirs.size();
}

RunsOverlay* RunsList::overlay() const { return overlay_.data(); }

RunsOverlay* RunsList::compareCurves() {
    std::vector<RunInfo> runs;
    for (const QString& dir : selectedRuns()) runs.push_back(readRunInfo(dir));
    if (!overlay_) {
        overlay_ = new RunsOverlay(window());
        overlay_->setAttribute(Qt::WA_DeleteOnClose);
    }
    overlay_->setRuns(runs);
    overlay_->show();
    overlay_->raise();
    return overlay_;
}

// The items keep their place, selection and scroll position: only their texts change.
void RunsList::retranslate() {
    setToolTip(tr("Double-click a run to show its curves and evaluate its model"));
    const std::vector<RunEntry>& runs = session_->runs();
    for (int i = 0; i < count(); ++i) {
        QListWidgetItem* it = item(i);
        const QString dir = it->data(Qt::UserRole).toString();
        const auto run = std::find_if(runs.begin(), runs.end(), [&](const RunEntry& r) { return r.dir == dir; });
        if (run != runs.end()) it->setText(TrainSession::runText(*run));
    }
}

void RunsList::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QListWidget::changeEvent(event);
}

}  // namespace tl::ui

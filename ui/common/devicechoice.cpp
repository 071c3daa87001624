#include "common/devicechoice.h"

#include "common/settings.h"

#include "tl/runtime.h"

#include <QAction>
#include <QActionGroup>
#include <QCoreApplication>
#include <QEvent>
#include <QMenu>
#include <QSignalBlocker>

namespace tl::ui {

DeviceChoice::DeviceChoice(QObject* parent) : QObject(parent) {}

DeviceChoice& DeviceChoice::instance() {
    // Parented to the application so it goes with it (tests create one application per process).
    static DeviceChoice* choice = nullptr;
    if (!choice) {
        choice = new DeviceChoice(QCoreApplication::instance());
        if (QCoreApplication::instance()) QObject::connect(QCoreApplication::instance(), &QObject::destroyed, [] { choice = nullptr; });
    }
    return *choice;
}

QString DeviceChoice::current() const { return settings::device(); }

void DeviceChoice::set(const QString& device) {
    if (device.isEmpty() || device == current()) return;
    settings::setDevice(device);
    Q_EMIT changed(device);
}

QList<QPair<QString, QString>> DeviceChoice::choices() {
    return {{QStringLiteral("auto"), tr("Automatic (the GPU when there is one)")},
            {QStringLiteral("cpu"), tr("CPU")},
            {QStringLiteral("cuda"), tr("GPU")}};
}

QString DeviceChoice::displayName(const QString& device) {
    if (device == QLatin1String("auto")) return tr("Automatic");
    if (device == QLatin1String("cpu")) return tr("CPU");
    if (device == QLatin1String("cuda")) return tr("GPU");
    return device;
}

DeviceBox::DeviceBox(QWidget* parent) : QComboBox(parent) {
    setObjectName(QStringLiteral("deviceBox"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    fill();
    connect(this, &QComboBox::activated, this, [this](int index) { DeviceChoice::instance().set(itemData(index).toString()); });
    connect(&DeviceChoice::instance(), &DeviceChoice::changed, this, &DeviceBox::showCurrent);
}

void DeviceBox::fill() {
    const QSignalBlocker blocker(this);
    clear();
    const bool gpu = runtimeInfo().cudaAvailable;
    for (const auto& [device, text] : DeviceChoice::choices()) {
        addItem(text, device);
        if (device == QLatin1String("cuda") && !gpu)
            setItemData(count() - 1, tr("This machine has no usable GPU: a run on the GPU would fail"), Qt::ToolTipRole);
    }
    setToolTip(tr("Where Classify, Train and Compare run the models (one choice for the whole application)"));
    showCurrent();
}

void DeviceBox::showCurrent() {
    const QSignalBlocker blocker(this);
    const QString device = DeviceChoice::instance().current();
    if (findData(device) < 0) addItem(device, device);  // a stored "cuda:1" stays visible
    setCurrentIndex(findData(device));
}

void DeviceBox::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) fill();
    QComboBox::changeEvent(event);
}

DeviceMenu::DeviceMenu(QMenu* menu) : QObject(menu), menu_(menu), group_(new QActionGroup(this)) {
    group_->setExclusive(true);
    for (const auto& choice : DeviceChoice::choices()) {
        auto* action = new QAction(menu_);
        action->setCheckable(true);
        action->setData(choice.first);
        group_->addAction(action);
        menu_->addAction(action);
        connect(action, &QAction::triggered, this, [device = choice.first] { DeviceChoice::instance().set(device); });
    }
    connect(&DeviceChoice::instance(), &DeviceChoice::changed, this, &DeviceMenu::showCurrent);
    retranslate();
}

void DeviceMenu::retranslate() {
    menu_->setTitle(tr("Compute &Device"));
    const auto choices = DeviceChoice::choices();
    const QList<QAction*> actions = group_->actions();
    for (int i = 0; i < actions.size() && i < choices.size(); ++i) actions[i]->setText(choices[i].second);
    showCurrent();
}

void DeviceMenu::showCurrent() {
    const QString device = DeviceChoice::instance().current();
    for (QAction* action : group_->actions()) action->setChecked(action->data().toString() == device);
}

}  // namespace tl::ui

#include "train/trainform.h"

#include "train/trainrunner.h"
#include "train/trainsession.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace tl::ui {

TrainForm::TrainForm(TrainSession* session, QWidget* parent) : QWidget(parent), session_(session) {
    optimizer_ = new QComboBox(this);
    for (const char* name : {"adam", "sgd", "adamw", "rmsprop"}) optimizer_->addItem(QString::fromLatin1(name), QString::fromLatin1(name));
    lr_ = new QDoubleSpinBox(this);
    lr_->setDecimals(6);
    lr_->setRange(1e-6, 1.0);
    lr_->setSingleStep(1e-4);
    epochs_ = new QSpinBox(this);
    epochs_->setRange(1, 10000);
    fineTuneEpochs_ = new QSpinBox(this);
    fineTuneEpochs_->setRange(0, 10000);
    fineTuneLr_ = new QDoubleSpinBox(this);
    fineTuneLr_->setDecimals(6);
    fineTuneLr_->setRange(1e-7, 1.0);
    fineTuneLr_->setSingleStep(1e-5);
    batch_ = new QSpinBox(this);
    batch_->setRange(1, 4096);
    imageSize_ = new QSpinBox(this);
    imageSize_->setRange(0, 2048);
    imageSize_->setSingleStep(16);
    seed_ = new QSpinBox(this);
    seed_->setRange(0, 2147483647);
    precision_ = new QComboBox(this);
    for (const char* id : {"fp32", "bf16", "fp16"}) precision_->addItem(QString(), QString::fromLatin1(id));  // texts: retranslate()
    showSettings(session_->settings());

    start_ = new QPushButton(this);
    pause_ = new QPushButton(this);
    stop_ = new QPushButton(this);
    start_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    connect(start_, &QPushButton::clicked, this, &TrainForm::askNameAndStart);
    connect(pause_, &QPushButton::clicked, session_, &TrainSession::togglePause);
    connect(stop_, &QPushButton::clicked, session_, &TrainSession::stopRun);

    auto* form = new QFormLayout;
    const std::pair<const char*, QWidget*> rows[] = {{QT_TR_NOOP("Optimizer:"), optimizer_},
                                                     {QT_TR_NOOP("Learning rate:"), lr_},
                                                     {QT_TR_NOOP("Epochs:"), epochs_},
                                                     {QT_TR_NOOP("Then fine-tune the last block for:"), fineTuneEpochs_},
                                                     {QT_TR_NOOP("Fine-tuning learning rate (SGD):"), fineTuneLr_},
                                                     {QT_TR_NOOP("Batch size:"), batch_},
                                                     {QT_TR_NOOP("Image size:"), imageSize_},
                                                     {QT_TR_NOOP("Seed:"), seed_},
                                                     {QT_TR_NOOP("Precision:"), precision_}};
    for (const auto& [text, field] : rows) {
        auto* label = new QLabel(this);
        label->setBuddy(field);
        form->addRow(label, field);
        labels_.emplace_back(label, text);
    }
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(start_);
    buttons->addWidget(pause_);
    buttons->addWidget(stop_);
    startReason_ = new QLabel(this);
    startReason_->setObjectName(QStringLiteral("startReason"));
    startReason_->setWordWrap(true);
    startReason_->setVisible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(startReason_);

    // Edits go to the session; the session's settings come back here (from whoever set them).
    for (QComboBox* box : {optimizer_, precision_}) connect(box, &QComboBox::currentIndexChanged, this, &TrainForm::edited);
    for (QDoubleSpinBox* box : {lr_, fineTuneLr_}) connect(box, &QDoubleSpinBox::valueChanged, this, &TrainForm::edited);
    for (QSpinBox* box : {epochs_, fineTuneEpochs_, batch_, imageSize_, seed_}) connect(box, &QSpinBox::valueChanged, this, &TrainForm::edited);
    connect(session_, &TrainSession::settingsChanged, this, &TrainForm::showSettings);
    connect(session_, &TrainSession::runningChanged, this, &TrainForm::setRunning);
    connect(session_, &TrainSession::blockerChanged, this, &TrainForm::updateStart);
    connect(session_->runner(), &TrainRunner::pausedChanged, this, [this](bool paused) {
        paused_ = paused;
        pause_->setText(paused ? tr("&Resume") : tr("&Pause"));
    });
    setRunning(session_->running());
    retranslate();
}

// The run's name first: what Classify and Compare will list its model by. Esc (Cancel) starts nothing.
void TrainForm::askNameAndStart() {
    if (session_->running()) return;
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("runNameDialog"));
    dialog.setWindowTitle(tr("Start a run"));
    dialog.setLabelText(tr("Name of the run (Classify and Compare list its model by this name):"));
    dialog.setTextValue(session_->defaultRunName());
    dialog.setOkButtonText(tr("&Start"));
    if (auto* edit = dialog.findChild<QLineEdit*>()) {
        edit->setMaxLength(200);
        edit->selectAll();  // typing replaces the suggestion
    }
    if (dialog.exec() != QDialog::Accepted) return;
    session_->startNamedRun(dialog.textValue());
}

// Texts only: the values, the chosen items and what is enabled stay.
void TrainForm::retranslate() {
    for (const auto& [label, text] : labels_) label->setText(tr(text));
    fineTuneEpochs_->setSpecialValueText(tr("none"));
    imageSize_->setSpecialValueText(tr("the model's"));
    imageSize_->setSuffix(tr(" px"));
    precision_->setItemText(precision_->findData(QStringLiteral("fp32")), tr("fp32"));
    precision_->setItemText(precision_->findData(QStringLiteral("bf16")), tr("bf16 (GPU)"));
    precision_->setItemText(precision_->findData(QStringLiteral("fp16")), tr("fp16 (GPU)"));
    start_->setText(tr("&Start"));
    pause_->setText(paused_ ? tr("&Resume") : tr("&Pause"));
    stop_->setText(tr("S&top"));
    updateStart();
}

void TrainForm::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void TrainForm::showSettings(const TrainSettings& s) {
    showing_ = true;
    optimizer_->setCurrentIndex(std::max(0, optimizer_->findData(s.optimizer)));
    lr_->setValue(s.learningRate);
    epochs_->setValue(s.epochs);
    fineTuneEpochs_->setValue(s.fineTuneEpochs);
    fineTuneLr_->setValue(s.fineTuneLearningRate);
    batch_->setValue(s.batchSize);
    imageSize_->setValue(s.imageSize);
    seed_->setValue(static_cast<int>(s.seed));
    precision_->setCurrentIndex(std::max(0, precision_->findData(s.precision)));
    showing_ = false;
}

void TrainForm::edited() {
    if (showing_) return;
    TrainSettings s;
    s.optimizer = optimizer_->currentData().toString();
    s.learningRate = lr_->value();
    s.epochs = epochs_->value();
    s.fineTuneEpochs = fineTuneEpochs_->value();
    s.fineTuneLearningRate = fineTuneLr_->value();
    s.batchSize = batch_->value();
    s.imageSize = imageSize_->value();
    s.seed = seed_->value();
    s.precision = precision_->currentData().toString();
    session_->setSettings(s);
}

void TrainForm::updateStart() {
    const bool running = session_->running();
    start_->setEnabled(!running && session_->canStart());
    const QString why = running ? QString() : session_->blocker();
    startReason_->setText(why.isEmpty() ? QString() : tr("Start is off: %1").arg(why));
    startReason_->setVisible(!why.isEmpty());
    start_->setToolTip(why);
}

void TrainForm::setRunning(bool running) {
    updateStart();
    pause_->setEnabled(running);
    stop_->setEnabled(running);
    paused_ = false;
    pause_->setText(tr("&Pause"));
    for (QWidget* w : std::initializer_list<QWidget*>{optimizer_, lr_, epochs_, fineTuneEpochs_, fineTuneLr_, batch_, imageSize_, seed_, precision_})
        w->setEnabled(!running);
}

}  // namespace tl::ui

#include "train/weightschoice.h"

#include "common/settings.h"

#include "tl/train_config.h"

#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>

namespace tl::ui {

namespace {

const QString kModeKey = QStringLiteral("train/weights");
const QString kFileKey = QStringLiteral("train/weightsFile");

QString modeName(WeightsChoice::Mode mode) {
    switch (mode) {
        case WeightsChoice::Mode::File: return QStringLiteral("file");
        case WeightsChoice::Mode::None: return QStringLiteral("none");
        case WeightsChoice::Mode::Store: break;
    }
    return QStringLiteral("store");
}

}  // namespace

WeightsChoice::WeightsChoice(QWidget* parent)
    : QWidget(parent), combo_(new QComboBox(this)), choose_(new QPushButton(this)), fileLabel_(new QLabel(this)) {
    setObjectName(QStringLiteral("weightsChoice"));
    combo_->setObjectName(QStringLiteral("weightsMode"));
    choose_->setObjectName(QStringLiteral("weightsFileButton"));
    fileLabel_->setObjectName(QStringLiteral("weightsFileLabel"));
    for (const Mode m : {Mode::Store, Mode::File, Mode::None}) combo_->addItem(QString(), static_cast<int>(m));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(combo_);
    layout->addWidget(choose_);
    layout->addWidget(fileLabel_, 1);
    retranslate();

    // The remembered choice; a remembered file that is gone falls back to the store's weights.
    QSettings settings;
    file_ = settings.value(kFileKey).toString();
    const QString remembered = settings.value(kModeKey).toString();
    Mode mode = remembered == QLatin1String("none") ? Mode::None : remembered == QLatin1String("file") ? Mode::File : Mode::Store;
    if (mode == Mode::File && !QFileInfo(file_).isFile()) mode = Mode::Store;
    show(mode);

    connect(combo_, &QComboBox::activated, this, [this](int index) {
        const auto chosen = static_cast<Mode>(combo_->itemData(index).toInt());
        if (chosen == Mode::File && file_.isEmpty()) {
            chooseFile();
            if (file_.isEmpty()) show(mode_);  // nothing chosen: the previous mode stays
            return;
        }
        setMode(chosen);
    });
    connect(choose_, &QPushButton::clicked, this, &WeightsChoice::chooseFile);
}

void WeightsChoice::retranslate() {
    combo_->setItemText(0, tr("Pretrained (weights folder)"));
    combo_->setItemText(1, tr("From a file"));
    combo_->setItemText(2, tr("None (train from scratch)"));
    combo_->setToolTip(
        tr("The weights training starts from: the model's pretrained weights (downloaded or imported), a state dict file "
           "(.pth, .safetensors) of the same architecture, or none"));
    choose_->setText(tr("Choose…"));
    choose_->setToolTip(tr("Choose a state dict file (.pth, .pt, .safetensors) to start from"));
}

void WeightsChoice::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void WeightsChoice::show(Mode mode) {
    mode_ = mode;
    combo_->setCurrentIndex(combo_->findData(static_cast<int>(mode)));
    choose_->setVisible(mode == Mode::File);
    fileLabel_->setVisible(mode == Mode::File);
    // A long file name is shortened in its middle (the whole path is the tool tip): the window keeps fitting 1024 px.
    fileLabel_->setText(fileLabel_->fontMetrics().elidedText(QFileInfo(file_).fileName(), Qt::ElideMiddle, 220));
    fileLabel_->setToolTip(file_);
}

void WeightsChoice::setMode(Mode mode) {
    const bool changedMode = mode != mode_;
    show(mode);
    QSettings().setValue(kModeKey, modeName(mode));
    if (changedMode) Q_EMIT changed();
}

void WeightsChoice::setFile(const QString& file) {
    file_ = QFileInfo(file).absoluteFilePath();
    QSettings().setValue(kFileKey, file_);
    const bool wasFile = mode_ == Mode::File;
    setMode(Mode::File);
    if (wasFile) Q_EMIT changed();  // setMode() said nothing: the mode is the same, the file is not
}

void WeightsChoice::chooseFile() {
    const QString start = file_.isEmpty() ? settings::lastFolder(QStringLiteral("weights")) : file_;
    const QString file = QFileDialog::getOpenFileName(this, tr("Weights to start from"), start,
                                                      tr("State dicts (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;All files (*)"));
    if (file.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("weights"), file);
    setFile(file);
}

std::string WeightsChoice::configWeights() const {
    switch (mode_) {
        case Mode::File: return file_.toStdString();
        case Mode::None: return kNoWeights;
        case Mode::Store: break;
    }
    return {};
}

}  // namespace tl::ui

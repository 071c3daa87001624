#include "train/augmentpanel.h"

#include "common/imageconvert.h"

#include "tl/image.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QListWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace tl::ui {

namespace {

QDoubleSpinBox* spin(QWidget* parent, double max, double step, int decimals, const QString& suffix = {}) {
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(0.0, max);
    s->setSingleStep(step);
    s->setDecimals(decimals);
    s->setSuffix(suffix);
    return s;
}

}  // namespace

AugmentPanel::AugmentPanel(QWidget* parent) : QWidget(parent) {
    enable_ = new QCheckBox(tr("&Augment the training images (turns bottleneck mode off)"), this);
    rotation_ = spin(this, 180, 5, 0, QStringLiteral("°"));
    widthShift_ = spin(this, 0.9, 0.05, 2);
    heightShift_ = spin(this, 0.9, 0.05, 2);
    shear_ = spin(this, 80, 5, 0, QStringLiteral("°"));
    zoom_ = spin(this, 0.9, 0.05, 2);
    hflip_ = new QCheckBox(tr("Horizontal flip"), this);
    vflip_ = new QCheckBox(tr("Vertical flip"), this);
    fill_ = new QComboBox(this);
    for (const char* mode : {"nearest", "constant", "reflect", "wrap"}) fill_->addItem(QString::fromLatin1(mode), QString::fromLatin1(mode));
    resizedCrop_ = new QCheckBox(tr("Random resized crop (scale 0.08–1, ratio 3/4–4/3)"), this);
    brightness_ = spin(this, 1.0, 0.05, 2);
    contrast_ = spin(this, 1.0, 0.05, 2);
    saturation_ = spin(this, 1.0, 0.05, 2);
    hue_ = spin(this, 0.5, 0.05, 2);
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    preview_ = new QListWidget(this);
    preview_->setViewMode(QListView::IconMode);
    preview_->setIconSize(QSize(112, 112));
    preview_->setGridSize(QSize(124, 124));
    preview_->setMovement(QListView::Static);
    preview_->setResizeMode(QListView::Adjust);

    auto* form = new QFormLayout;
    form->addRow(tr("Rotation (±):"), rotation_);
    form->addRow(tr("Width shift (fraction):"), widthShift_);
    form->addRow(tr("Height shift (fraction):"), heightShift_);
    form->addRow(tr("Shear (±):"), shear_);
    form->addRow(tr("Zoom (±):"), zoom_);
    form->addRow(QString(), hflip_);
    form->addRow(QString(), vflip_);
    form->addRow(tr("Fill mode:"), fill_);
    form->addRow(QString(), resizedCrop_);
    form->addRow(tr("Brightness (±):"), brightness_);
    form->addRow(tr("Contrast (±):"), contrast_);
    form->addRow(tr("Saturation (±):"), saturation_);
    form->addRow(tr("Hue (±):"), hue_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(enable_);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Preview: variants of one training image, as the network will see them"), this));
    layout->addWidget(message_);
    layout->addWidget(preview_, 1);

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(150);
    connect(debounce_, &QTimer::timeout, this, &AugmentPanel::makePreview);
    for (QDoubleSpinBox* s : {rotation_, widthShift_, heightShift_, shear_, zoom_, brightness_, contrast_, saturation_, hue_})
        connect(s, &QDoubleSpinBox::valueChanged, this, &AugmentPanel::schedulePreview);
    for (QCheckBox* c : {enable_, hflip_, vflip_, resizedCrop_}) connect(c, &QCheckBox::toggled, this, &AugmentPanel::schedulePreview);
    connect(fill_, &QComboBox::currentIndexChanged, this, &AugmentPanel::schedulePreview);
    connect(&watcher_, &QFutureWatcher<std::vector<QImage>>::finished, this, [this] {
        preview_->clear();
        for (const QImage& image : watcher_.result()) new QListWidgetItem(QIcon(QPixmap::fromImage(image)), QString(), preview_);
        Q_EMIT previewShown();
        if (pending_) makePreview();
    });
}

AugmentPanel::~AugmentPanel() { watcher_.waitForFinished(); }

bool AugmentPanel::augmenting() const { return enable_->isChecked() && config().active(); }

AugmentConfig AugmentPanel::config() const {
    AugmentConfig c;
    c.rotationRange = rotation_->value();
    c.widthShiftRange = widthShift_->value();
    c.heightShiftRange = heightShift_->value();
    c.shearRange = shear_->value();
    c.zoomLow = 1.0 - zoom_->value();
    c.zoomHigh = 1.0 + zoom_->value();
    c.horizontalFlip = hflip_->isChecked();
    c.verticalFlip = vflip_->isChecked();
    c.fillMode = fill_->currentData().toString().toStdString();
    c.randomResizedCrop = resizedCrop_->isChecked();
    c.brightness = brightness_->value();
    c.contrast = contrast_->value();
    c.saturation = saturation_->value();
    c.hue = hue_->value();
    return c;
}

void AugmentPanel::setPreviewSource(const QString& imagePath, const Preprocessing& recipe) {
    previewPath_ = imagePath;
    recipe_ = recipe;
    schedulePreview();
}

void AugmentPanel::schedulePreview() { debounce_->start(); }

void AugmentPanel::makePreview() {
    if (previewPath_.isEmpty()) return;
    if (watcher_.isRunning()) {  // one at a time; the newest settings follow
        pending_ = true;
        return;
    }
    pending_ = false;
    const AugmentConfig config = enable_->isChecked() ? this->config() : AugmentConfig{};
    message_->setText(enable_->isChecked() ? QString() : tr("Augmentation is off: every epoch sees the same crop."));
    const std::string path = previewPath_.toStdString();
    const Preprocessing recipe = recipe_;
    watcher_.setFuture(QtConcurrent::run([path, recipe, config] {
        std::vector<QImage> out;
        try {
            const cv::Mat rgb = readImage(path).rgb;
            for (const cv::Mat& variant : augmentPreview(rgb, config, recipe, kPreviewCount, 1)) out.push_back(toQImage(variant));
        } catch (const std::exception&) {
            // an unreadable image shows no preview
        }
        return out;
    }));
}

}  // namespace tl::ui

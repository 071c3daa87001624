#include "train/augmentpanel.h"

#include "common/imageconvert.h"
#include "common/settings.h"

#include "tl/image.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace tl::ui {

namespace {

QDoubleSpinBox* spin(QWidget* parent, double max, double step, int decimals, const QString& suffix = {}, double min = 0.0) {
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(min, max);
    s->setSingleStep(step);
    s->setDecimals(decimals);
    s->setSuffix(suffix);
    return s;
}

QWidget* range(QWidget* parent, QDoubleSpinBox* low, QDoubleSpinBox* high) {
    auto* w = new QWidget(parent);
    auto* row = new QHBoxLayout(w);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(low);
    row->addWidget(new QLabel(QStringLiteral("–"), w));
    row->addWidget(high);
    row->addStretch(1);
    return w;
}

}  // namespace

AugmentPanel::AugmentPanel(QWidget* parent)
    : QWidget(parent), previewJob_({[this](const std::vector<QImage>& images) { showPreview(images); }, {}, {}, {}}) {
    enable_ = new QCheckBox(this);
    rotation_ = spin(this, 180, 5, 0, QStringLiteral("°"));
    widthShift_ = spin(this, 0.9, 0.05, 2);
    heightShift_ = spin(this, 0.9, 0.05, 2);
    shear_ = spin(this, 80, 5, 0, QStringLiteral("°"));
    zoomLow_ = spin(this, 4.0, 0.05, 2, {}, 0.1);
    zoomHigh_ = spin(this, 4.0, 0.05, 2, {}, 0.1);
    zoomLow_->setValue(1.0);
    zoomHigh_->setValue(1.0);
    hflip_ = new QCheckBox(this);
    vflip_ = new QCheckBox(this);
    fill_ = new QComboBox(this);
    for (const char* mode : {"nearest", "constant", "reflect", "wrap"}) fill_->addItem(QString::fromLatin1(mode), QString::fromLatin1(mode));
    cval_ = spin(this, 255.0, 1.0, 0);
    resizedCrop_ = new QCheckBox(this);
    scaleLow_ = spin(this, 1.0, 0.01, 2, {}, 0.01);
    scaleHigh_ = spin(this, 1.0, 0.01, 2, {}, 0.01);
    ratioLow_ = spin(this, 4.0, 0.05, 2, {}, 0.1);
    ratioHigh_ = spin(this, 4.0, 0.05, 2, {}, 0.1);
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
    // The rows in order; a row without a label text holds a check box (its own text).
    const std::pair<const char*, QWidget*> rows[] = {{QT_TR_NOOP("Rotation (±):"), rotation_},
                                                     {QT_TR_NOOP("Width shift (fraction):"), widthShift_},
                                                     {QT_TR_NOOP("Height shift (fraction):"), heightShift_},
                                                     {QT_TR_NOOP("Shear (±):"), shear_},
                                                     {QT_TR_NOOP("Zoom range:"), range(this, zoomLow_, zoomHigh_)},
                                                     {nullptr, hflip_},
                                                     {nullptr, vflip_},
                                                     {QT_TR_NOOP("Fill mode:"), fill_},
                                                     {QT_TR_NOOP("Fill value:"), cval_},
                                                     {nullptr, resizedCrop_},
                                                     {QT_TR_NOOP("Crop area (fraction):"), range(this, scaleLow_, scaleHigh_)},
                                                     {QT_TR_NOOP("Crop aspect ratio:"), range(this, ratioLow_, ratioHigh_)},
                                                     {QT_TR_NOOP("Brightness (±):"), brightness_},
                                                     {QT_TR_NOOP("Contrast (±):"), contrast_},
                                                     {QT_TR_NOOP("Saturation (±):"), saturation_},
                                                     {QT_TR_NOOP("Hue (±):"), hue_}};
    for (const auto& [text, field] : rows) {
        if (!text) {
            form->addRow(QString(), field);
            continue;
        }
        auto* label = new QLabel(this);
        label->setBuddy(field);
        form->addRow(label, field);
        labels_.emplace_back(label, text);
    }
    previewLabel_ = new QLabel(this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(enable_);
    layout->addLayout(form);
    layout->addWidget(previewLabel_);
    layout->addWidget(message_);
    layout->addWidget(preview_, 1);

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(150);
    connect(debounce_, &QTimer::timeout, this, &AugmentPanel::makePreview);
    const AugmentConfig defaults;
    setConfig(defaults);
    try {
        const QString stored = settings::trainAugmentation();
        if (!stored.isEmpty()) setConfig(parseAugmentConfig(stored.toStdString(), "settings"));
        enable_->setChecked(settings::trainAugmentationOn());
    } catch (const std::exception&) {
        // settings from another version: the defaults
    }
    updateEnabled();
    for (QDoubleSpinBox* s : {rotation_, widthShift_, heightShift_, shear_, zoomLow_, zoomHigh_, cval_, scaleLow_, scaleHigh_, ratioLow_, ratioHigh_,
                              brightness_, contrast_, saturation_, hue_})
        connect(s, &QDoubleSpinBox::valueChanged, this, &AugmentPanel::schedulePreview);
    for (QCheckBox* c : {enable_, hflip_, vflip_, resizedCrop_}) connect(c, &QCheckBox::toggled, this, &AugmentPanel::schedulePreview);
    connect(fill_, &QComboBox::currentIndexChanged, this, &AugmentPanel::schedulePreview);
    connect(fill_, &QComboBox::currentIndexChanged, this, &AugmentPanel::updateEnabled);
    connect(resizedCrop_, &QCheckBox::toggled, this, &AugmentPanel::updateEnabled);
    retranslate();
}

// Texts only: every value, check box and the fill mode stay.
void AugmentPanel::retranslate() {
    enable_->setText(tr("&Augment the training images (turns bottleneck mode off)"));
    for (const auto& [label, text] : labels_) label->setText(tr(text));
    zoomLow_->setToolTip(tr("Keras zoom_range: the x and y scale factors are drawn from [low, high]; above 1 zooms out"));
    zoomHigh_->setToolTip(zoomLow_->toolTip());
    hflip_->setText(tr("Horizontal flip"));
    vflip_->setText(tr("Vertical flip"));
    cval_->setToolTip(tr("The pixel value (0–255) outside the image when the fill mode is constant"));
    resizedCrop_->setText(tr("Random resized crop instead of the centre crop"));
    scaleLow_->setToolTip(tr("The fraction of the image's area the crop covers, drawn from [low, high]"));
    scaleHigh_->setToolTip(scaleLow_->toolTip());
    ratioLow_->setToolTip(tr("The crop's width / height, drawn log-uniformly from [low, high]"));
    ratioHigh_->setToolTip(ratioLow_->toolTip());
    previewLabel_->setText(tr("Preview: variants of one training image, as the network will see them"));
    message_->setText(offMessage_ ? tr("Augmentation is off: every epoch sees the same crop.") : QString());
}

void AugmentPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

AugmentPanel::~AugmentPanel() = default;  // a preview being made is dropped

void AugmentPanel::showPreview(const std::vector<QImage>& images) {
    preview_->clear();
    for (const QImage& image : images) new QListWidgetItem(QIcon(QPixmap::fromImage(image)), QString(), preview_);
    Q_EMIT previewShown();
    if (pending_) makePreview();
}

bool AugmentPanel::augmenting() const { return enable_->isChecked() && config().active(); }

AugmentConfig AugmentPanel::config() const {
    AugmentConfig c;
    c.rotationRange = rotation_->value();
    c.widthShiftRange = widthShift_->value();
    c.heightShiftRange = heightShift_->value();
    c.shearRange = shear_->value();
    c.zoomLow = std::min(zoomLow_->value(), zoomHigh_->value());
    c.zoomHigh = std::max(zoomLow_->value(), zoomHigh_->value());
    c.horizontalFlip = hflip_->isChecked();
    c.verticalFlip = vflip_->isChecked();
    c.fillMode = fill_->currentData().toString().toStdString();
    c.cval = cval_->value();
    c.randomResizedCrop = resizedCrop_->isChecked();
    c.scaleLow = std::min(scaleLow_->value(), scaleHigh_->value());
    c.scaleHigh = std::max(scaleLow_->value(), scaleHigh_->value());
    c.ratioLow = std::min(ratioLow_->value(), ratioHigh_->value());
    c.ratioHigh = std::max(ratioLow_->value(), ratioHigh_->value());
    c.brightness = brightness_->value();
    c.contrast = contrast_->value();
    c.saturation = saturation_->value();
    c.hue = hue_->value();
    return c;
}

void AugmentPanel::setConfig(const AugmentConfig& c) {
    rotation_->setValue(c.rotationRange);
    widthShift_->setValue(c.widthShiftRange);
    heightShift_->setValue(c.heightShiftRange);
    shear_->setValue(c.shearRange);
    zoomLow_->setValue(c.zoomLow);
    zoomHigh_->setValue(c.zoomHigh);
    hflip_->setChecked(c.horizontalFlip);
    vflip_->setChecked(c.verticalFlip);
    const int fill = fill_->findData(QString::fromStdString(c.fillMode));
    if (fill >= 0) fill_->setCurrentIndex(fill);
    cval_->setValue(c.cval);
    resizedCrop_->setChecked(c.randomResizedCrop);
    scaleLow_->setValue(c.scaleLow);
    scaleHigh_->setValue(c.scaleHigh);
    ratioLow_->setValue(c.ratioLow);
    ratioHigh_->setValue(c.ratioHigh);
    brightness_->setValue(c.brightness);
    contrast_->setValue(c.contrast);
    saturation_->setValue(c.saturation);
    hue_->setValue(c.hue);
}

void AugmentPanel::updateEnabled() {
    cval_->setEnabled(fill_->currentData().toString() == QStringLiteral("constant"));
    for (QDoubleSpinBox* s : {scaleLow_, scaleHigh_, ratioLow_, ratioHigh_}) s->setEnabled(resizedCrop_->isChecked());
}

void AugmentPanel::remember() { settings::setTrainAugmentation(QString::fromStdString(augmentConfigJson(config(), -1)), enable_->isChecked()); }

void AugmentPanel::setPreviewSource(const QString& imagePath, const Preprocessing& recipe) {
    previewPath_ = imagePath;
    recipe_ = recipe;
    schedulePreview();
}

void AugmentPanel::schedulePreview() {
    remember();
    debounce_->start();
}

void AugmentPanel::makePreview() {
    if (previewPath_.isEmpty()) return;
    if (previewJob_.running()) {  // one at a time; the newest settings follow
        pending_ = true;
        return;
    }
    pending_ = false;
    const AugmentConfig config = enable_->isChecked() ? this->config() : AugmentConfig{};
    offMessage_ = !enable_->isChecked();
    message_->setText(offMessage_ ? tr("Augmentation is off: every epoch sees the same crop.") : QString());
    const std::string path = previewPath_.toStdString();
    const Preprocessing recipe = recipe_;
    previewJob_.start([path, recipe, config](auto&) {
        std::vector<QImage> out;
        try {
            const cv::Mat rgb = readImage(path).rgb;
            for (const cv::Mat& variant : augmentPreview(rgb, config, recipe, kPreviewCount, 1)) out.push_back(toQImage(variant));
        } catch (const std::exception&) {
            // an unreadable image shows no preview
        }
        return out;
    });
}

}  // namespace tl::ui

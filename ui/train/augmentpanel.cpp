#include "train/augmentpanel.h"

#include "common/dropfiles.h"
#include "common/imageconvert.h"
#include "common/verticalscroll.h"
#include "common/settings.h"

#include "tl/image.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDir>
#include <QEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QMimeData>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollBar>
#include <QSplitter>
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
    preview_->setMovement(QListView::Static);
    preview_->setResizeMode(QListView::Adjust);
    preview_->setMinimumWidth(240);
    preview_->setIconSize(QSize(160, 160));
    preview_->setGridSize(QSize(168, 168));
    preview_->viewport()->installEventFilter(this);  // its size sets the size of the images
    reshuffle_ = new QPushButton(this);
    reshuffle_->setObjectName(QStringLiteral("reshuffleButton"));
    connect(reshuffle_, &QPushButton::clicked, this, &AugmentPanel::reshuffle);
    chooseImage_ = new QPushButton(this);
    chooseImage_->setObjectName(QStringLiteral("previewImageButton"));
    connect(chooseImage_, &QPushButton::clicked, this, &AugmentPanel::chooseImage);
    setAcceptDrops(true);

    // The form: one line per transform, its parameters beside it (a grid: label, then its fields).
    auto* form = new QGridLayout;
    form->setColumnStretch(2, 1);
    int row = 0;
    const auto line = [&](const char* text, std::initializer_list<QWidget*> fields) {
        int column = 0;
        if (text) {
            auto* label = new QLabel(this);
            label->setBuddy(*fields.begin());
            labels_.emplace_back(label, text);
            form->addWidget(label, row, column++);
        }
        auto* box = new QHBoxLayout;
        for (QWidget* f : fields) box->addWidget(f);
        box->addStretch(1);
        form->addLayout(box, row, column, 1, text ? 2 : 3);
        ++row;
        return form->itemAtPosition(row - 1, 0) ? form->itemAtPosition(row - 1, 0)->widget() : nullptr;
    };
    // A label inside a line, before its field (translated with the others).
    const auto inner = [this](const char* text, QWidget* buddy) {
        auto* label = new QLabel(this);
        label->setBuddy(buddy);
        labels_.emplace_back(label, text);
        return label;
    };
    line(QT_TR_NOOP("Rotation (±):"), {rotation_, inner(QT_TR_NOOP("Shear (±):"), shear_), shear_});
    line(QT_TR_NOOP("Shift (fraction):"), {widthShift_, new QLabel(QStringLiteral("×"), this), heightShift_});
    line(QT_TR_NOOP("Zoom range:"), {range(this, zoomLow_, zoomHigh_)});
    line(nullptr, {hflip_, vflip_});
    QLabel* fillValue = inner(QT_TR_NOOP("Fill value:"), cval_);
    line(QT_TR_NOOP("Fill mode:"), {fill_, fillValue, cval_});
    line(nullptr, {resizedCrop_});
    QWidget* area = range(this, scaleLow_, scaleHigh_);
    QWidget* ratio = range(this, ratioLow_, ratioHigh_);
    // What only one choice uses is shown with it (not greyed out without a word): the fill value with the constant
    // fill mode, the crop's ranges with the random resized crop.
    onlyConstant_ = {fillValue, cval_};
    onlyCrop_ = {line(QT_TR_NOOP("Crop area (fraction):"), {area}), area, line(QT_TR_NOOP("Crop aspect ratio:"), {ratio}), ratio};
    line(QT_TR_NOOP("Brightness (±):"), {brightness_, inner(QT_TR_NOOP("Contrast (±):"), contrast_), contrast_});
    line(QT_TR_NOOP("Saturation (±):"), {saturation_, inner(QT_TR_NOOP("Hue (±):"), hue_), hue_});

    auto* formPart = new QWidget(this);
    auto* formLayout = new QVBoxLayout(formPart);
    formLayout->setContentsMargins(0, 0, 0, 0);
    formLayout->addWidget(enable_);
    formLayout->addLayout(form);
    formLayout->addWidget(message_);
    formLayout->addStretch(1);
    auto* formScroll = new VerticalScroll(formPart, this);  // a short window scrolls the form; the preview keeps its room

    previewLabel_ = new QLabel(this);
    previewLabel_->setWordWrap(true);
    auto* previewPart = new QWidget(this);
    auto* previewLayout = new QVBoxLayout(previewPart);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    auto* previewHead = new QHBoxLayout;
    previewHead->addWidget(previewLabel_, 1);
    previewHead->addWidget(reshuffle_);
    previewHead->addWidget(chooseImage_);
    previewLayout->addLayout(previewHead);
    previewLayout->addWidget(preview_, 1);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(formScroll);
    split->addWidget(previewPart);
    split->setChildrenCollapsible(false);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);

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
    showPreviewLabel();
    reshuffle_->setText(tr("&Reshuffle"));
    reshuffle_->setToolTip(tr("New random draws of the variants"));
    chooseImage_->setText(tr("Preview I&mage…"));
    chooseImage_->setToolTip(tr("Show the variants of any image file (or drop one here)"));
    widthShift_->setToolTip(tr("Width shift: a fraction of the width"));
    heightShift_->setToolTip(tr("Height shift: a fraction of the height"));
    message_->setText(offMessage_ ? tr("Augmentation is off: every epoch sees the same crop.") : QString());
}

void AugmentPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

AugmentPanel::~AugmentPanel() = default;  // a preview being made is dropped

void AugmentPanel::showPreview(const std::vector<QImage>& images) {
    images_ = images;
    showImages();
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
    const bool constant = fill_->currentData().toString() == QStringLiteral("constant");
    cval_->setEnabled(constant);
    for (QWidget* w : onlyConstant_) w->setVisible(constant);
    for (QDoubleSpinBox* s : {scaleLow_, scaleHigh_, ratioLow_, ratioHigh_}) s->setEnabled(resizedCrop_->isChecked());
    for (QWidget* w : onlyCrop_) w->setVisible(resizedCrop_->isChecked());
}

void AugmentPanel::remember() { settings::setTrainAugmentation(QString::fromStdString(augmentConfigJson(config(), -1)), enable_->isChecked()); }

void AugmentPanel::setPreviewSource(const QString& imagePath, const Preprocessing& recipe) {
    if (!userImage_) previewPath_ = imagePath;
    recipe_ = recipe;
    showPreviewLabel();
    schedulePreview();
}

void AugmentPanel::setRecipe(const Preprocessing& recipe) {
    recipe_ = recipe;
    schedulePreview();
}

void AugmentPanel::setPreviewImage(const QString& imagePath) {
    previewPath_ = imagePath;
    userImage_ = true;
    showPreviewLabel();
    schedulePreview();
}

void AugmentPanel::reshuffle() {
    ++seed_;
    schedulePreview();
}

void AugmentPanel::showPreviewLabel() {
    previewLabel_->setText(previewPath_.isEmpty()
                               ? tr("Preview: choose a dataset, or an image with Preview Image… (or drop one here)")
                               : tr("Preview: %1, as the network sees it in training (each variant a random draw)")
                                     .arg(QFileInfo(previewPath_).fileName()));
    previewLabel_->setToolTip(QDir::toNativeSeparators(previewPath_));
}

void AugmentPanel::chooseImage() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Preview image"), settings::lastFolder(QStringLiteral("previewImage")),
                                                      tr("Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff);;All files (*)"));
    if (file.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("previewImage"), file);
    setPreviewImage(file);
}

namespace {
bool isImageFile(const QString& path) {
    static const QStringList kSuffixes = {QStringLiteral("jpg"), QStringLiteral("jpeg"), QStringLiteral("png"), QStringLiteral("bmp"),
                                          QStringLiteral("webp"), QStringLiteral("tif"), QStringLiteral("tiff")};
    const QFileInfo info(path);
    return info.isFile() && kSuffixes.contains(info.suffix().toLower());
}
}  // namespace

void AugmentPanel::dragEnterEvent(QDragEnterEvent* event) {
    const QStringList paths = localFiles(event->mimeData());
    if (paths.size() == 1 && isImageFile(paths.first())) event->acceptProposedAction();
    else event->ignore();  // a dataset folder or weights: the Train area's
}

void AugmentPanel::dropEvent(QDropEvent* event) {
    const QStringList paths = localFiles(event->mimeData());
    if (paths.size() != 1 || !isImageFile(paths.first())) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    setPreviewImage(paths.first());
}

int AugmentPanel::previewSide() const { return preview_->iconSize().width(); }

// Three to five images a row, each between 96 and 360 px: the grid grows with the room the window gives it (the
// room of a scroll bar kept, so that the last one of a row never wraps when the bar appears).
void AugmentPanel::fitPreview() {
    const int spacing = 8;
    const int room = preview_->width() - 2 * preview_->frameWidth() - preview_->verticalScrollBar()->sizeHint().width();
    const int columns = std::clamp(room / 250, 3, 5);
    const int side = std::clamp(room / columns - spacing, 96, 360);
    if (side == preview_->iconSize().width()) return;
    preview_->setIconSize(QSize(side, side));
    preview_->setGridSize(QSize(side + spacing, side + spacing));
    showImages();
}

// The variants scaled to the grid's size (an icon is never drawn larger than its picture).
void AugmentPanel::showImages() {
    preview_->clear();
    const QSize side = preview_->iconSize();
    for (const QImage& image : images_)
        new QListWidgetItem(QIcon(QPixmap::fromImage(image.scaled(side, Qt::KeepAspectRatio, Qt::SmoothTransformation))), QString(), preview_);
}

bool AugmentPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == preview_->viewport() && event->type() == QEvent::Resize) fitPreview();
    return QWidget::eventFilter(watched, event);
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
    previewJob_.start([path, recipe, config, seed = seed_](auto&) {
        std::vector<QImage> out;
        try {
            const cv::Mat rgb = readImage(path).rgb;
            for (const cv::Mat& variant : augmentPreview(rgb, config, recipe, kPreviewCount, seed)) out.push_back(toQImage(variant));
        } catch (const std::exception&) {
            // an unreadable image shows no preview
        }
        return out;
    });
}

}  // namespace tl::ui

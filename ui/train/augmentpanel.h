#pragma once
// Augmentation for small datasets, with Keras' ImageDataGenerator options (rotation, shifts, shear, zoom, flips,
// fill mode) and torchvision's (random resized crop, colour jitter) in a compact form (one line per transform, its
// parameters beside it), and a large live preview: variants of one image, made by core's augmentation exactly as
// the training loader makes them, redrawn as the settings change. The preview grid grows with the window; Reshuffle
// draws new variants; "Preview image…" or a dropped image file points it at any image, not only the dataset's.
// The settings are remembered between sessions.

#include "common/job.h"

#include "tl/augment.h"
#include "tl/catalog.h"

#include <QImage>
#include <QWidget>

#include <cstdint>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTimer;

namespace tl::ui {

class AugmentPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kPreviewCount = 12;

    explicit AugmentPanel(QWidget* parent = nullptr);
    ~AugmentPanel() override;

    /// Whether the training images are augmented, and how.
    bool augmenting() const;
    AugmentConfig config() const;
    /// Shows `config` in the fields (values out of a field's range are clamped by it).
    void setConfig(const AugmentConfig& config);
    /// The image whose variants the preview shows, cropped and sized as the model sees it.
    /// An image the user pointed the preview at (Preview image…, a drop) stays until another is chosen; the
    /// dataset's then only sets the recipe.
    void setPreviewSource(const QString& imagePath, const Preprocessing& recipe);
    /// The crop and size the network sees (the chosen model's), for an image chosen before a dataset.
    void setRecipe(const Preprocessing& recipe);
    /// Points the preview at `imagePath` (any image file), as Preview image… and a drop do.
    void setPreviewImage(const QString& imagePath);
    QString previewImage() const { return previewPath_; }
    /// New random draws of the variants.
    void reshuffle();
    /// The seed of the draws shown (Reshuffle changes it).
    std::uint64_t previewSeed() const { return seed_; }
    /// The side of one preview image, which grows with the panel.
    int previewSide() const;

    QCheckBox* enable() const { return enable_; }
    QDoubleSpinBox* rotation() const { return rotation_; }
    QCheckBox* horizontalFlip() const { return hflip_; }
    QDoubleSpinBox* zoomLow() const { return zoomLow_; }
    QDoubleSpinBox* zoomHigh() const { return zoomHigh_; }
    QComboBox* fillMode() const { return fill_; }
    QDoubleSpinBox* fillValue() const { return cval_; }
    QCheckBox* resizedCrop() const { return resizedCrop_; }
    QDoubleSpinBox* scaleLow() const { return scaleLow_; }
    QDoubleSpinBox* scaleHigh() const { return scaleHigh_; }
    QDoubleSpinBox* ratioLow() const { return ratioLow_; }
    QDoubleSpinBox* ratioHigh() const { return ratioHigh_; }
    QListWidget* preview() const { return preview_; }
    QPushButton* reshuffleButton() const { return reshuffle_; }
    QPushButton* chooseImageButton() const { return chooseImage_; }

Q_SIGNALS:
    void previewShown();

protected:
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslate();
    void schedulePreview();
    void makePreview();
    void updateEnabled();
    void remember();
    void chooseImage();
    void fitPreview();
    void showPreviewLabel();
    void showImages();

    QCheckBox* enable_ = nullptr;
    QDoubleSpinBox* rotation_ = nullptr;
    QDoubleSpinBox* widthShift_ = nullptr;
    QDoubleSpinBox* heightShift_ = nullptr;
    QDoubleSpinBox* shear_ = nullptr;
    QDoubleSpinBox* zoomLow_ = nullptr;
    QDoubleSpinBox* zoomHigh_ = nullptr;
    QCheckBox* hflip_ = nullptr;
    QCheckBox* vflip_ = nullptr;
    QComboBox* fill_ = nullptr;
    QDoubleSpinBox* cval_ = nullptr;
    QCheckBox* resizedCrop_ = nullptr;
    QDoubleSpinBox* scaleLow_ = nullptr;
    QDoubleSpinBox* scaleHigh_ = nullptr;
    QDoubleSpinBox* ratioLow_ = nullptr;
    QDoubleSpinBox* ratioHigh_ = nullptr;
    QDoubleSpinBox* brightness_ = nullptr;
    QDoubleSpinBox* contrast_ = nullptr;
    QDoubleSpinBox* saturation_ = nullptr;
    QDoubleSpinBox* hue_ = nullptr;
    QLabel* message_ = nullptr;
    QLabel* previewLabel_ = nullptr;
    std::vector<std::pair<QLabel*, const char*>> labels_;  ///< the form's labels and their source texts
    bool offMessage_ = false;                              ///< message_ says augmentation is off
    QListWidget* preview_ = nullptr;
    QTimer* debounce_ = nullptr;
    QPushButton* reshuffle_ = nullptr;
    QPushButton* chooseImage_ = nullptr;
    QString previewPath_;
    std::vector<QWidget*> onlyConstant_;  ///< shown with the constant fill mode only
    std::vector<QWidget*> onlyCrop_;      ///< shown with the random resized crop only
    std::vector<QImage> images_;  ///< the variants shown, at the size they were made
    bool userImage_ = false;  ///< previewPath_ is the user's choice, not the dataset's
    std::uint64_t seed_ = 1;
    Preprocessing recipe_;
    void showPreview(const std::vector<QImage>& images);
    Job<std::vector<QImage>> previewJob_;
    bool pending_ = false;
};

}  // namespace tl::ui

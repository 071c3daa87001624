#include "welcomepage.h"

#include "common/settings.h"
#include "common/weightsfetcher.h"

#include "tl/catalog.h"
#include "tl/runtime.h"

#include <QDir>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace tl::ui {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent), title_(new QLabel(this)), intro_(new QLabel(this)), system_(new QLabel(this)) {
    QFont big = title_->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    title_->setFont(big);
    intro_->setWordWrap(true);
    system_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    system_->setObjectName(QStringLiteral("systemSummary"));
    stepsTitle_ = new QLabel(this);
    QFont bold = stepsTitle_->font();
    bold.setBold(true);
    stepsTitle_->setFont(bold);

    // One row per step: its name, where this machine stands, its buttons.
    auto* steps = new QGridLayout;
    steps->setColumnStretch(1, 1);
    steps->setHorizontalSpacing(16);
    steps->setVerticalSpacing(10);
    int row = 0;
    auto addStep = [&](QLabel*& title, QLabel*& state, std::initializer_list<QPushButton**> buttons, const char* name) {
        title = new QLabel(this);
        title->setFont(bold);
        state = new QLabel(this);
        state->setObjectName(QStringLiteral("%1State").arg(QLatin1String(name)));
        state->setWordWrap(true);
        state->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto* row_ = new QHBoxLayout;
        for (QPushButton** b : buttons) {
            *b = new QPushButton(this);
            row_->addWidget(*b);
        }
        row_->addStretch(1);
        steps->addWidget(title, row, 0, Qt::AlignTop);
        steps->addWidget(state, row, 1, Qt::AlignTop);
        steps->addLayout(row_, row, 2, Qt::AlignTop);
        ++row;
    };
    addStep(weightsTitle_, weightsState_, {&download_, &import_}, "weights");
    addStep(imagesTitle_, imagesState_, {&openImages_}, "images");
    addStep(datasetTitle_, datasetState_, {&openDataset_}, "dataset");
    addStep(trainTitle_, trainState_, {&train_}, "train");
    download_->setObjectName(QStringLiteral("weightsButton"));
    import_->setObjectName(QStringLiteral("importButton"));
    openImages_->setObjectName(QStringLiteral("imagesButton"));
    openDataset_->setObjectName(QStringLiteral("datasetButton"));
    train_->setObjectName(QStringLiteral("trainButton"));
    connect(download_, &QPushButton::clicked, this, &WelcomePage::downloadWeightsRequested);
    connect(import_, &QPushButton::clicked, this, &WelcomePage::importWeightsRequested);
    connect(openImages_, &QPushButton::clicked, this, &WelcomePage::openImagesRequested);
    connect(openDataset_, &QPushButton::clicked, this, &WelcomePage::openDatasetRequested);
    connect(train_, &QPushButton::clicked, this, &WelcomePage::trainRequested);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 32, 32, 32);
    layout->addWidget(title_);
    layout->addWidget(intro_);
    layout->addSpacing(16);
    layout->addWidget(stepsTitle_);
    layout->addLayout(steps);
    layout->addSpacing(24);
    layout->addWidget(system_);
    layout->addStretch(1);
    refresh();
}

QPushButton* WelcomePage::button(const QString& step) const {
    if (step == QLatin1String("weights")) return download_;
    if (step == QLatin1String("import")) return import_;
    if (step == QLatin1String("images")) return openImages_;
    if (step == QLatin1String("dataset")) return openDataset_;
    if (step == QLatin1String("train")) return train_;
    return nullptr;
}

QLabel* WelcomePage::stateLine(const QString& step) const { return findChild<QLabel*>(step + QStringLiteral("State")); }

void WelcomePage::refresh() {
    weightsHere_ = 0;
    weightsAll_ = 0;
    for (const ModelSpec& spec : Catalog::builtin().models()) {
        ++weightsAll_;
        if (!WeightsFetcher::findWeights(QString::fromStdString(spec.id)).isEmpty()) ++weightsHere_;
    }
    lastDataset_.clear();
    for (const settings::Recent& r : settings::recent()) {
        if (r.kind == settings::Recent::Kind::Dataset) {
            lastDataset_ = r.path;
            break;
        }
    }
    retranslate();
}

void WelcomePage::showEvent(QShowEvent* event) {
    refresh();
    QWidget::showEvent(event);
}

void WelcomePage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void WelcomePage::retranslate() {
    const RuntimeInfo info = runtimeInfo();
    title_->setText(tr("Transfer Studio"));
    intro_->setText(
        tr("Classify images with ImageNet-pretrained CNNs, fine-tune them on your own folder of "
           "images with the layers you choose frozen, and compare models side by side."));
    stepsTitle_->setText(tr("First steps"));

    const QString done = QStringLiteral("✓ "), todo = QStringLiteral("• ");
    weightsTitle_->setText(tr("1. Pretrained weights"));
    weightsState_->setText(weightsHere_ > 0
                               ? done + tr("The weights of %1 of the %2 catalog models are on this machine.").arg(weightsHere_).arg(weightsAll_)
                               : todo + tr("No pretrained weights on this machine yet: download them (about 15–550 MB a model), "
                                           "or import a file you have (.pth, .h5, a TF-slim checkpoint)."));
    download_->setText(tr("Download…"));
    download_->setToolTip(tr("Choose a model in the Classify area and download its weights"));
    import_->setText(tr("Import a File…"));
    import_->setToolTip(tr("Use a weights file you already have for the model chosen in the Classify area"));

    imagesTitle_->setText(tr("2. Classify images"));
    imagesState_->setText(todo + tr("Drop photos on the Classify area, or open them: the top-5 classes show beside the crop the network saw."));
    openImages_->setText(tr("Open Images…"));

    datasetTitle_->setText(tr("3. Your dataset"));
    datasetState_->setText(lastDataset_.isEmpty()
                               ? todo + tr("A folder with one subfolder of images per class (or train/ and validation/ with class folders).")
                               : done + tr("Last used: %1").arg(QDir::toNativeSeparators(lastDataset_)));
    openDataset_->setText(tr("Open Dataset…"));

    trainTitle_->setText(tr("4. Train"));
    trainState_->setText(todo + tr("Choose which layers to freeze, start, and watch the loss and accuracy as it trains."));
    train_->setText(tr("Go to Train"));

    const QString device = info.cudaAvailable ? tr("GPU (%1)").arg(QString::fromStdString(info.deviceName))
                                              : tr("CPU (%1)").arg(QString::fromStdString(info.deviceName));
    system_->setText(tr("Compute device: %1\nLibTorch %2 with %3 threads on %4 cores\nOpenCV %5")
                         .arg(device, QString::fromStdString(info.torchVersion))
                         .arg(info.intraOpThreads)
                         .arg(info.cores)
                         .arg(QString::fromStdString(info.opencvVersion)));
}

}  // namespace tl::ui

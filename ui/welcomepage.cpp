#include "welcomepage.h"

#include "tl/runtime.h"

#include <QEvent>
#include <QLabel>
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

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(32, 32, 32, 32);
    layout->addWidget(title_);
    layout->addWidget(intro_);
    layout->addSpacing(16);
    layout->addWidget(system_);
    layout->addStretch(1);
    retranslate();
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
    const QString device = info.cudaAvailable ? tr("GPU (%1)").arg(QString::fromStdString(info.deviceName))
                                              : tr("CPU (%1)").arg(QString::fromStdString(info.deviceName));
    system_->setText(tr("Compute device: %1\nLibTorch %2 with %3 threads on %4 cores\nOpenCV %5")
                         .arg(device, QString::fromStdString(info.torchVersion))
                         .arg(info.intraOpThreads)
                         .arg(info.cores)
                         .arg(QString::fromStdString(info.opencvVersion)));
}

}  // namespace tl::ui

#include "aboutdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QTextDocument>
#include <QVBoxLayout>

namespace tl::ui {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent), info_(runtimeInfo()), text_(new QLabel(this)) {
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text_->setTextFormat(Qt::RichText);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    copy_ = buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    connect(copy_, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(plainText()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text_);
    layout->addWidget(buttons);
    retranslate();
}

void AboutDialog::retranslate() {
    setWindowTitle(tr("About Transfer Studio"));
    const RuntimeInfo& info = info_;
    const QString cuda = info.cudaAvailable
                             ? tr("available (%1, %n device(s))", nullptr, info.cudaDeviceCount).arg(QString::fromStdString(info.deviceName))
                             : (info.cudaBuild ? tr("not available (no usable GPU found)") : tr("not available (CPU build of LibTorch)"));
    const QString rows =
        QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(tr("Qt"), QString::fromLatin1(qVersion())) +
        QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(tr("LibTorch"), QString::fromStdString(info.torchVersion)) +
        QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(tr("OpenCV"), QString::fromStdString(info.opencvVersion)) +
        QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(tr("CUDA"), cuda) +
        QStringLiteral("<tr><td><b>%1</b></td><td>%2 (%3)</td></tr>")
            .arg(tr("Device"), QString::fromStdString(info.device), QString::fromStdString(info.deviceName)) +
        QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(tr("Threads"), tr("%1 of %2 cores").arg(info.intraOpThreads).arg(info.cores));
    text_->setText(
        QStringLiteral("<h2>%1 %2</h2><p>%3</p><table cellspacing=\"6\">%4</table>")
            .arg(tr("Transfer Studio"), QString::fromStdString(info.appVersion), tr("Fine-tune ImageNet-pretrained CNNs on your own images."), rows));
    copy_->setText(tr("Copy"));
}

void AboutDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QDialog::changeEvent(event);
}

QString AboutDialog::plainText() const {
    QTextDocument doc;
    doc.setHtml(text_->text());
    return doc.toPlainText();
}

}  // namespace tl::ui

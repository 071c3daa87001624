#include "compare/compareimagespage.h"

#include "common/settings.h"
#include "compare/comparesession.h"
#include "compare/imagecomparisontable.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace tl::ui {

CompareImagesPage::CompareImagesPage(CompareSession* session, QWidget* parent) : QWidget(parent), session_(session) {
    auto* add = new QPushButton(tr("Add &images…"), this);
    add->setToolTip(tr("Choose images for every checked model to classify"));
    connect(add, &QPushButton::clicked, this, &CompareImagesPage::chooseImages);
    auto* again = new QPushButton(tr("Compare &again"), this);
    again->setToolTip(tr("Classify the same images with the models checked now (Ctrl+R)"));
    connect(again, &QPushButton::clicked, session_, &CompareSession::runImagesAgain);
    auto* hint = new QLabel(tr("Drop images or folders here: every checked model classifies every image."), this);
    hint->setWordWrap(true);
    agreement_ = new QLabel(this);
    QFont bold = agreement_->font();
    bold.setBold(true);
    agreement_->setFont(bold);
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    results_ = new ImageComparisonTable(this);

    auto* top = new QHBoxLayout;
    top->addWidget(hint, 1);
    top->addWidget(add);
    top->addWidget(again);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(message_);
    layout->addWidget(agreement_);
    layout->addWidget(results_, 1);

    connect(session_, &CompareSession::runRefused, this, [this](CompareSession::Run run, const QString& reason) {
        if (run == CompareSession::Run::Images) message_->setText(reason);
    });
    connect(session_, &CompareSession::runStarted, this, [this](CompareSession::Run run, int models) {
        if (run == CompareSession::Run::Images) message_->setText(tr("Classifying with %n model(s)…", nullptr, models));
    });
    connect(session_, &CompareSession::imagesCompared, this, &CompareImagesPage::showResult);
}

void CompareImagesPage::chooseImages() {
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Add images"), settings::lastFolder(QStringLiteral("images")),
                                                            tr("Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff);;All files (*)"));
    if (files.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("images"), files.first());
    session_->runImages(files);
}

void CompareImagesPage::showResult(bool ok) {
    const CompareSession::Outcome outcome = session_->imagesOutcome();
    if (outcome.cancelled) message_->setText(tr("Comparison cancelled."));
    else if (!outcome.error.isEmpty()) message_->setText(tr("The comparison failed: %1").arg(outcome.error));
    if (!ok) return;
    const FileComparison& files = session_->fileComparison();
    results_->setComparison(files, session_->thumbnails());
    const auto agree = std::count(files.agreement.begin(), files.agreement.end(), true);
    agreement_->setText(tr("%1 of %2 images: all models agree").arg(agree).arg(files.files.size()));
    const auto failed = std::count_if(files.models.begin(), files.models.end(), [](const ComparedModel& m) { return !m.error.empty(); });
    message_->setText(failed ? tr("%n model(s) could not classify: their column says why.", nullptr, static_cast<int>(failed)) : QString());
}

}  // namespace tl::ui

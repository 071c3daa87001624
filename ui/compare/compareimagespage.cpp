#include "compare/compareimagespage.h"

#include "common/settings.h"
#include "compare/comparesession.h"
#include "compare/imagecomparisontable.h"
#include "compare/stalemark.h"

#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace tl::ui {

CompareImagesPage::CompareImagesPage(CompareSession* session, QWidget* parent) : QWidget(parent), session_(session) {
    add_ = new QPushButton(this);
    connect(add_, &QPushButton::clicked, this, &CompareImagesPage::chooseImages);
    again_ = new QPushButton(this);
    connect(again_, &QPushButton::clicked, session_, &CompareSession::runImagesAgain);
    hint_ = new QLabel(this);
    hint_->setWordWrap(true);
    agreement_ = new QLabel(this);
    QFont bold = agreement_->font();
    bold.setBold(true);
    agreement_->setFont(bold);
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    results_ = new ImageComparisonTable(this);
    stale_ = new StaleMark({results_}, this);

    auto* top = new QHBoxLayout;
    top->addWidget(hint_, 1);
    top->addWidget(add_);
    top->addWidget(again_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(message_);
    layout->addWidget(stale_);
    layout->addWidget(agreement_);
    layout->addWidget(results_, 1);

    connect(session_, &CompareSession::runRefused, this, [this](CompareSession::Run run, const QString&, CompareSession::Refusal why) {
        if (run == CompareSession::Run::Images) setMessage([why] { return CompareSession::refusalText(why); });
    });
    connect(session_, &CompareSession::runStarted, this, [this](CompareSession::Run run, int models) {
        if (run != CompareSession::Run::Images) return;
        stale_->runStarted(session_->checkedModels());
        setMessage([models] { return tr("Classifying with %n model(s)…", nullptr, models); });
    });
    const auto compareChecked = [this] { stale_->compareWith(session_->checkedModels()); };
    connect(session_, &CompareSession::modelCheckChanged, this, compareChecked);
    connect(session_, &CompareSession::modelsChanged, this, compareChecked);
    connect(session_, &CompareSession::imagesCompared, this, &CompareImagesPage::showResult);
    retranslate();
}

void CompareImagesPage::retranslate() {
    add_->setText(tr("Add &images…"));
    add_->setToolTip(tr("Choose images for every checked model to classify"));
    again_->setText(tr("Compare &again"));
    again_->setToolTip(tr("Classify the same images with the models checked now (Ctrl+R)"));
    hint_->setText(tr("Drop images or folders here: every checked model classifies every image."));
    setAgreement(agreementText_);
    setMessage(messageText_);
}

void CompareImagesPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void CompareImagesPage::setMessage(std::function<QString()> text) {
    messageText_ = std::move(text);
    message_->setText(messageText_ ? messageText_() : QString());
}

void CompareImagesPage::setAgreement(std::function<QString()> text) {
    agreementText_ = std::move(text);
    agreement_->setText(agreementText_ ? agreementText_() : QString());
}

bool CompareImagesPage::resultsStale() const { return stale_->stale(); }

void CompareImagesPage::chooseImages() {
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Add images"), settings::lastFolder(QStringLiteral("images")),
                                                            tr("Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff *.gif);;All files (*)"));
    if (files.isEmpty()) return;
    settings::setLastFolder(QStringLiteral("images"), files.first());
    session_->runImages(files);
}

void CompareImagesPage::showResult(bool ok) {
    const CompareSession::Outcome outcome = session_->imagesOutcome();
    if (outcome.cancelled) setMessage([] { return tr("Comparison cancelled."); });
    else if (!outcome.error.isEmpty()) setMessage([outcome] { return tr("The comparison failed: %1").arg(outcome.errorText()); });
    if (!ok) return;
    const FileComparison& files = session_->fileComparison();
    stale_->resultsShown(session_->checkedModels());  // off: these results are of the models checked now
    results_->setComparison(files, session_->thumbnails());
    const auto agree = std::count(files.agreement.begin(), files.agreement.end(), true);
    setAgreement([agree, total = files.files.size()] { return tr("%1 of %2 images: all models agree").arg(agree).arg(total); });
    const auto failed =
        static_cast<int>(std::count_if(files.models.begin(), files.models.end(), [](const ComparedModel& m) { return !m.error.empty(); }));
    if (failed) setMessage([failed] { return tr("%n model(s) could not classify: their column says why.", nullptr, failed); });
    else setMessage({});
}

}  // namespace tl::ui

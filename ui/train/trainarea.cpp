#include "train/trainarea.h"

#include "common/dropfiles.h"
#include "common/foreignimport.h"
#include "common/imageconvert.h"
#include "common/reasonrow.h"
#include "common/settings.h"
#include "common/weightsfetcher.h"
#include "train/augmentpanel.h"
#include "train/evaluationview.h"
#include "train/modelpanel.h"
#include "train/runslist.h"
#include "train/trainpanel.h"
#include "train/trainsession.h"
#include "train/weightschoice.h"

#include "tl/catalog.h"
#include "tl/error.h"
#include "tl/image.h"
#include "tl/train_config.h"
#include "tl/weight_store.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <opencv2/imgproc.hpp>

namespace tl::ui {

TrainArea::TrainArea(QWidget* parent)
    : QWidget(parent),
      scanJob_({[this](const Scan& scan) { showDataset(scan); },
                {},
                {},
                [this](const ScanProgress& p) {
                    scanProgress_->setRange(0, static_cast<int>(p.total));
                    scanProgress_->setValue(static_cast<int>(p.done));
                }}),
      buildJob_({[this](const Built& built) { showModel(built); }, {}, {}, {}}),
      sampleJob_({[this](const std::vector<Sample>& samples) { showSamples(samples); }, {}, {}, {}}) {
    setAcceptDrops(true);
    session_ = new TrainSession(this);

    folder_ = new QLineEdit(this);
    connect(folder_, &QLineEdit::returnPressed, this, [this] { setDataset(folder_->text()); });
    auto* choose = chooseButton_ = new QPushButton(this);
    connect(choose, &QPushButton::clicked, this, &TrainArea::chooseDataset);
    model_ = new QComboBox(this);
    for (const auto& spec : Catalog::builtin().models()) model_->addItem(QString::fromStdString(spec.name), QString::fromStdString(spec.id));
    refreshModelNames();
    connect(model_, &QComboBox::currentIndexChanged, this, [this] { session_->setModelId(model_->currentData().toString()); });
    weights_ = new WeightsChoice(this);
    connect(weights_, &WeightsChoice::changed, this, &TrainArea::buildModel);
    connect(session_, &TrainSession::modelIdChanged, this, [this](const QString& id) {
        if (const int index = model_->findData(id); index >= 0) model_->setCurrentIndex(index);
        buildModel();
    });

    scanProgress_ = new QProgressBar(this);
    scanProgress_->setVisible(false);
    cancelScanButton_ = new QPushButton(this);
    cancelScanButton_->setShortcut(QKeySequence(Qt::Key_Escape));
    cancelScanButton_->setVisible(false);
    connect(cancelScanButton_, &QPushButton::clicked, this, &TrainArea::cancelScan);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    summaryText_ = [] { return tr("Choose or drop a dataset folder."); };
    classes_ = new QTableWidget(0, 4, this);
    classes_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c) classes_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);  // the names get the room
    classes_->verticalHeader()->setVisible(false);
    classes_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    warnings_ = new QPlainTextEdit(this);
    warnings_->setReadOnly(true);
    warnings_->hide();                                                        // shown when a scan has something to say
    warnings_->setMaximumHeight(warnings_->fontMetrics().lineSpacing() * 8);  // a few lines; scrolls beyond
    samples_ = new QListWidget(this);
    samples_->setViewMode(QListView::IconMode);
    samples_->setIconSize(QSize(96, 96));
    samples_->setGridSize(QSize(120, 124));
    samples_->setResizeMode(QListView::Adjust);
    samples_->setMovement(QListView::Static);
    modelMessage_ = new QLabel(this);
    modelMessage_->setWordWrap(true);

    auto* datasetPage = datasetPage_ = new QWidget(this);
    auto* datasetLayout = new QVBoxLayout(datasetPage);
    datasetLayout->addWidget(summary_);
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(scanProgress_, 1);
    progressRow->addWidget(cancelScanButton_);
    datasetLayout->addLayout(progressRow);
    auto* lists = new QHBoxLayout;
    lists->addWidget(classes_, 1);
    lists->addWidget(samples_, 2);
    datasetLayout->addLayout(lists, 2);
    datasetLayout->addWidget(warnings_, 1);
    modelPanel_ = new ModelPanel(this);
    auto* modelPage = modelPage_ = new QWidget(this);
    auto* modelLayout = new QVBoxLayout(modelPage);
    modelLayout->addWidget(modelMessage_);
    modelLayout->addWidget(modelPanel_, 1);
    trainPanel_ = new TrainPanel(session_, this);
    session_->setPlanSource([this] { return modelPanel_->freezePlan(); }, [this] { return modelPanel_->head(); });
    augment_ = new AugmentPanel(this);
    session_->setAugmentSource([this]() -> std::optional<AugmentConfig> {
        if (!augment_->augmenting()) return std::nullopt;
        return augment_->config();
    });
    reason_ = new ReasonRow(this);
    fetcher_ = new WeightsFetcher(this);
    connectFetcher();

    tabs_ = new QTabWidget(this);
    evaluation_ = new EvaluationView(this);
    for (QWidget* page :
         {datasetPage, static_cast<QWidget*>(augment_), modelPage, static_cast<QWidget*>(trainPanel_), static_cast<QWidget*>(evaluation_)})
        tabs_->addTab(page, QString());  // texts: retranslate()
    connect(evaluation_, &EvaluationView::openInClassify, this, &TrainArea::openInClassify);
    connect(evaluation_, &EvaluationView::runRequested, this, [this] { tabs_->setCurrentWidget(trainPanel_); });
    foreign_ = new ForeignImport(this);
    connect(foreign_, &ForeignImport::catalogWeightsImported, this, [this](const QString& id) {
        if (session_->running()) {  // the run keeps its model; the next one gets these weights
            setModelMessage([id] { return tr("The weights of %1 are imported; a new run uses them.").arg(id); });
            return;
        }
        refreshModelNames();
        if (model_->findData(id) == model_->currentIndex()) buildModel();  // the same model, now with these weights
        else selectModel(id);
    });
    connect(foreign_, &ForeignImport::modelFileWritten, this, &TrainArea::openInClassify);
    // The runs list's context menu: a run's model to Classify or Compare; its settings back in every panel.
    connect(trainPanel_->runsList(), &RunsList::openInClassify, this, &TrainArea::openInClassify);
    connect(trainPanel_->runsList(), &RunsList::compareRun, this, &TrainArea::compareRun);
    connect(session_, &TrainSession::configRestored, this, [this](const TrainConfig& c) {
        if (c.augment) augment_->setConfig(c.augmentation);  // off: the fields keep what they hold for the next time
        augment_->enable()->setChecked(c.augment);
        if (!modelReady_ || c.phases.empty()) return;
        // The layers trained and the head fit only the model they were chosen for; a preset fits every model.
        const FreezePlan& plan = c.phases.front().freeze;
        if (c.model == session_->modelId().toStdString()) {
            modelPanel_->setFreezePlan(plan);
            modelPanel_->setHead(c.head);
        } else if (plan.preset != "custom") {
            modelPanel_->setFreezePlan(plan);
        }
    });
    connect(session_, &TrainSession::runningChanged, this, &TrainArea::lockInputs);
    connect(session_, &TrainSession::runningChanged, this, &TrainArea::updateReadiness);
    connect(session_, &TrainSession::runFinished, this, [this](const RunResult& r) {
        if (r.modelPath.empty()) return;
        const bool validation = session_->dataset().size(Split::Validation) > 0;
        evaluation_->evaluate(QString::fromStdString(r.modelPath), QString::fromStdString(session_->dataset().root),
                              validation ? QStringLiteral("validation") : QStringLiteral("train"));
        tabs_->setCurrentWidget(evaluation_);
    });
    // An earlier run opened from the Train tab's list: its curves there, its model evaluated here.
    connect(session_, &TrainSession::runOpened, this, [this](const RunResult& r, const QString& dataset) {
        if (!r.modelPath.empty() && !dataset.isEmpty()) evaluation_->evaluate(QString::fromStdString(r.modelPath), dataset);
    });

    auto* top = new QFormLayout;
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(folder_, 1);
    folderRow->addWidget(choose);
    datasetLabel_ = new QLabel(this);
    datasetLabel_->setBuddy(folder_);
    modelLabel_ = new QLabel(this);
    modelLabel_->setBuddy(model_);
    top->addRow(datasetLabel_, folderRow);
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(model_, 1);
    modelRow->addWidget(weights_, 1);
    top->addRow(modelLabel_, modelRow);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(reason_);
    layout->addWidget(tabs_, 1);
    retranslate();

    // The model remembered from the last session (the session's first), or the first one offered: its layers are
    // shown at once, from its architecture.
    const int index = model_->findData(session_->modelId());
    if (index >= 0) model_->setCurrentIndex(index);
    else session_->setModelId(model_->currentData().toString());
    buildModel();
}

TrainArea::~TrainArea() = default;  // a scan, sample reading or model build still going is cancelled and dropped

void TrainArea::retranslate() {
    datasetLabel_->setText(tr("Dataset:"));
    modelLabel_->setText(tr("Model:"));
    folder_->setPlaceholderText(tr("A folder with one sub-folder per class (or train/ and validation/ with class folders)"));
    chooseButton_->setText(tr("Choose &dataset…"));
    cancelScanButton_->setText(tr("Cancel scan"));
    cancelScanButton_->setToolTip(tr("Stop scanning (Esc); the dataset in use before stays"));
    summary_->setText(summaryText_());
    if (modelText_) modelMessage_->setText(modelText_());
    classes_->setHorizontalHeaderLabels({tr("Class"), tr("Train"), tr("Validation"), tr("Test")});
    warnings_->setPlaceholderText(tr("Skipped files and warnings appear here."));
    if (const QString lines = warningLines(); lines != warnings_->toPlainText()) {  // where it was scrolled to stays
        const int scrolled = warnings_->verticalScrollBar()->value();
        warnings_->setPlainText(lines);
        warnings_->verticalScrollBar()->setValue(scrolled);
        warnings_->setVisible(!lines.isEmpty());  // no empty box when the dataset is clean
    }
    tabs_->setTabText(tabs_->indexOf(datasetPage_), tr("Dataset"));
    tabs_->setTabText(tabs_->indexOf(augment_), tr("Augmentation"));
    tabs_->setTabText(tabs_->indexOf(modelPage_), tr("Model"));
    tabs_->setTabText(tabs_->indexOf(trainPanel_), tr("Run"));  // not "Train" again: that is the area's own name
    tabs_->setTabText(tabs_->indexOf(evaluation_), tr("Evaluation"));
}

void TrainArea::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void TrainArea::setSummary(std::function<QString()> text) {
    summaryText_ = std::move(text);
    summary_->setText(summaryText_());
}

void TrainArea::setModelMessage(std::function<QString()> text) {
    modelText_ = std::move(text);
    modelMessage_->setText(modelText_());
}

QString TrainArea::warningLines() const {
    const Dataset& dataset = session_->dataset();
    QStringList lines;
    for (const auto& w : dataset.warnings) lines << tr("Warning: %1").arg(QString::fromStdString(w));
    for (const auto& leak : dataset.leakage)
        lines << tr("The same image in two splits: %1 and %2").arg(QString::fromStdString(leak.trainPath), QString::fromStdString(leak.otherPath));
    for (const auto& s : dataset.skipped) lines << tr("Skipped %1: %2").arg(QString::fromStdString(s.path), QString::fromStdString(s.reason));
    return lines.join(QLatin1Char('\n'));
}

void TrainArea::showSamples(const std::vector<Sample>& samples) {
    samples_->clear();
    for (const Sample& s : samples) {
        auto* item = new QListWidgetItem(QIcon(QPixmap::fromImage(s.thumbnail)), s.label, samples_);
        item->setToolTip(s.path);
    }
    Q_EMIT samplesShown();
}

void TrainArea::setRunsFolder(const QString& folder) { session_->setRunsFolder(folder); }

void TrainArea::chooseDataset() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose a dataset folder"), settings::lastFolder(QStringLiteral("dataset")));
    if (!folder.isEmpty()) setDataset(folder);
}

void TrainArea::lockInputs(bool locked) {
    // The run took its config when it started: the tree and the augmentation are shown as they were, unchangeable.
    for (QWidget* w : std::initializer_list<QWidget*>{folder_, chooseButton_, model_, weights_, modelPanel_, augment_}) w->setEnabled(!locked);
    setAcceptDrops(!locked);
}

void TrainArea::cancelScan() { scanJob_.cancel(); }

void TrainArea::setDataset(const QString& folder) {
    if (session_->running()) {
        setSummary([] { return tr("A run is training: stop it before choosing another dataset."); });
        return;
    }
    if (!scanJob_.running()) {  // a scan going is replaced below; what was in use before it stays the fallback
        hadDataset_ = datasetReady_;
        hadModel_ = modelReady_;
    }
    folder_->setText(QDir::toNativeSeparators(folder));
    settings::setLastFolder(QStringLiteral("dataset"), folder + QStringLiteral("/"));
    datasetReady_ = false;
    modelReady_ = false;
    setSummary([folder] { return tr("Scanning %1…").arg(folder); });
    scanProgress_->setRange(0, 0);
    scanProgress_->setVisible(true);
    cancelScanButton_->setVisible(true);
    const std::string root = folder.toStdString();
    scanJob_.restart([root](auto& control) {
        Scan out;
        try {
            out.dataset = scanDataset(root, {}, [&control](const ScanProgress& p) {
                control.report(p);
                return control.goOn();
            });
        } catch (const Cancelled&) {
            out.cancelled = true;
        } catch (const std::exception& e) {
            out.error = QString::fromUtf8(e.what());
        }
        return out;
    });
    updateReadiness();
}

void TrainArea::showDataset(const Scan& scan) {
    scanProgress_->setVisible(false);
    cancelScanButton_->setVisible(false);
    if (scan.cancelled) {
        if (hadDataset_) {  // back to the dataset in use before
            const Dataset& dataset = session_->dataset();
            folder_->setText(QDir::toNativeSeparators(QString::fromStdString(dataset.root)));
            setSummary([root = QString::fromStdString(dataset.root), classes = static_cast<int>(dataset.classes.size())] {
                return tr("Scan cancelled; still using %1 (%n class(es)).", nullptr, classes).arg(root);
            });
            datasetReady_ = true;
            modelReady_ = hadModel_;
        } else {
            setSummary([] { return tr("Scan cancelled. Choose or drop a dataset folder."); });
        }
        updateReadiness();
        Q_EMIT datasetScanned(false);
        return;
    }
    if (!scan.error.isEmpty()) {
        setSummary([error = scan.error] { return tr("The dataset cannot be used: %1").arg(error); });
        classes_->setRowCount(0);
        updateReadiness();
        Q_EMIT datasetScanned(false);
        return;
    }
    session_->setDataset(scan.dataset);
    const Dataset& dataset = session_->dataset();
    const auto train = dataset.counts(Split::Train), val = dataset.counts(Split::Validation), test = dataset.counts(Split::Test);
    classes_->setRowCount(static_cast<int>(dataset.classes.size()));
    for (std::size_t i = 0; i < dataset.classes.size(); ++i) {
        const int row = static_cast<int>(i);
        classes_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(dataset.classes[i])));
        const std::size_t counts[] = {train[i], val[i], test[i]};
        for (int c = 0; c < 3; ++c) {
            auto* item = new QTableWidgetItem(QString::number(counts[c]));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            classes_->setItem(row, c + 1, item);
        }
    }
    setSummary([classes = dataset.classes.size(), inTrain = dataset.size(Split::Train), inVal = dataset.size(Split::Validation),
                inTest = dataset.size(Split::Test), skipped = dataset.skipped.size()] {
        return tr("%1 classes: %2 training, %3 validation and %4 test images; %5 file(s) skipped.")
            .arg(classes)
            .arg(inTrain)
            .arg(inVal)
            .arg(inTest)
            .arg(skipped);
    });
    warnings_->setPlainText(warningLines());
    warnings_->setVisible(!warnings_->toPlainText().isEmpty());
    datasetReady_ = true;
    // A few training images of each class, read on a worker (JPEGs at reduced size).
    std::vector<std::pair<QString, std::string>> picks;
    std::vector<int> taken(dataset.classes.size(), 0);
    for (const auto& s : dataset.samples)
        if (s.split == Split::Train && taken[static_cast<std::size_t>(s.label)]++ < kSamplesPerClass)
            picks.emplace_back(QString::fromStdString(dataset.classes[static_cast<std::size_t>(s.label)]), s.path);
    samples_->clear();
    sampleJob_.restart([picks](auto& control) {
        std::vector<Sample> out;
        DecodeOptions options;
        options.minShortSide = 96;
        for (const auto& [label, path] : picks) {
            if (control.cancelled()) break;
            Sample s{label, QString::fromStdString(path), {}};
            try {
                const cv::Mat rgb = readImage(path, options).rgb;
                const double f = 96.0 / std::max(rgb.cols, rgb.rows);
                cv::Mat small;
                cv::resize(rgb, small, cv::Size(std::max(1, static_cast<int>(rgb.cols * f)), std::max(1, static_cast<int>(rgb.rows * f))), 0, 0,
                           cv::INTER_AREA);
                s.thumbnail = toQImage(small);
            } catch (const std::exception&) {
                // unreadable since the scan: shown without a picture
            }
            out.push_back(std::move(s));
        }
        return out;
    });
    Q_EMIT datasetScanned(true);
    buildModel();
}

void TrainArea::showEvent(QShowEvent* event) {
    refreshModelNames();  // weights may have been imported (as unverified, or verified) in another area
    QWidget::showEvent(event);
}

void TrainArea::dragEnterEvent(QDragEnterEvent* event) {
    const QStringList paths = localFiles(event->mimeData());
    if (paths.size() == 1 && QFileInfo(paths.first()).isDir()) event->acceptProposedAction();
    else if (paths.size() == 1 && QFileInfo(paths.first()).isFile() && ForeignImport::isForeignWeights(paths.first())) event->acceptProposedAction();
}

void TrainArea::dropEvent(QDropEvent* event) {
    const QStringList paths = localFiles(event->mimeData());
    if (paths.size() != 1) return;
    event->acceptProposedAction();
    if (QFileInfo(paths.first()).isFile() && ForeignImport::isForeignWeights(paths.first())) foreign_->start(paths.first());
    else setDataset(paths.first());
}

}  // namespace tl::ui

// The Train area's model: built on a worker as soon as it is chosen (its architecture alone before a dataset or
// without weights, so that the layer tree is always there), the weights it starts from (downloaded or imported
// here), and the row that says why nothing can be started yet, with the buttons that fix it.
#include "train/trainarea.h"

#include "common/foreignimport.h"
#include "common/reasonrow.h"
#include "common/settings.h"
#include "common/weightsfetcher.h"
#include "train/augmentpanel.h"
#include "train/modelpanel.h"
#include "train/trainsession.h"
#include "train/weightschoice.h"

#include "tl/catalog.h"
#include "tl/train_config.h"
#include "tl/weight_store.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QPushButton>

namespace tl::ui {

void TrainArea::connectFetcher() {
    connect(fetcher_, &WeightsFetcher::progress, this, [this](qint64 received, qint64 total, double, double) {
        fetchState_ = total > 0 ? tr("Downloading the weights… %1%").arg(100 * received / total) : tr("Downloading the weights…");
        updateReadiness();
    });
    connect(fetcher_, &WeightsFetcher::finished, this, [this] {
        fetchState_.clear();
        fetchError_.clear();
        unverifiedFile_.clear();
        refreshModelNames();
        buildModel();  // the same model, now with its weights
    });
    connect(fetcher_, &WeightsFetcher::failed, this, [this](const QString&, const QString& error) {
        fetchState_.clear();
        fetchError_ = error;
        updateReadiness();
    });
    connect(fetcher_, &WeightsFetcher::cancelled, this, [this] {
        fetchState_.clear();
        updateReadiness();
    });
    connect(fetcher_, &WeightsFetcher::checksumMismatch, this,
            [this](const QString&, const QString& file, const QString&, const QString&, const QString&) {
                fetchState_.clear();
                unverifiedFile_ = file;
                updateReadiness();
            });
    connect(fetcher_, &WeightsFetcher::otherHead, this, [this](const QString&, const QString& file, int classes) {
        fetchState_.clear();
        fetchError_ = tr("%1 holds a classifier of %n class(es), not the catalog model's: open it in the Classify area as a model file.",
                         nullptr, classes)
                          .arg(QFileInfo(file).fileName());
        updateReadiness();
    });
}

void TrainArea::downloadWeights() {
    if (fetcher_->busy()) return;
    fetchError_.clear();
    unverifiedFile_.clear();
    fetchState_ = tr("Downloading the weights…");
    updateReadiness();
    fetcher_->download(session_->modelId());
}

void TrainArea::importWeights() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Import weights"), settings::lastFolder(QStringLiteral("weights")),
                                                      tr("Weights (*.pth *.pt *.bin *.safetensors *.h5 *.hdf5 *.index);;All files (*)"));
    if (file.isEmpty() || fetcher_->busy()) return;
    settings::setLastFolder(QStringLiteral("weights"), file);
    fetchError_.clear();
    unverifiedFile_.clear();
    if (ForeignImport::isForeignWeights(file)) {  // Keras or TF-slim: checked against its architecture first
        foreign_->start(file);
        return;
    }
    fetchState_ = tr("Importing %1…").arg(QFileInfo(file).fileName());
    updateReadiness();
    fetcher_->importFile(session_->modelId(), file);
}

void TrainArea::selectModel(const QString& modelId) {
    const int index = model_->findData(modelId);
    if (index < 0) return;
    if (index == model_->currentIndex()) buildModel();
    else model_->setCurrentIndex(index);
}

void TrainArea::buildModel() {
    modelReady_ = false;
    building_ = true;
    missingWeights_.clear();
    buildError_.clear();
    const std::string id = session_->modelId().toStdString();
    const int classes = datasetReady_ ? static_cast<int>(session_->dataset().classes.size()) : 0;
    setModelMessage([name = model_->currentText()] { return tr("Loading %1…").arg(name); });
    updateReadiness();
    buildJob_.restart([id, classes, given = weights_->configWeights()](auto&) {
        Built out;
        out.classes = classes;
        try {
            const ModelSpec& spec = Catalog::builtin().get(id);
            if (given.empty()) {  // the store's weights: are they on this machine?
                const WeightStore store;
                try {
                    out.weights = store.require(spec, "download or import them, or train from scratch");
                    out.unverified = store.state(weightSourceOf(spec)) == WeightsState::Unverified;
                } catch (const std::exception& e) {
                    out.weights.clear();
                    out.missingWeights = QString::fromUtf8(e.what());
                }
            } else {
                out.weights = given;
            }
            const bool load = classes > 0 && out.missingWeights.isEmpty() && given != kNoWeights;
            if (load) {  // a chosen file is checked against the architecture here, as the store's weights are
                out.model = Model::fromCatalog(spec, out.weights, classes);
            } else {  // the architecture alone (torchvision's initialisation): for the tree, or to train from scratch
                out.model = Model::create(spec.arch, classes > 0 ? classes : spec.numClasses, spec.transformInput);
                if (classes == 0 && given != kNoWeights && out.missingWeights.isEmpty()) out.weights.clear();  // not loaded yet
            }
            out.summary = out.model->summary(spec.preprocessing.inputSize);  // a forward pass: here, not on the GUI thread
        } catch (const std::exception& e) {
            out.error = QString::fromUtf8(e.what());
        }
        return out;
    });
}

void TrainArea::showModel(const Built& built) {
    building_ = false;
    const std::string id = session_->modelId().toStdString();
    const ModelSpec& spec = Catalog::builtin().get(id);
    const QString name = QString::fromStdString(spec.name);
    missingWeights_ = built.missingWeights;
    if (!built.error.isEmpty() || !built.model) {
        buildError_ = built.error.isEmpty() ? tr("no model was built") : built.error;
        setModelMessage([error = buildError_] { return tr("This model cannot be trained here yet: %1").arg(error); });
        updateReadiness();
        if (built.classes > 0) Q_EMIT modelShown(false);
        return;
    }
    const Dataset& dataset = session_->dataset();
    QStringList classes;
    if (built.classes > 0)
        for (const auto& c : dataset.classes) classes << QString::fromStdString(c);
    modelPanel_->setModel(*built.model, built.summary, classes);
    augment_->setRecipe(spec.preprocessing);  // an image chosen for the preview is seen as this model sees it
    Q_EMIT layersShown();
    const int count = static_cast<int>(classes.size());
    if (built.classes == 0) {
        setModelMessage([name, missing = !built.missingWeights.isEmpty()] {
            return missing ? tr("%1's layers, from its architecture: its pretrained weights are not on this machine. The head gets one "
                                "output per class once a dataset is chosen.")
                                 .arg(name)
                           : tr("%1's layers, from its architecture (no weights loaded yet). The head gets one output per class once a "
                                "dataset is chosen.")
                                 .arg(name);
        });
    } else if (!built.missingWeights.isEmpty()) {
        setModelMessage([count, name] {
            return tr("%1 with a new head for %n class(es); its pretrained weights are not on this machine: download or import them "
                      "here, or train from scratch.",
                      nullptr, count)
                .arg(name);
        });
    } else {
        setModelMessage([count, name, weights = QString::fromStdString(built.weights), unverified = built.unverified] {
            if (weights == QLatin1String(kNoWeights))
                return tr("%1 with a new head for %n class(es), trained from scratch (no pretrained weights)", nullptr, count).arg(name);
            if (unverified) return tr("%1 with a new head for %n class(es); unverified weights: %2", nullptr, count).arg(name, weights);
            return tr("%1 with a new head for %n class(es); weights: %2", nullptr, count).arg(name, weights);
        });
    }
    if (built.classes == 0 || !built.missingWeights.isEmpty() || !datasetReady_) {
        updateReadiness();
        if (built.classes > 0) Q_EMIT modelShown(false);
        return;
    }
    TrainConfig base;
    base.model = id;
    base.weights = built.weights;
    base.dataset = dataset.root;
    base.outputDir = session_->runsFolder().toStdString();
    base.batchSize = session_->settings().batchSize;  // the form's (remembered) values stay
    base.imageSize = session_->settings().imageSize;
    base.seed = static_cast<std::uint64_t>(session_->settings().seed);
    session_->setBaseConfig(base);
    const auto trainPaths = dataset.paths(Split::Train);
    if (!trainPaths.empty()) augment_->setPreviewSource(QString::fromStdString(trainPaths.front()), spec.preprocessing);
    modelReady_ = true;
    updateReadiness();
    Q_EMIT modelShown(true);
}

void TrainArea::updateReadiness() {
    using Fix = ReasonRow::Fix;
    if (session_->running()) {  // Stop and Pause are there; nothing to fix
        reason_->clear();
        return;
    }
    const QString name = model_->currentText();
    std::vector<std::function<QString()>> parts;
    std::vector<Fix> fixes;
    const bool scanning = scanJob_.running();
    if (scanning) {
        parts.push_back([] { return tr("Scanning the dataset…"); });
    } else if (!datasetReady_) {
        parts.push_back([] { return tr("Choose a dataset first: a folder with one sub-folder of images per class."); });
        fixes.push_back({[] { return tr("Choose Dataset…"); }, [this] { chooseDataset(); }, QStringLiteral("chooseDatasetFix")});
    }
    if (!fetchState_.isEmpty()) {
        parts.push_back([state = fetchState_] { return state; });
        fixes.push_back({[] { return tr("Cancel"); }, [this] { fetcher_->cancel(); }, QStringLiteral("cancelFetchFix")});
    } else if (!unverifiedFile_.isEmpty()) {
        parts.push_back([file = QFileInfo(unverifiedFile_).fileName()] {
            return tr("%1 is not the published file of these weights (its checksum differs): it may be a fine-tune or another release.")
                .arg(file);
        });
        fixes.push_back({[] { return tr("Use as &Unverified Weights"); },
                         [this] {
                             fetchState_ = tr("Importing %1 as unverified weights…").arg(QFileInfo(unverifiedFile_).fileName());
                             const QString file = unverifiedFile_;
                             unverifiedFile_.clear();
                             updateReadiness();
                             fetcher_->importUnverified(session_->modelId(), file);
                         },
                         QStringLiteral("unverifiedFix")});
    } else if (!missingWeights_.isEmpty()) {
        parts.push_back([name, error = fetchError_] {
            const QString missing = tr("The pretrained weights of %1 are not on this machine.").arg(name);
            return error.isEmpty() ? missing : missing + QLatin1Char(' ') + tr("The last try failed: %1").arg(error);
        });
        fixes.push_back({[] { return tr("Do&wnload…"); }, [this] { downloadWeights(); }, QStringLiteral("downloadFix")});
        fixes.push_back({[] { return tr("&Import…"); }, [this] { importWeights(); }, QStringLiteral("importFix")});
        fixes.push_back({[] { return tr("Train from &Scratch"); }, [this] { weights_->setMode(WeightsChoice::Mode::None); },
                         QStringLiteral("scratchFix")});
    } else if (!buildError_.isEmpty()) {
        parts.push_back([name, error = buildError_] { return tr("%1 cannot be built with these weights: %2").arg(name, error); });
        if (weights_->mode() != WeightsChoice::Mode::Store)
            fixes.push_back({[] { return tr("Use the Pretrained &Weights"); }, [this] { weights_->setMode(WeightsChoice::Mode::Store); },
                             QStringLiteral("storeWeightsFix")});
        if (weights_->mode() != WeightsChoice::Mode::None)
            fixes.push_back({[] { return tr("Train from &Scratch"); }, [this] { weights_->setMode(WeightsChoice::Mode::None); },
                             QStringLiteral("scratchFix")});
    } else if (building_ && datasetReady_) {
        parts.push_back([name] { return tr("Building %1…").arg(name); });
    }
    if (parts.empty() && !modelReady_ && datasetReady_ && !scanning)  // a build about to start
        parts.push_back([name] { return tr("Building %1…").arg(name); });
    if (parts.empty()) {
        reason_->clear();
        session_->setBlocker({});
        return;
    }
    const auto text = [parts] {
        QStringList lines;
        for (const auto& p : parts) lines << p();
        return lines.join(QLatin1Char(' '));
    };
    reason_->setReason(text, std::move(fixes));
    session_->setBlocker(text);
}

void TrainArea::refreshModelNames() {
    for (int i = 0; i < model_->count(); ++i) {
        const QString id = model_->itemData(i).toString();
        const ModelSpec* spec = Catalog::builtin().find(id.toStdString());
        if (spec) model_->setItemText(i, WeightsFetcher::markUnverified(QString::fromStdString(spec->name), id));
    }
}

}  // namespace tl::ui

#pragma once
// The Classify area's state and work, apart from its widgets (as Tiled's MapDocument is apart from its views):
// the chosen model (a tl::ModelRef) and whether it is loaded, the classified images (ResultsModel), and the jobs
// that load the model and classify images off the GUI thread (common/job.h). Results arrive one image at a
// time; a new model or Clear drops what older work would still deliver. Widgets observe the signals.

#include "classify/classifyitem.h"
#include "common/job.h"

#include "tl/model_ref.h"

#include <QObject>
#include <QStringList>

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace tl {
class Classifier;
}

namespace tl::ui {

class ResultsModel;
class WeightsFetcher;

class ClassifySession : public QObject {
    Q_OBJECT
public:
    enum class ModelState { None, NeedsWeights, Loading, Ready, Failed };
    Q_ENUM(ModelState)

    explicit ClassifySession(QObject* parent = nullptr);
    ~ClassifySession() override;

    ResultsModel* results() const { return results_; }
    /// Downloads and imports of the chosen catalog model's weights; the model loads when they arrive.
    WeightsFetcher* fetcher() const { return fetcher_; }

    const ModelRef& model() const { return model_; }
    ModelState modelState() const { return state_; }
    bool modelReady() const { return state_ == ModelState::Ready; }
    /// While Loading: the weights file; when Ready: what was loaded and where; when Failed: the reason.
    QString modelText() const { return modelText_; }
    /// Images handed to the classifier and not yet answered.
    int outstanding() const { return outstanding_; }

    /// Chooses `model` (remembered for the next start) and loads it on the chosen device: a model file at
    /// once, a catalog model when its weights are on this machine (else the state is NeedsWeights). Results
    /// of the previous model stop coming; the images are classified again once the model is ready.
    void chooseModel(const ModelRef& model);

    struct Added {
        int first = -1;   ///< the first new row (-1 when none)
        int images = 0;   ///< image files found
        int missing = 0;  ///< paths that do not exist (rows with the error)
    };
    /// Adds image files and folders (searched recursively) and classifies them when the model is ready.
    Added addPaths(const QStringList& paths);
    /// Forgets every image; work still running stops at its next image.
    void clear();

Q_SIGNALS:
    void modelStateChanged(tl::ui::ClassifySession::ModelState state);
    void modelLoaded(const QString& key);
    void modelFailed(const QString& key, const QString& error);
    /// Row `row` of results() has its result.
    void resultReady(int row);
    /// Row `row`, still waiting for its result, has its image and crop (previewWaitingRows).
    void previewReady(int row);
    /// Every image handed to the classifier has its result.
    void allDone();

private:
    struct Loaded {
        std::shared_ptr<const Classifier> classifier;
        QString description;
    };
    /// Results on their way from the classify job to the GUI thread (the job's progress only says "look").
    struct Delivery {
        quint64 generation = 0;
        int row = 0;
        ClassifyItem item;
        bool preview = false;  ///< the image and its crop only, shown until the model answers
    };
    struct Mailbox {
        std::mutex mutex;
        std::vector<Delivery> items;
    };

    void setState(ModelState state, const QString& text = {});
    void load(const QString& weightsPath);
    void classifyRows(const QStringList& paths, int firstRow);
    /// While no model is ready: decodes the rows still waiting and crops them with the chosen model's recipe, so the
    /// photo and what the network will see show at once.
    void previewWaitingRows();
    void startNext();
    void drain();

    ResultsModel* results_;
    WeightsFetcher* fetcher_;
    ModelRef model_;
    ModelState state_ = ModelState::None;
    QString modelText_;
    std::shared_ptr<const Classifier> classifier_;
    Job<Loaded> loadJob_;
    Job<int, int> classifyJob_;
    Job<int, int> previewJob_;
    std::shared_ptr<Mailbox> mailbox_;
    QList<std::pair<QStringList, int>> queue_;  ///< requests waiting for the classifier
    quint64 generation_ = 1;                    ///< bumped by a new model and Clear: older results are dropped
    int outstanding_ = 0;
};

}  // namespace tl::ui

Q_DECLARE_METATYPE(tl::ModelRef)

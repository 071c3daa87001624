#pragma once
// Weights files dropped on the Compare area join the comparison by the way Classify imports them: a torchvision
// state dict (.pth, .pt, .bin, or safetensors weights) goes to WeightsFetcher as a catalog model's weights, with the
// same questions (common/weightsprompts.h: unverified weights, a classifier of another size that becomes a model
// file); a Keras .h5 file or a TF-slim checkpoint goes to ForeignImport. What comes of it is checked in the session's
// list: the catalog model, whose weights are here now, or the model file written. Files are read only by core's
// bounded readers, on a worker.

#include <QObject>
#include <QString>

#include <functional>

class QWidget;

namespace tl::ui {

class CompareSession;
class ForeignImport;
class WeightsFetcher;

class CompareWeightsImport : public QObject {
    Q_OBJECT
public:
    CompareWeightsImport(CompareSession* session, QWidget* parent);
    ~CompareWeightsImport() override;

    /// True for what start() takes: ForeignImport::isForeignWeights or WeightsFetcher::isWeightsFile.
    static bool takes(const QString& path);
    /// Imports `file` (one at a time: a second while one goes is refused with a message).
    void start(const QString& file);
    bool busy() const;

    /// Which catalog model a state dict is for: by default the one whose published file has its name, else asked in a
    /// list (objectName "weightsModelChoice"); "" cancels. Tests replace it.
    using ModelChooser = std::function<QString(const QString& file)>;
    void setModelChooser(ModelChooser chooser) { chooser_ = std::move(chooser); }
    ForeignImport* foreignImport() const { return foreign_; }

Q_SIGNALS:
    /// What the import is doing or how it ended, for the area's progress row (in the current language).
    void message(const QString& text);
    /// The model `key` (a catalog id or a model file) joined the list, checked.
    void imported(const QString& key);

private:
    QString chooseModel(const QString& file) const;
    /// Says that `key` is in the list now (message, imported).
    void joinedList(const QString& key);

    CompareSession* session_;
    QWidget* parent_;
    WeightsFetcher* fetcher_;
    ForeignImport* foreign_;
    ModelChooser chooser_;
};

}  // namespace tl::ui

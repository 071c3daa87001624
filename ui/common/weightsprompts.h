#pragma once
// The questions an import of a weights file may ask, shared by every area that imports one (Classify's Import
// weights… and drops, Compare's drops): take a file whose checksum is not the published one as unverified weights,
// and name the classes of a state dict whose classifier is not ImageNet's (it becomes a model file) and say where
// to save it. Modal dialogs; the import itself is WeightsFetcher's.

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

class QWidget;

namespace tl::ui {

class WeightsPrompts {
    Q_DECLARE_TR_FUNCTIONS(tl::ui::WeightsPrompts)
public:
    /// `file` is not the published file of catalog model `modelId` (SHA-256 `actual`, published `expected`): true when
    /// the user takes it as unverified weights (a message box, objectName "unverifiedOffer", its button
    /// "useUnverifiedButton").
    static bool useUnverified(QWidget* parent, const QString& modelId, const QString& file, const QString& expected, const QString& actual);

    struct ModelFileAnswer {
        QStringList classes;  ///< as many as the classifier's outputs, in output order
        QString modelFile;    ///< where to write it (remembered as the "models" folder)
    };
    /// `file` holds a classifier of `classes` outputs: asks their names (one a line; the count must match) and where to
    /// save the model file. Nothing when the user cancels either question.
    static std::optional<ModelFileAnswer> nameClasses(QWidget* parent, const QString& file, int classes);
};

}  // namespace tl::ui

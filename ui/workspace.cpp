#include "workspace.h"

#include "classify/classifyarea.h"
#include "compare/comparearea.h"
#include "compare/comparesession.h"
#include "fileactions.h"
#include "mainwindow.h"
#include "common/trainedmodels.h"
#include "train/trainarea.h"
#include "train/trainsession.h"
#include "welcomepage.h"

#include <QAction>

#include <QTabWidget>

namespace tl::ui {

Workspace populate(MainWindow& window) {
    Workspace w;
    w.classify = new ClassifyArea(&window);
    window.addArea(w.classify, &ClassifyArea::title);
    w.train = new TrainArea(&window);
    window.addArea(w.train, &TrainArea::title);
    w.compare = new CompareArea(&window);
    window.addArea(w.compare, &CompareArea::title);
    w.files = new FileActions(&window, w.classify, w.train, w.compare);
    window.addFileAction(w.classify->importForeignAction());
    // "Open in Classify" in the Train area's evaluation (and a Keras or TF-slim file dropped there and saved as a
    // model file): the model goes to the Classify area.
    ClassifyArea* classify = w.classify;
    QObject::connect(w.train, &TrainArea::openInClassify, classify, [&window, classify](const QString& modelFile) {
        classify->openModelFile(modelFile);
        window.areas()->setCurrentWidget(classify);
    });
    // "Compare" on a run of the Train area's list: its model file joins the Compare area's models.
    CompareArea* compare = w.compare;
    QObject::connect(w.train, &TrainArea::compareRun, compare, [&window, compare](const QString& modelFile) {
        compare->session()->addModelFile(modelFile);
        window.areas()->setCurrentWidget(compare);
    });
    // The Train area's runs with a model, by run name: in Classify's model list and Compare's checklist, from the
    // start and again whenever the runs change (a run ends, one is deleted) or the runs folder does.
    TrainSession* trainSession = w.train->session();
    const auto offerRuns = [classify, compare, trainSession] {
        const TrainedModels models = trainedModelsIn(trainSession->runsFolder());
        classify->setTrainedModels(models);
        compare->session()->setTrainedModels(models);
    };
    QObject::connect(trainSession, &TrainSession::runsChanged, classify, offerRuns);
    QObject::connect(trainSession, &TrainSession::runsFolderChanged, classify, offerRuns);
    offerRuns();
    // The Welcome page's first steps.
    WelcomePage* welcome = window.welcomePage();
    TrainArea* train = w.train;
    FileActions* files = w.files;
    QObject::connect(welcome, &WelcomePage::downloadWeightsRequested, classify, &ClassifyArea::chooseModelToDownload);
    QObject::connect(welcome, &WelcomePage::importWeightsRequested, classify, [&window, classify] {
        window.areas()->setCurrentWidget(classify);
        classify->importWeights();
    });
    QObject::connect(welcome, &WelcomePage::openImagesRequested, classify->openImagesAction(), &QAction::trigger);
    QObject::connect(welcome, &WelcomePage::openDatasetRequested, files->openDatasetAction(), &QAction::trigger);
    QObject::connect(welcome, &WelcomePage::trainRequested, train, [&window, train] { window.areas()->setCurrentWidget(train); });
    return w;
}

}  // namespace tl::ui

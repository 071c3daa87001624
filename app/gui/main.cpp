// transfer-studio: the GUI. A thin main: runtime set-up, application identity, translations, window.

#include "classify/classifyarea.h"
#include "compare/comparearea.h"
#include "train/trainarea.h"
#include "common/foreignimport.h"
#include "common/language.h"
#include "common/settings.h"
#include "mainwindow.h"

#include "tl/runtime.h"
#include "tl/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTabWidget>
#include <QIcon>
#include <QTimer>

int main(int argc, char** argv) {
    tl::initRuntime();  // allocator and LibTorch threads, before any large allocation

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("TransferStudio"));
    QApplication::setApplicationName(QStringLiteral("transfer-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Transfer Studio"));
    QApplication::setApplicationVersion(QString::fromLatin1(tl::kVersion));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/transfer-studio.svg")));
    QApplication::setDesktopFileName(QStringLiteral("transfer-studio"));

    tl::ui::language::apply(tl::ui::settings::language());

    // Files and folders on the command line (the desktop file's %F: "Open with Transfer Studio") are
    // classified at once.
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Transfer Studio: classify, fine-tune and compare ImageNet-pretrained CNNs"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("images"),
                                 QStringLiteral("Images or folders to classify, or a Keras .h5 file or TF-slim checkpoint to import"),
                                 QStringLiteral("[images...]"));
    parser.process(app);

    tl::ui::MainWindow window;
    auto* classify = new tl::ui::ClassifyArea(&window);
    const int classifyIndex = window.addArea(classify, &tl::ui::ClassifyArea::title);
    window.addFileAction(classify->importForeignAction());
    auto* train = new tl::ui::TrainArea(&window);
    window.addArea(train, &tl::ui::TrainArea::title);
    auto* compare = new tl::ui::CompareArea(&window);
    window.addArea(compare, &tl::ui::CompareArea::title);
    // "Open in Classify" in the Train area's evaluation (and a Keras or TF-slim file dropped there and saved as a
    // model file): the model goes to the Classify area.
    QObject::connect(train, &tl::ui::TrainArea::openInClassify, classify, [&window, classify, classifyIndex](const QString& modelFile) {
        classify->openModelFile(modelFile);
        window.areas()->setCurrentIndex(classifyIndex);
    });
    window.show();
    if (!parser.positionalArguments().isEmpty()) {
        window.areas()->setCurrentIndex(classifyIndex);
        QStringList images;
        QString weights;  // a Keras .h5 file or TF-slim checkpoint is imported (the first one), not classified
        for (const QString& path : parser.positionalArguments()) {
            if (weights.isEmpty() && QFileInfo(path).isFile() && tl::ui::ForeignImport::isForeignWeights(path)) weights = path;
            else images.append(path);
        }
        if (!images.isEmpty()) classify->addPaths(images);
        if (!weights.isEmpty()) QTimer::singleShot(0, classify, [classify, weights] { classify->foreignImport()->start(weights); });
    }
    return QApplication::exec();
}

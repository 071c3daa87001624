// transfer-studio: the GUI. A thin main: runtime set-up, application identity, translations, window.

#include "classify/classifyarea.h"
#include "common/foreignimport.h"
#include "common/language.h"
#include "common/settings.h"
#include "mainwindow.h"
#include "workspace.h"

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
    const tl::ui::Workspace workspace = tl::ui::populate(window);
    tl::ui::ClassifyArea* classify = workspace.classify;
    window.show();
    if (!parser.positionalArguments().isEmpty()) {
        window.areas()->setCurrentWidget(classify);
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

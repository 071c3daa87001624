// transfer-studio: the GUI. A thin main: runtime set-up, application identity, translations, window.

#include "classify/classifyarea.h"
#include "common/language.h"
#include "common/settings.h"
#include "mainwindow.h"

#include "tl/runtime.h"
#include "tl/version.h"

#include <QApplication>
#include <QIcon>

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

    tl::ui::MainWindow window;
    window.addArea(new tl::ui::ClassifyArea(&window), &tl::ui::ClassifyArea::title);
    window.show();
    return QApplication::exec();
}

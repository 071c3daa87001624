#include "common/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace tl::ui::language {
namespace {
std::unique_ptr<QTranslator> g_app;
std::unique_ptr<QTranslator> g_qt;

QLocale localeFor(const QString& code) {
    if (code.isEmpty()) return QLocale::system();
    return QLocale(code);
}
}  // namespace

QStringList available() { return {QStringLiteral("zh_CN"), QStringLiteral("zh_TW")}; }

QString apply(const QString& code) {
    if (g_app) QCoreApplication::removeTranslator(g_app.get());
    if (g_qt) QCoreApplication::removeTranslator(g_qt.get());
    g_app.reset();
    g_qt.reset();

    if (code == QLatin1String("en")) return code;  // removing the translators sent LanguageChange
    const QLocale locale = localeFor(code);
    auto app = std::make_unique<QTranslator>();
    if (!app->load(locale, QStringLiteral("transfer-studio"), QStringLiteral("_"), QStringLiteral(":/i18n"))) return QStringLiteral("en");
    QCoreApplication::installTranslator(app.get());
    g_app = std::move(app);

    // Qt's own strings (standard buttons, file dialogs), when the system has them.
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        g_qt = std::move(qt);
    }
    return g_app->language();
}

}  // namespace tl::ui::language

#pragma once
// Loads the application's translations (embedded .qm files under :/i18n) and Qt's own, and swaps them
// at run time: widgets that override changeEvent(QEvent::LanguageChange) retranslate themselves.

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace tl::ui::language {

/// Language codes the UI ships, besides English: "zh_CN", "zh_TW".
QStringList available();

/// Installs the translators for `code` ("" = the system locale, "en" = untranslated English) on the
/// running application, replacing those installed before. Returns the code actually in effect
/// ("en" when no translation matched).
QString apply(const QString& code);

}  // namespace tl::ui::language

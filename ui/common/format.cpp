#include "common/format.h"

namespace tl::ui {

QString formatAccuracy(double fraction, const QLocale& locale) { return locale.toString(fraction * 100.0, 'f', 1) + QStringLiteral(" %"); }

}  // namespace tl::ui

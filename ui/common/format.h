#pragma once
// How the UI writes its figures, one function per kind, so that every area writes them the same way.

#include <QLocale>
#include <QString>

namespace tl::ui {

/// An accuracy (a fraction, 0..1) as a percentage with one decimal in the locale's digits and decimal point:
/// 1 → "100.0 %", 0.875 → "87.5 %" ("87,5 %" in German).
QString formatAccuracy(double fraction, const QLocale& locale = QLocale());

}  // namespace tl::ui

#pragma once
// What the Classify area's model list keeps on each entry, shared by classifyarea.cpp (the area) and
// classifyweights.cpp (its model list and weights: availability, imports, unverified weights).

#include <QString>
#include <Qt>

namespace tl {
struct ModelSpec;
}

namespace tl::ui {

constexpr int kRefRole = Qt::UserRole + 1;       // the entry's tl::ModelRef (checked once, when it was added)
constexpr int kBaseTextRole = Qt::UserRole + 2;  // a catalog entry's text without the availability words
constexpr int kRunRole = Qt::UserRole + 3;       // the Train area's runs: kRunEntry, kRunsHeader (the "Your runs" line), kRunsSeparator
constexpr int kRunEntry = 1;
constexpr int kRunsHeader = 2;
constexpr int kRunsSeparator = 3;

/// A catalog model as the list shows it: name, size, accuracy, and whether its weights are unverified.
QString catalogEntryText(const ModelSpec& spec);

}  // namespace tl::ui

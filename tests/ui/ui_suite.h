#pragma once
// The start every GUI suite shares: LibTorch's runtime set up, Qt's test-mode paths (settings and caches apart from
// the user's) under the suite's own name, and, for suites that list models, a weight store that holds one catalog
// model's file by name (presence is what the lists check; the file is not read).

#include "dataset_maker.h"
#include "tl/catalog.h"
#include "tl/runtime.h"

#include <QCoreApplication>
#include <QStandardPaths>

#include <filesystem>
#include <string>

namespace uisuite {

inline void start(const char* suite) {
    tl::initRuntime();
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("TransferStudioTests"));
    QCoreApplication::setApplicationName(QString::fromUtf8(suite));
}

/// TORCH_HOME's hub holds only `model`'s weights file (a few bytes, never read), XDG_CACHE_HOME an empty folder;
/// both made fresh under `prefix`.
inline void weightStoreWith(const std::string& prefix, const std::string& model) {
    const std::filesystem::path torchHome = dsmaker::freshDir(prefix + "_torch");
    std::filesystem::create_directories(torchHome / "hub" / "checkpoints");
    dsmaker::writeText(torchHome / "hub" / "checkpoints" / tl::Catalog::builtin().get(model).weights.fileName, "not really weights");
    qputenv("TORCH_HOME", torchHome.string().c_str());
    qputenv("XDG_CACHE_HOME", dsmaker::freshDir(prefix + "_cache").string().c_str());
}

}  // namespace uisuite

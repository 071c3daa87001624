#pragma once
// One HTTP(S) download into a partial file, resumable, hashed on the way, renamed into place when its
// SHA-256 is right. The weight store decides the URL and the paths; this file speaks libcurl.

#include "tl/weight_store.h"

#include <string>

namespace tl::weights {

struct DownloadJob {
    std::string url;
    std::string partPath;      ///< kept between calls for a resume; locked while a download runs
    std::string finalPath;     ///< in the same folder as partPath, so the rename is atomic
    std::string sha256Prefix;  ///< lowercase hex; empty: not checked
    int connectTimeoutSeconds = 30;
    int stallTimeoutSeconds = 60;
};

/// Fetches job.url into job.partPath, continuing the bytes already there when the server honours a Range
/// request (and starting over when it does not), then checks the hash and renames the file to
/// job.finalPath. Throws tl::Error naming the URL (HTTP status, broken connection, checksum mismatch) or
/// the partial file (disk errors), and tl::Cancelled when `progress` returns false.
void downloadFile(const DownloadJob& job, const DownloadProgressFn& progress);

}  // namespace tl::weights

#include "weights/download.h"

#include "io/atomic_file.h"

#include "tl/error.h"
#include "tl/version.h"
#include "weights/sha256.h"

#if !defined(TL_WITHOUT_CURL)
#include <curl/curl.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

namespace tl::weights {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kReportInterval = std::chrono::milliseconds(100);

std::string errnoText(int error) { return std::strerror(error); }

void initCurl() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Error("libcurl", "initialisation failed");
    });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::optional<int64_t> parseInt(std::string_view s) {
    int64_t value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size() || value < 0) return std::nullopt;
    return value;
}

/// "bytes 100-199/1000", "bytes 100-199/*" or "bytes */1000"; -1 stands for '*'.
struct ContentRange {
    int64_t first = -1;
    int64_t last = -1;
    int64_t total = -1;
};

std::optional<ContentRange> parseContentRange(std::string_view value) {
    value = trim(value);
    if (value.substr(0, 6) != "bytes ") return std::nullopt;  // (no starts_with: core also builds as C++17, tests/fuzz)
    value = trim(value.substr(6));
    const size_t slash = value.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const std::string_view span = value.substr(0, slash);
    const std::string_view total = value.substr(slash + 1);
    ContentRange range;
    if (total != "*") {
        const auto t = parseInt(total);
        if (!t) return std::nullopt;
        range.total = *t;
    }
    if (span != "*") {
        const size_t dash = span.find('-');
        if (dash == std::string_view::npos) return std::nullopt;
        const auto first = parseInt(span.substr(0, dash));
        const auto last = parseInt(span.substr(dash + 1));
        if (!first || !last || *last < *first) return std::nullopt;
        range.first = *first;
        range.last = *last;
    }
    return range;
}

/// The partial file, opened and locked for the whole call: a second download of the same file (another
/// thread or process) fails at once instead of writing into it too.
class PartFile {
public:
    explicit PartFile(std::string path) : path_(std::move(path)) {
        // Lock, then check the path still names the locked file: a download finishing meanwhile renames it.
        for (int tries = 0; tries < 5; ++tries) {
            fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
            if (fd_ < 0) throw Error(path_, "cannot open the partial download: " + errnoText(errno));
            if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
                const int error = errno;
                close();
                if (error == EWOULDBLOCK) throw Error(path_, "another download of this file is in progress");
                throw Error(path_, "cannot lock the partial download: " + errnoText(error));
            }
            struct stat opened {};
            struct stat named {};
            if (::fstat(fd_, &opened) == 0 && ::stat(path_.c_str(), &named) == 0 && opened.st_ino == named.st_ino && opened.st_dev == named.st_dev)
                return;
            close();
        }
        throw Error(path_, "the partial download keeps being replaced by another process");
    }
    ~PartFile() { close(); }
    PartFile(const PartFile&) = delete;
    PartFile& operator=(const PartFile&) = delete;

    const std::string& path() const { return path_; }

    int64_t size() const {
        struct stat st {};
        if (::fstat(fd_, &st) != 0) throw Error(path_, "cannot read the partial download's size: " + errnoText(errno));
        return static_cast<int64_t>(st.st_size);
    }

    /// Positions writing after the first `offset` bytes.
    void seek(int64_t offset) {
        if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) throw Error(path_, "cannot seek in the partial download: " + errnoText(errno));
    }

    void truncate() {
        if (::ftruncate(fd_, 0) != 0) throw Error(path_, "cannot empty the partial download: " + errnoText(errno));
        seek(0);
    }

    /// Writes everything or returns false with `error` set.
    bool writeAll(const char* data, size_t size, int& error) {
        while (size > 0) {
            const ssize_t n = ::write(fd_, data, size);
            if (n < 0) {
                if (errno == EINTR) continue;
                error = errno;
                return false;
            }
            data += n;
            size -= static_cast<size_t>(n);
        }
        return true;
    }

    /// Feeds the first `bytes` bytes to `hasher` (the part of the file an earlier call downloaded).
    void hashLeading(Sha256& hasher, int64_t bytes) const {
        std::vector<char> buffer(1 << 20);
        int64_t done = 0;
        while (done < bytes) {
            const size_t want = static_cast<size_t>(std::min<int64_t>(bytes - done, static_cast<int64_t>(buffer.size())));
            const ssize_t n = ::pread(fd_, buffer.data(), want, static_cast<off_t>(done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw Error(path_, "cannot read the partial download: " + errnoText(n < 0 ? errno : EIO));
            hasher.update(buffer.data(), static_cast<size_t>(n));
            done += n;
        }
    }

    void sync() {
        if (::fsync(fd_) != 0) throw Error(path_, "cannot flush the download to disk: " + errnoText(errno));
    }

    void remove() { ::unlink(path_.c_str()); }

private:
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    std::string path_;
    int fd_ = -1;
};

/// The state one transfer shares with libcurl's callbacks.
struct Transfer {
    Transfer(const DownloadJob& j, const DownloadProgressFn& p, PartFile& f) : job(j), progress(p), part(f) {}

    const DownloadJob& job;
    const DownloadProgressFn& progress;
    PartFile& part;
    std::unique_ptr<Sha256> hasher;

    // Head of the latest response (reset on each status line: redirects send several).
    long status = 0;
    std::string reason;
    std::string contentRange;
    int64_t contentLength = -1;

    int64_t offset = 0;  ///< bytes of the part file this attempt continues
    int64_t received = 0;
    int64_t total = -1;
    bool resumed = false;
    bool bodyBegun = false;

    bool cancelled = false;
    bool httpError = false;
    bool restart = false;  ///< a partial answer that does not continue our bytes: start over
    int writeError = 0;
    std::exception_ptr failure;

    Clock::time_point start = Clock::now();
    Clock::time_point lastReport = start;
    int64_t sessionBytes = 0;

    void beginAttempt() {
        status = 0;
        reason.clear();
        contentRange.clear();
        contentLength = -1;
        bodyBegun = restart = httpError = false;
        offset = part.size();
        part.seek(offset);
        hasher = std::make_unique<Sha256>();
        if (offset > 0) part.hashLeading(*hasher, offset);
        received = offset;
        total = -1;
        resumed = offset > 0;
    }

    /// Called when the response's head is complete and its body starts (or ends empty). False aborts.
    bool beginBody() {
        bodyBegun = true;
        if (status < 200 || status >= 300) {
            httpError = true;
            return false;
        }
        if (status == 206) {
            const auto range = parseContentRange(contentRange);
            if (!range || range->first != offset) {
                restart = true;
                return false;
            }
            total = range->total >= 0 ? range->total : (contentLength >= 0 ? offset + contentLength : -1);
            resumed = offset > 0;
        } else {
            // The whole file: a server that ignores Range sends this too, so what we had goes.
            if (offset > 0) {
                part.truncate();
                offset = 0;
                hasher = std::make_unique<Sha256>();
            }
            total = contentLength;
            resumed = false;
        }
        received = offset;
        return report(true);
    }

    bool report(bool force, bool final = false) {
        if (!progress) return true;
        const auto now = Clock::now();
        if (!force && now - lastReport < kReportInterval) return true;
        lastReport = now;
        DownloadProgress p;
        p.received = received;
        p.total = total;
        p.resumed = resumed;
        const double seconds = std::chrono::duration<double>(now - start).count();
        p.bytesPerSecond = seconds > 0 ? static_cast<double>(sessionBytes) / seconds : 0.0;
        if (final) p.etaSeconds = 0.0;
        else if (total >= 0 && p.bytesPerSecond > 0) p.etaSeconds = static_cast<double>(total - received) / p.bytesPerSecond;
        if (!progress(p)) cancelled = true;
        return !cancelled;
    }

    void onHeaderLine(std::string_view line) {
        line = trim(line);
        if (line.substr(0, 5) == "HTTP/") {
            status = 0;
            reason.clear();
            contentRange.clear();
            contentLength = -1;
            const size_t space = line.find(' ');
            if (space == std::string_view::npos) return;
            std::string_view rest = trim(line.substr(space + 1));
            const size_t end = std::min(rest.find(' '), rest.size());
            status = static_cast<long>(parseInt(rest.substr(0, end)).value_or(0));
            reason = std::string(trim(rest.substr(end)));
            return;
        }
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos) return;
        std::string name(trim(line.substr(0, colon)));
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const std::string_view value = trim(line.substr(colon + 1));
        if (name == "content-range") contentRange = std::string(value);
        else if (name == "content-length") contentLength = parseInt(value).value_or(-1);
    }

    size_t onBody(const char* data, size_t size) {
        if (!bodyBegun && !beginBody()) return 0;
        if (!part.writeAll(data, size, writeError)) return 0;
        hasher->update(data, size);
        received += static_cast<int64_t>(size);
        sessionBytes += static_cast<int64_t>(size);
        return report(false) ? size : 0;
    }

    /// Throws what a callback left behind: its exception, a cancel, a disk error.
    void rethrowAbort() const {
        if (failure) std::rethrow_exception(failure);
        if (cancelled)
            throw Cancelled(job.url,
                            "download cancelled after " + bytesSoFar() + "; the partial file is kept and the next download resumes from there");
        if (writeError != 0) throw Error(part.path(), "cannot write the download: " + errnoText(writeError));
    }

    std::string bytesSoFar() const { return std::to_string(received) + (total >= 0 ? " of " + std::to_string(total) : std::string()) + " bytes"; }
};

size_t headerCallback(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    try {
        t->onHeaderLine(std::string_view(data, size * count));
        return size * count;
    } catch (...) {
        t->failure = std::current_exception();
        return 0;
    }
}

size_t writeCallback(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    try {
        return t->onBody(data, size * count);
    } catch (...) {
        t->failure = std::current_exception();
        return 0;
    }
}

int progressCallback(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    try {
        return t->report(false) ? 0 : 1;
    } catch (...) {
        t->failure = std::current_exception();
        return 1;
    }
}

template <typename T>
void setOption(CURL* curl, CURLoption option, T value, const std::string& url) {
    if (curl_easy_setopt(curl, option, value) != CURLE_OK)
        throw Error(url, "libcurl refused a transfer option (" + std::to_string(static_cast<int>(option)) + ")");
}

}  // namespace

void downloadFile(const DownloadJob& job, const DownloadProgressFn& progress) {
    initCurl();
    PartFile part(job.partPath);
    try {
        const std::unique_ptr<CURL, void (*)(CURL*)> handle(curl_easy_init(), &curl_easy_cleanup);
        if (!handle) throw Error(job.url, "libcurl could not start a transfer");
        CURL* curl = handle.get();
        Transfer t(job, progress, part);
        char curlError[CURL_ERROR_SIZE] = {};

        setOption(curl, CURLOPT_URL, job.url.c_str(), job.url);
        setOption(curl, CURLOPT_PROTOCOLS_STR, "http,https", job.url);
        setOption(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https", job.url);
        setOption(curl, CURLOPT_FOLLOWLOCATION, 1L, job.url);
        setOption(curl, CURLOPT_MAXREDIRS, 10L, job.url);
        setOption(curl, CURLOPT_NOSIGNAL, 1L, job.url);
        setOption(curl, CURLOPT_USERAGENT, "TransferStudio/" TL_VERSION_STRING, job.url);
        setOption(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(job.connectTimeoutSeconds), job.url);
        setOption(curl, CURLOPT_LOW_SPEED_LIMIT, 1L, job.url);
        setOption(curl, CURLOPT_LOW_SPEED_TIME, static_cast<long>(job.stallTimeoutSeconds), job.url);
        setOption(curl, CURLOPT_ERRORBUFFER, curlError, job.url);
        setOption(curl, CURLOPT_HEADERFUNCTION, &headerCallback, job.url);
        setOption(curl, CURLOPT_HEADERDATA, static_cast<void*>(&t), job.url);
        setOption(curl, CURLOPT_WRITEFUNCTION, &writeCallback, job.url);
        setOption(curl, CURLOPT_WRITEDATA, static_cast<void*>(&t), job.url);
        setOption(curl, CURLOPT_XFERINFOFUNCTION, &progressCallback, job.url);
        setOption(curl, CURLOPT_XFERINFODATA, static_cast<void*>(&t), job.url);
        setOption(curl, CURLOPT_NOPROGRESS, 0L, job.url);

        bool complete = false;
        // A second attempt only starts over from zero, after an answer that did not fit the partial file.
        for (int attempt = 0; attempt < 2 && !complete; ++attempt) {
            t.beginAttempt();
            const std::string range = std::to_string(t.offset) + "-";
            setOption(curl, CURLOPT_RANGE, t.offset > 0 ? range.c_str() : nullptr, job.url);
            curlError[0] = '\0';
            const CURLcode rc = curl_easy_perform(curl);
            t.rethrowAbort();
            if (rc == CURLE_OK && !t.bodyBegun) {  // an empty body: no write callback came
                t.beginBody();
                t.rethrowAbort();
            }
            if (t.restart) {
                part.truncate();
                continue;
            }
            if (t.httpError) {
                if (t.status == 416) {  // nothing after our bytes: complete already, or not this file
                    const auto range416 = parseContentRange(t.contentRange);
                    if (range416 && range416->first < 0 && t.offset > 0 && range416->total == t.offset) {
                        t.total = t.offset;
                        complete = true;
                        break;
                    }
                    if (attempt == 0) {
                        part.truncate();
                        continue;
                    }
                }
                throw Error(job.url, "the server answered HTTP " + std::to_string(t.status) + (t.reason.empty() ? std::string() : " " + t.reason));
            }
            if (rc != CURLE_OK) {
                const std::string why = curlError[0] != '\0' ? curlError : curl_easy_strerror(rc);
                if (t.sessionBytes > 0)
                    throw Error(job.url, "download interrupted after " + t.bytesSoFar() + " (" + why +
                                             "); the partial file is kept and the next download resumes from there");
                throw Error(job.url, "download failed: " + why +
                                         (t.received > 0 ? "; the partial file (" + std::to_string(t.received) + " bytes) is kept for a later resume"
                                                         : std::string()));
            }
            if (t.total >= 0 && t.received != t.total)
                throw Error(job.url,
                            "download ended early after " + t.bytesSoFar() + "; the partial file is kept and the next download resumes from there");
            complete = true;
        }
        if (!complete)
            throw Error(job.url,
                        "the server's partial answers do not continue the partial file, even when "
                        "starting over");

        if (t.total < 0) t.total = t.received;
        t.report(true, true);
        t.rethrowAbort();

        const std::string actual = t.hasher->hexDigest();
        if (!job.sha256Prefix.empty() && actual.compare(0, job.sha256Prefix.size(), job.sha256Prefix) != 0) {
            part.remove();
            throw Error(job.url, "checksum did not match: expected a SHA-256 starting with " + job.sha256Prefix + ", got " + actual +
                                     "; the downloaded file was deleted");
        }
        part.sync();
        io::moveIntoPlace(job.partPath, job.finalPath);
    } catch (...) {
        // An empty partial file holds nothing to resume.
        struct stat st {};
        if (::stat(job.partPath.c_str(), &st) == 0 && st.st_size == 0) part.remove();
        throw;
    }
}

}  // namespace tl::weights

#else  // a build without libcurl (TL_WITH_CURL=OFF, e.g. a GPU machine with no network): no downloads

namespace tl::weights {

void downloadFile(const DownloadJob& job, const DownloadProgressFn&) {
    throw Error(job.url,
                "this build of Transfer Studio cannot download (it was built without libcurl); "
                "download the file elsewhere and import it");
}

}  // namespace tl::weights

#endif

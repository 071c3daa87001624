#include "train/run_files.h"

#include "io/atomic_file.h"
#include "tl/error.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace tl::train {

namespace {

std::FILE* openAppend(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "ab");
    if (!f) throw Error(path, std::string("cannot open for writing: ") + std::strerror(errno));
    return f;
}

void syncLine(std::FILE* f, const std::string& line, bool toDisk, const std::string& path) {
    if (std::fwrite(line.data(), 1, line.size(), f) != line.size() || std::fflush(f) != 0)
        throw Error(path, std::string("cannot write: ") + std::strerror(errno));
    if (toDisk) ::fsync(fileno(f));
}

}  // namespace

RunFiles::RunFiles(const std::string& dir) : dir_(dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error(dir, "cannot create the run directory: " + ec.message());
    events_ = openAppend(path("events.jsonl"));
    const bool fresh = !std::filesystem::exists(path("metrics.csv")) || std::filesystem::file_size(path("metrics.csv")) == 0;
    metrics_ = openAppend(path("metrics.csv"));
    if (fresh)
        syncLine(metrics_,
                 "phase,epoch,train_loss,train_accuracy,val_loss,val_accuracy,val_top5,lr,seconds,images_per_s\n", true,
                 path("metrics.csv"));
}

RunFiles::~RunFiles() {
    if (events_) std::fclose(events_);
    if (metrics_) std::fclose(metrics_);
}

std::string RunFiles::path(const std::string& name) const { return (std::filesystem::path(dir_) / name).string(); }

void RunFiles::writeJson(const std::string& name, const std::string& text) const {
    io::AtomicFile file(path(name));
    file.write(text);
    file.write("\n");
    file.commit();
}

void RunFiles::event(const nlohmann::json& e) {
    const bool important = e.value("event", "") != "batch";
    syncLine(events_, e.dump() + "\n", important, path("events.jsonl"));
}

void RunFiles::epochRow(const EpochEnd& e) {
    char line[512];
    std::snprintf(line, sizeof line, "%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.8g,%.3f,%.2f\n", e.phase, e.epoch, e.trainLoss, e.trainAccuracy,
                  e.validation.loss, e.validation.accuracy, e.validation.top5, e.lr, e.seconds, e.imagesPerSecond);
    syncLine(metrics_, line, true, path("metrics.csv"));
}

std::string RunFiles::preprocessingJson(const Preprocessing& p) {
    return nlohmann::json{{"preprocessing", p.mode},   {"geometry", p.geometry}, {"input_size", p.inputSize},
                          {"resize_size", p.resizeSize}, {"interpolation", p.interpolation}, {"divisor", p.divisor},
                          {"bgr", p.bgr},               {"mean", p.mean},         {"std", p.std}}
        .dump();
}

nlohmann::json epochEventJson(const EpochEnd& e) {
    nlohmann::json j{{"event", "epoch"},          {"phase", e.phase},        {"epoch", e.epoch},
                     {"epoch_in_phase", e.epochInPhase}, {"train_loss", e.trainLoss}, {"train_accuracy", e.trainAccuracy},
                     {"lr", e.lr},                {"seconds", e.seconds},    {"images_per_s", e.imagesPerSecond},
                     {"best", e.best}};
    if (e.validation.images > 0) {
        const Evaluation& v = e.validation;
        j["validation"] = {{"loss", v.loss},           {"accuracy", v.accuracy}, {"top5", v.top5},     {"images", v.images},
                           {"confusion", v.confusion}, {"precision", v.precision}, {"recall", v.recall}, {"f1", v.f1},
                           {"support", v.support}};
    }
    return j;
}

}  // namespace tl::train

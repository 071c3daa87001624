#include "tl/model_ref.h"

#include "tl/error.h"

#include <filesystem>

namespace tl {

struct ModelRef::Data {
    Kind kind = Kind::Catalog;
    std::string key;
    ModelSpec spec;  // the catalog entry (for a file: its base model's, when known)
    bool hasSpec = false;
    ModelFileInfo info;  // a file's metadata
};

ModelRef ModelRef::catalog(const std::string& id) {
    auto d = std::make_shared<Data>();
    d->kind = Kind::Catalog;
    d->key = id;
    d->spec = Catalog::builtin().get(id);
    d->hasSpec = true;
    ModelRef ref;
    ref.data_ = std::move(d);
    return ref;
}

ModelRef ModelRef::file(const std::string& path) {
    auto d = std::make_shared<Data>();
    d->kind = Kind::File;
    d->key = path;
    d->info = readModelFileInfo(path);
    if (const ModelSpec* base = Catalog::builtin().find(d->info.baseModel)) {
        d->spec = *base;
        d->hasSpec = true;
    }
    ModelRef ref;
    ref.data_ = std::move(d);
    return ref;
}

ModelRef ModelRef::parse(const std::string& idOrPath) {
    if (Catalog::builtin().find(idOrPath)) return catalog(idOrPath);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(idOrPath, ec)) throw Error(idOrPath, "no such catalog model id or model file");
    if (!isModelFile(idOrPath)) throw Error(idOrPath, "not a model file (a fine-tuned model.safetensors) and not a catalog model id");
    return file(idOrPath);
}

ModelRef::Kind ModelRef::kind() const {
    if (!data_) throw Error("model", "no model was chosen");
    return data_->kind;
}

const std::string& ModelRef::key() const {
    static const std::string none;
    return data_ ? data_->key : none;
}

std::string ModelRef::name() const {
    if (!data_) return {};
    if (data_->kind == Kind::Catalog) return data_->spec.name;
    if (!data_->info.name.empty()) return data_->info.name;  // the run's name
    const std::filesystem::path path(data_->key);
    // A run's model file from before runs had names: known by its run folder, as the runs list shows it.
    if (path.filename() == "model.safetensors" && path.has_parent_path() && !path.parent_path().filename().empty())
        return path.parent_path().filename().string();
    return path.filename().string();
}

const ModelSpec* ModelRef::spec() const { return data_ && data_->hasSpec ? &data_->spec : nullptr; }

const ModelFileInfo* ModelRef::fileInfo() const { return data_ && data_->kind == Kind::File ? &data_->info : nullptr; }

const Preprocessing& ModelRef::preprocessing() const {
    if (!data_) throw Error("model", "no model was chosen");
    return data_->kind == Kind::File ? data_->info.preprocessing : data_->spec.preprocessing;
}

std::vector<std::string> ModelRef::labels() const {
    if (!data_) return {};
    return data_->kind == Kind::File ? data_->info.classes : labelsFor(data_->spec);
}

}  // namespace tl

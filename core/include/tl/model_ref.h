#pragma once
// A model the user chose: a catalog model (by its id) or a fine-tuned model file (by its path). Settings, the
// command line and the work areas store it as one string; ModelRef reads that string once — the catalog, then
// the file's header — and keeps what it found, so nothing re-reads the file to ask what it is. Torch-free.

#include "tl/catalog.h"
#include "tl/model_file.h"

#include <memory>
#include <string>
#include <vector>

namespace tl {

class ModelRef {
public:
    enum class Kind { Catalog, File };

    /// An empty reference (no model chosen): valid() is false.
    ModelRef() = default;

    /// A catalog id, or the path of a model file written by saveModelFile(). Throws tl::Error naming `idOrPath`
    /// when it is neither: no such id, no such file, or a file that is not a model file (with the reason).
    static ModelRef parse(const std::string& idOrPath);
    /// The catalog model `id` (throws tl::Error listing the known ids when there is none).
    static ModelRef catalog(const std::string& id);
    /// The model file at `path`; its metadata is read here (throws tl::Error naming the file and the key).
    static ModelRef file(const std::string& path);

    bool valid() const { return data_ != nullptr; }
    Kind kind() const;
    bool isFile() const { return valid() && kind() == Kind::File; }
    /// What is stored: the catalog id or the file's path.
    const std::string& key() const;
    /// The catalog name; for a model file the name of the run that trained it, or when it has none the file's name
    /// (a run's model.safetensors: its run folder's name).
    std::string name() const;
    /// The catalog entry: the model itself, or the one a model file was fine-tuned from (nullptr when the
    /// catalog has no such entry).
    const ModelSpec* spec() const;
    /// The model file's metadata (nullptr for a catalog model).
    const ModelFileInfo* fileInfo() const;
    /// The preprocessing the model expects and its class names in output order.
    const Preprocessing& preprocessing() const;
    std::vector<std::string> labels() const;

    friend bool operator==(const ModelRef& a, const ModelRef& b) { return a.valid() == b.valid() && (!a.valid() || a.key() == b.key()); }

private:
    struct Data;
    std::shared_ptr<const Data> data_;
};

}  // namespace tl

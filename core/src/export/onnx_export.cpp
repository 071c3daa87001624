#include "tl/onnx_export.h"

#include "export/onnx_parity.h"
#include "export/onnx_sidecar.h"
#include "export/onnx_trace.h"
#include "export/onnx_write.h"
#include "io/atomic_file.h"
#include "models/model_impl.h"
#include "tl/classifier.h"
#include "tl/error.h"
#include "tl/weight_store.h"

#include <filesystem>

namespace tl {

namespace {

namespace fs = std::filesystem;

Classifier appClassifier(const ModelRef& model) {
    ClassifierOptions options;
    options.device = "cpu";  // the export and its check run where the file will be read: on the CPU
    options.batchSize = 1;
    if (model.isFile()) return Classifier::fromModelFile(model.key(), options);
    const ModelSpec& spec = *model.spec();
    const std::string weights = WeightStore().require(spec, "download or import them before exporting");
    return Classifier::fromCatalog(spec, weights, options);
}

std::string sidecarPathOf(const std::string& path) {
    fs::path p(path);
    return (p.parent_path() / (p.stem().string() + ".README.md")).string();
}

void writeWhole(const std::string& path, const std::string& bytes) {
    io::AtomicFile file(path);
    file.write(bytes);
    file.commit();
}

}  // namespace

OnnxExport exportOnnx(const ModelRef& model, const std::string& path, const OnnxExportOptions& options, const std::vector<std::string>& checkImages,
                      const OnnxProgressFn& progress) {
    if (!model.valid()) throw Error("ONNX export", "no model was chosen");
    const auto step = [&](const std::string& stage, std::size_t done, std::size_t total) {
        if (progress && !progress(stage, done, total)) throw Cancelled(path, "the export was cancelled");
    };
    step("tracing", 0, 1);
    const Classifier app = appClassifier(model);
    const std::shared_ptr<Model::Impl> impl = app.model().impl();  // folded, eval, frozen: what the app classifies with
    const onnxir::Graph graph = onnx_export::traceToOnnx(
        *impl->net, [&impl](const torch::Tensor& x) { return impl->forward(x); }, app.recipe().inputSize);

    step("writing", 0, 1);
    onnx_export::WriteOptions write;
    write.float16 = options.float16;
    write.rawInput = options.rawInput;
    write.recipe = app.recipe();
    write.classes = app.labels();
    write.metadata = {{"transfer_studio.model", model.name()}, {"transfer_studio.arch", app.model().arch()}};
    if (const ModelFileInfo* info = model.fileInfo()) write.metadata.emplace_back("transfer_studio.base_model", info->baseModel);
    write.docString = model.name() + " (" + app.model().arch() + "), exported by Transfer Studio";
    const onnx_export::Written written = onnx_export::buildOnnx(graph, write);
    writeWhole(path, written.bytes);

    OnnxExport result;
    result.path = path;
    result.opset = onnx_export::kOpset;
    result.inputName = written.inputName;
    result.inputSize = app.recipe().inputSize;
    result.nodes = written.nodes;
    result.initializers = written.initializers;
    result.bytes = written.bytes.size();
    result.float16 = options.float16;

    try {  // cancelled while checking: the unchecked file goes too, so nothing is kept that was not checked
        step("checking", 0, checkImages.size());
        result.parity = onnx_export::checkParity(path, app, checkImages, options.rawInput, options.float16,
                                                 options.float16 ? options.float16Bound : options.bound,
                                                 [&](std::size_t done, std::size_t total) { return !progress || progress("checking", done, total); });
    } catch (const Cancelled&) {
        std::error_code ec;
        fs::remove(path, ec);
        throw;
    }
    result.report = path + ".parity.json";
    result.sidecar = sidecarPathOf(path);
    writeWhole(result.report, onnxReportJson(result));
    onnx_export::SidecarFacts facts{fs::path(path).filename().string(), model.name(), app.model().arch(), app.labels().size(), app.recipe()};
    writeWhole(result.sidecar, onnx_export::sidecarMarkdown(facts, result));
    return result;
}

}  // namespace tl

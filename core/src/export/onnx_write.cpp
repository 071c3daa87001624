#include "export/onnx_write.h"

#include "tl/error.h"
#include "tl/version.h"

#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <cstring>
#include <fstream>
#include <set>

namespace tl::onnx_export {

namespace {

void setAttribute(::onnx::NodeProto& node, const onnxir::Attribute& a) {
    ::onnx::AttributeProto* p = node.add_attribute();
    p->set_name(a.name);
    switch (a.kind) {
        case onnxir::Attribute::Kind::Int:
            p->set_type(::onnx::AttributeProto::INT);
            p->set_i(a.i);
            break;
        case onnxir::Attribute::Kind::Float:
            p->set_type(::onnx::AttributeProto::FLOAT);
            p->set_f(a.f);
            break;
        case onnxir::Attribute::Kind::Ints:
            p->set_type(::onnx::AttributeProto::INTS);
            for (std::int64_t v : a.ints) p->add_ints(v);
            break;
        case onnxir::Attribute::Kind::String:
            p->set_type(::onnx::AttributeProto::STRING);
            p->set_s(a.s);
            break;
    }
}

::onnx::NodeProto* addNode(::onnx::GraphProto& g, const std::string& op, const std::string& name, const std::vector<std::string>& inputs,
                           const std::vector<std::string>& outputs, const std::vector<onnxir::Attribute>& attributes = {}) {
    ::onnx::NodeProto* node = g.add_node();
    node->set_op_type(op);
    node->set_name(name);
    for (const auto& i : inputs) node->add_input(i);
    for (const auto& o : outputs) node->add_output(o);
    for (const auto& a : attributes) setAttribute(*node, a);
    return node;
}

void addFloats(::onnx::GraphProto& g, const std::string& name, const std::vector<std::int64_t>& dims, const std::vector<float>& values) {
    ::onnx::TensorProto* t = g.add_initializer();
    t->set_name(name);
    t->set_data_type(::onnx::TensorProto::FLOAT);
    for (std::int64_t d : dims) t->add_dims(d);
    t->set_raw_data(values.data(), values.size() * sizeof(float));  // raw data is little-endian, as this machine
}

void addInitializer(::onnx::GraphProto& g, const onnxir::Initializer& init, bool float16) {
    if (init.type == onnxir::Initializer::Type::Int64) {
        ::onnx::TensorProto* t = g.add_initializer();
        t->set_name(init.name);
        t->set_data_type(::onnx::TensorProto::INT64);
        for (std::int64_t d : init.dims) t->add_dims(d);
        t->set_raw_data(init.ints.data(), init.ints.size() * sizeof(std::int64_t));
        return;
    }
    if (!float16 || init.dims.empty()) {  // scalars (clip bounds, padding values) stay float32
        addFloats(g, init.name, init.dims, init.floats);
        return;
    }
    // float16 storage, cast back to float32 where it is used: half the file, the same arithmetic
    cv::Mat f32(1, static_cast<int>(init.floats.size()), CV_32F, const_cast<float*>(init.floats.data()));
    cv::Mat f16;
    f32.convertTo(f16, CV_16F);
    ::onnx::TensorProto* t = g.add_initializer();
    t->set_name(init.name + "_fp16");
    t->set_data_type(::onnx::TensorProto::FLOAT16);
    for (std::int64_t d : init.dims) t->add_dims(d);
    t->set_raw_data(f16.data, f16.total() * f16.elemSize());
    addNode(g, "Cast", init.name + "_cast", {init.name + "_fp16"}, {init.name}, {onnxir::Attribute::integer("to", ::onnx::TensorProto::FLOAT)});
}

void setTensorType(::onnx::ValueInfoProto& v, const std::string& name, int elemType, const std::vector<std::int64_t>& dims) {
    v.set_name(name);
    auto* tensor = v.mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(elemType);
    auto* shape = tensor->mutable_shape();
    for (std::size_t i = 0; i < dims.size(); ++i) {
        auto* d = shape->add_dim();
        if (i == 0) d->set_dim_param("batch");  // any batch size
        else d->set_dim_value(dims[i]);
    }
}

/// uint8 NHWC RGB → the recipe's float NCHW input: Cast, Transpose, channel order, ÷ divisor, − mean, ÷ std (the
/// order of preprocess.cpp's normalise, so the float32 results are the same).
void addRawInputPrelude(::onnx::GraphProto& g, const onnxir::Graph& graph, const Preprocessing& r) {
    addNode(g, "Cast", "raw_cast", {"image"}, {"raw_float"}, {onnxir::Attribute::integer("to", ::onnx::TensorProto::FLOAT)});
    addNode(g, "Transpose", "raw_nchw", {"raw_float"}, {"raw_nchw"}, {onnxir::Attribute::integers("perm", {0, 3, 1, 2})});
    std::string x = "raw_nchw";
    if (r.bgr) {
        ::onnx::TensorProto* order = g.add_initializer();
        order->set_name("raw_bgr_order");
        order->set_data_type(::onnx::TensorProto::INT64);
        order->add_dims(3);
        const std::int64_t bgr[3] = {2, 1, 0};
        order->set_raw_data(bgr, sizeof bgr);
        addNode(g, "Gather", "raw_bgr", {x, "raw_bgr_order"}, {"raw_bgr"}, {onnxir::Attribute::integer("axis", 1)});
        x = "raw_bgr";
    }
    addFloats(g, "raw_divisor", {}, {r.divisor});
    addFloats(g, "raw_mean", {1, 3, 1, 1}, {r.mean[0], r.mean[1], r.mean[2]});
    addFloats(g, "raw_std", {1, 3, 1, 1}, {r.std[0], r.std[1], r.std[2]});
    addNode(g, "Div", "raw_scale", {x, "raw_divisor"}, {"raw_scaled"});
    addNode(g, "Sub", "raw_centre", {"raw_scaled", "raw_mean"}, {"raw_centred"});
    addNode(g, "Div", "raw_normalise", {"raw_centred", "raw_std"}, {graph.input});
}

}  // namespace

std::string widenFloat16(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    ::onnx::ModelProto model;
    if (!in || !model.ParseFromIstream(&in)) throw Error(path, "not an ONNX model that can be read back");
    bool widened = false;
    for (::onnx::TensorProto& t : *model.mutable_graph()->mutable_initializer()) {
        if (t.data_type() != ::onnx::TensorProto::FLOAT16) continue;
        const std::string& raw = t.raw_data();
        cv::Mat half(1, static_cast<int>(raw.size() / 2), CV_16F, const_cast<char*>(raw.data()));
        cv::Mat full;
        half.convertTo(full, CV_32F);
        t.set_data_type(::onnx::TensorProto::FLOAT);
        t.set_raw_data(full.data, full.total() * full.elemSize());
        widened = true;
    }
    std::string bytes;
    if (widened && !model.SerializeToString(&bytes)) throw Error(path, "the widened copy could not be serialised");
    return bytes;
}

std::vector<std::pair<std::string, std::string>> recipeMetadata(const Preprocessing& r, const std::vector<std::string>& classes, bool rawInput) {
    const nlohmann::json recipe = {{"mode", r.mode},
                                   {"geometry", r.geometry},
                                   {"input_size", r.inputSize},
                                   {"resize_size", r.resizeSize},
                                   {"interpolation", r.interpolation},
                                   {"divisor", r.divisor},
                                   {"channel_order", r.bgr ? "BGR" : "RGB"},
                                   {"mean", r.mean},
                                   {"std", r.std}};
    return {
        {"transfer_studio.preprocessing", recipe.dump()},
        {"transfer_studio.classes", nlohmann::json(classes).dump()},
        {"transfer_studio.input", rawInput ? "image: uint8 [batch, " + std::to_string(r.inputSize) + ", " + std::to_string(r.inputSize) +
                                                 ", 3], RGB, the crop before normalisation"
                                           : "input: float32 [batch, 3, " + std::to_string(r.inputSize) + ", " + std::to_string(r.inputSize) +
                                                 "], normalised as transfer_studio.preprocessing says"},
        {"transfer_studio.outputs", "logits: float32 [batch, classes]; probabilities: their softmax"},
    };
}

Written buildOnnx(const onnxir::Graph& graph, const WriteOptions& options) {
    ::onnx::ModelProto model;
    model.set_ir_version(::onnx::IR_VERSION);
    model.set_producer_name("Transfer Studio");
    model.set_producer_version(kVersion);
    model.set_doc_string(options.docString);
    ::onnx::OperatorSetIdProto* opset = model.add_opset_import();
    opset->set_domain("");
    opset->set_version(kOpset);
    for (const auto& [key, value] : recipeMetadata(options.recipe, options.classes, options.rawInput)) {
        auto* p = model.add_metadata_props();
        p->set_key(key);
        p->set_value(value);
    }
    for (const auto& [key, value] : options.metadata) {
        auto* p = model.add_metadata_props();
        p->set_key(key);
        p->set_value(value);
    }

    ::onnx::GraphProto& g = *model.mutable_graph();
    g.set_name("transfer_studio");
    const std::int64_t size = graph.inputSize;
    Written written;
    if (options.rawInput) {
        setTensorType(*g.add_input(), "image", ::onnx::TensorProto::UINT8, {1, size, size, 3});
        addRawInputPrelude(g, graph, options.recipe);
        written.inputName = "image";
    } else {
        setTensorType(*g.add_input(), graph.input, ::onnx::TensorProto::FLOAT, {1, 3, size, size});
        written.inputName = graph.input;
    }
    for (const onnxir::Initializer& init : graph.initializers) addInitializer(g, init, options.float16);
    for (const onnxir::Node& n : graph.nodes) addNode(g, n.op, n.name, n.inputs, n.outputs, n.attributes);
    addNode(g, "Identity", "logits", {graph.logits}, {"logits"});
    addNode(g, "Softmax", "probabilities", {graph.logits}, {"probabilities"}, {onnxir::Attribute::integer("axis", 1)});
    setTensorType(*g.add_output(), "logits", ::onnx::TensorProto::FLOAT, {1, graph.classes});
    setTensorType(*g.add_output(), "probabilities", ::onnx::TensorProto::FLOAT, {1, graph.classes});

    try {
        ::onnx::checker::check_model(model);
        ::onnx::ShapeInferenceOptions inference{/*check_type=*/true, /*error_mode=*/1, /*enable_data_propagation=*/false};
        ::onnx::shape_inference::InferShapes(model, ::onnx::OpSchemaRegistry::Instance(), inference);
    } catch (const std::exception& e) {
        throw Error("ONNX export", std::string("the ONNX checker refused the model: ") + e.what());
    }
    written.nodes = static_cast<std::size_t>(g.node_size());
    written.initializers = static_cast<std::size_t>(g.initializer_size());
    if (!model.SerializeToString(&written.bytes)) throw Error("ONNX export", "the model could not be serialised (over 2 GiB?)");
    return written;
}

}  // namespace tl::onnx_export

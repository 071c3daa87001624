#include "export/onnx_trace.h"

#include "models/module_calls.h"
#include "models/network.h"
#include "tl/error.h"

#include <ATen/PadNd.h>
#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>

#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>

namespace tl::onnx_export {

namespace {

using onnxir::Attribute;
using torch::jit::Node;
using torch::jit::Value;

/// Maps the traced graph's ATen nodes to ONNX nodes, one at a time, in graph order.
class Converter {
public:
    explicit Converter(onnxir::Graph& out) : out_(out) {}

    void setName(Value* v, std::string name) { names_[v] = std::move(name); }

    /// The ONNX name of `v`: a value made by an earlier node, the input, or a constant tensor (an initializer).
    std::string name(Value* v) {
        if (auto it = names_.find(v); it != names_.end()) return it->second;
        const std::optional<c10::IValue> constant = torch::jit::toIValue(v);
        if (constant && constant->isTensor()) return names_[v] = addTensor(constant->toTensor(), "const");
        if (constant && (constant->isDouble() || constant->isInt()))
            return names_[v] = addScalar(static_cast<float>(constant->toScalar().toDouble()));
        throw Error(where(v->node()), "a value the ONNX export cannot name (" + std::string(v->node()->kind().toQualString()) + ")");
    }

    void convert(Node* n) {
        const std::string kind = n->kind().toQualString();
        if (kind == "prim::Constant" || kind == "prim::ListConstruct") return;  // read where they are used
        const auto handler = handlers().find(kind);
        if (handler == handlers().end()) throw Error(where(n), "the operation " + kind + " has no ONNX mapping in this export; nothing was written");
        handler->second(*this, n);
    }

    /// The layer a traced operation belongs to: the first module call whose output is made by this node or a later
    /// one (an operation inside a block is named by the block).
    std::string where(Node* n) const {
        for (Node* m = n; m && m->kind() != c10::prim::Return; m = m->next())
            if (auto it = layers_.find(m); it != layers_.end()) return "layer " + it->second;
        return "the network";
    }
    void setLayer(Node* n, const std::string& layer) { layers_.emplace(n, layer); }

private:
    using Handler = std::function<void(Converter&, Node*)>;
    static const std::map<std::string, Handler>& handlers();

    // ---- reading the traced node's arguments
    c10::IValue constant(Node* n, std::size_t i) const {
        const std::optional<c10::IValue> v = torch::jit::toIValue(n->input(i));
        if (!v) throw Error(where(n), std::string(n->kind().toQualString()) + ": argument " + std::to_string(i) + " is computed, not a constant");
        return *v;
    }
    std::int64_t integer(Node* n, std::size_t i) const { return constant(n, i).toInt(); }
    bool boolean(Node* n, std::size_t i) const { return constant(n, i).toBool(); }
    double real(Node* n, std::size_t i) const { return constant(n, i).toScalar().toDouble(); }
    bool none(Node* n, std::size_t i) const { return n->input(i)->type()->kind() == c10::TypeKind::NoneType; }
    std::vector<std::int64_t> integers(Node* n, std::size_t i) const {
        Node* list = n->input(i)->node();
        if (list->kind() == c10::prim::ListConstruct) {
            std::vector<std::int64_t> out;
            for (Value* item : list->inputs()) {
                const std::optional<c10::IValue> v = torch::jit::toIValue(item);
                if (!v || !v->isInt()) throw Error(where(n), std::string(n->kind().toQualString()) + ": a size computed at run time");
                out.push_back(v->toInt());
            }
            return out;
        }
        return constant(n, i).toIntVector();
    }
    /// A 2-D size argument: LibTorch lets one number stand for both dimensions.
    std::vector<std::int64_t> pair(Node* n, std::size_t i) const {
        std::vector<std::int64_t> v = integers(n, i);
        if (v.size() == 1) v.push_back(v[0]);
        if (v.size() != 2) throw Error(where(n), std::string(n->kind().toQualString()) + ": argument " + std::to_string(i) + " is not 2-D");
        return v;
    }
    /// The traced sizes of `v` (complete for a traced tensor).
    std::vector<std::int64_t> sizes(Node* n, Value* v) const {
        const auto type = v->type()->cast<c10::TensorType>();
        if (!type) throw Error(where(n), "a value that is not a tensor");
        const auto s = type->sizes().concrete_sizes();
        if (!s) throw Error(where(n), "a tensor of unknown size");
        return *s;
    }

    // ---- writing ONNX
    std::string fresh(const std::string& stem) { return stem + "_" + std::to_string(counter_++); }
    std::string addTensor(const torch::Tensor& t, const std::string& stem) {
        onnxir::Initializer init;
        init.name = fresh(stem);
        const torch::Tensor c = t.detach().contiguous().cpu();
        init.dims.assign(c.sizes().begin(), c.sizes().end());
        if (c.scalar_type() == torch::kLong) {
            init.type = onnxir::Initializer::Type::Int64;
            init.ints.assign(c.data_ptr<std::int64_t>(), c.data_ptr<std::int64_t>() + c.numel());
        } else {
            const torch::Tensor f = c.to(torch::kFloat);
            init.floats.assign(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
        }
        out_.initializers.push_back(std::move(init));
        return out_.initializers.back().name;
    }
    std::string addScalar(float v) {
        onnxir::Initializer init;
        init.name = fresh("scalar");
        init.floats = {v};
        out_.initializers.push_back(std::move(init));
        return out_.initializers.back().name;
    }
    std::string addInts(std::vector<std::int64_t> v) {
        onnxir::Initializer init;
        init.name = fresh("ints");
        init.type = onnxir::Initializer::Type::Int64;
        init.dims = {static_cast<std::int64_t>(v.size())};
        init.ints = std::move(v);
        out_.initializers.push_back(std::move(init));
        return out_.initializers.back().name;
    }
    /// Emits `op` on `inputs`; its output becomes the name of `result` (when given) and is returned.
    std::string emit(Node* from, const std::string& op, std::vector<std::string> inputs, std::vector<Attribute> attributes = {},
                     Value* result = nullptr) {
        onnxir::Node node;
        node.op = op;
        node.name = fresh(op);
        node.inputs = std::move(inputs);
        node.outputs = {result ? sanitise(result->debugName()) + "_" + std::to_string(counter_++) : fresh(op + "_out")};
        node.attributes = std::move(attributes);
        (void)from;
        out_.nodes.push_back(std::move(node));
        if (result) names_[result] = out_.nodes.back().outputs[0];
        return out_.nodes.back().outputs[0];
    }
    static std::string sanitise(std::string s) {
        for (char& c : s)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
        return s.empty() ? std::string("v") : s;
    }
    void alias(Node* n) { names_[n->output()] = name(n->input(0)); }  // an operation that is the identity here

    // ---- the mappings
    void convolution(Node* n, bool full) {
        // aten::_convolution(x, w, b, stride, padding, dilation, transposed, output_padding, groups, ...)
        // aten::conv2d(x, w, b, stride, padding, dilation, groups)
        if (full && boolean(n, 6)) throw Error(where(n), "a transposed convolution has no mapping in this export");
        const torch::Tensor w = constant(n, 1).toTensor();
        if (w.dim() != 4) throw Error(where(n), "only 2-D convolutions are exported");
        const std::vector<std::int64_t> padding = pair(n, 4);
        std::vector<std::string> inputs{name(n->input(0)), name(n->input(1))};
        if (!none(n, 2)) inputs.push_back(name(n->input(2)));
        emit(n, "Conv", inputs,
             {Attribute::integers("kernel_shape", {w.size(2), w.size(3)}), Attribute::integers("strides", pair(n, 3)),
              Attribute::integers("pads", {padding[0], padding[1], padding[0], padding[1]}), Attribute::integers("dilations", pair(n, 5)),
              Attribute::integer("group", integer(n, full ? 8 : 6))},
             n->output());
    }
    void elementwise(Node* n, const std::string& op) {
        if (n->inputs().size() > 2 && !none(n, 2) && real(n, 2) != 1.0)
            throw Error(where(n), std::string(n->kind().toQualString()) + " with alpha ≠ 1");
        emit(n, op, {name(n->input(0)), name(n->input(1))}, {}, n->output());
    }
    /// clamp(x, lo, hi). With lo = 0 (ReLU6 and the like): Relu(x) − Relu(Relu(x) − hi), exact for activations up to
    /// 2·hi and within a rounding above, because OpenCV DNN 4.6 reads no Clip with bounds as inputs (opset 11+).
    void clip(Node* n, std::optional<double> lo, std::optional<double> hi) {
        const std::string x = name(n->input(0));
        if (lo && *lo == 0.0) {
            if (!hi) {
                emit(n, "Relu", {x}, {}, n->output());
                return;
            }
            const std::string r = emit(n, "Relu", {x});
            const std::string over = emit(n, "Relu", {emit(n, "Sub", {r, addScalar(static_cast<float>(*hi))})});
            emit(n, "Sub", {r, over}, {}, n->output());
            return;
        }
        emit(n, "Clip", {x, lo ? addScalar(static_cast<float>(*lo)) : std::string(), hi ? addScalar(static_cast<float>(*hi)) : std::string()}, {},
             n->output());
    }
    void pool(Node* n, const std::string& op) {
        // max_pool2d(x, kernel, stride, padding, dilation, ceil_mode); avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)
        const std::vector<std::int64_t> kernel = pair(n, 1);
        const std::vector<std::int64_t> stride = integers(n, 2).empty() ? kernel : pair(n, 2);
        const std::vector<std::int64_t> padding = pair(n, 3);
        std::vector<Attribute> a{Attribute::integers("kernel_shape", kernel), Attribute::integers("strides", stride)};
        std::string x = name(n->input(0));
        if (op == "MaxPool") {
            a.push_back(Attribute::integers("pads", {padding[0], padding[1], padding[0], padding[1]}));
            a.push_back(Attribute::integers("dilations", pair(n, 4)));
            a.push_back(Attribute::integer("ceil_mode", boolean(n, 5) ? 1 : 0));
        } else {
            if (!none(n, 6)) throw Error(where(n), "average pooling with a divisor override");
            const bool countPadding = boolean(n, 5);
            if (countPadding && (padding[0] || padding[1])) {
                // The zeros counted in every window: an explicit zero Pad, then a plain average (OpenCV DNN 4.6 drops
                // count_include_pad on a padded AveragePool).
                x = emit(n, "Pad", {x, addInts({0, 0, padding[0], padding[1], 0, 0, padding[0], padding[1]}), addScalar(0.0f)});
            } else {
                a.push_back(Attribute::integers("pads", {padding[0], padding[1], padding[0], padding[1]}));
            }
            a.push_back(Attribute::integer("ceil_mode", boolean(n, 4) ? 1 : 0));
            a.push_back(Attribute::integer("count_include_pad", countPadding ? 1 : 0));
        }
        emit(n, op, {x}, a, n->output());
    }
    void adaptiveAverage(Node* n) {
        const std::vector<std::int64_t> size = integers(n, 1);
        if (size == std::vector<std::int64_t>{1, 1}) {
            emit(n, "GlobalAveragePool", {name(n->input(0))}, {}, n->output());
            return;
        }
        const std::vector<std::int64_t> in = sizes(n, n->input(0));
        if (in.size() != 4 || size.size() != 2 || in[2] % size[0] != 0 || in[3] % size[1] != 0)
            throw Error(where(n), "adaptive average pooling to a size that does not divide the input");
        const std::int64_t kh = in[2] / size[0], kw = in[3] / size[1];
        emit(n, "AveragePool", {name(n->input(0))}, {Attribute::integers("kernel_shape", {kh, kw}), Attribute::integers("strides", {kh, kw})},
             n->output());
    }
    void gated(Node* n, const std::string& gate, std::vector<Attribute> a) {  // x · gate(x): SiLU, Hardswish
        const std::string x = name(n->input(0));
        const std::string g = emit(n, gate, {x}, std::move(a));
        emit(n, "Mul", {x, g}, {}, n->output());
    }
    static Attribute hardSigmoidAlpha() { return Attribute::real("alpha", 1.0f / 6.0f); }
    static Attribute hardSigmoidBeta() { return Attribute::real("beta", 0.5f); }
    void flatten(Node* n) {
        const std::int64_t start = integer(n, 1), end = integer(n, 2);
        const std::int64_t rank = static_cast<std::int64_t>(sizes(n, n->input(0)).size());
        if (!(end == -1 || end == rank - 1)) throw Error(where(n), "flatten that keeps trailing dimensions");
        emit(n, "Flatten", {name(n->input(0))}, {Attribute::integer("axis", start)}, n->output());
    }
    void transpose(Node* n) {  // aten::t: of a weight, done here; else a Transpose
        if (const auto w = torch::jit::toIValue(n->input(0)); w && w->isTensor()) {
            transposed_[n->output()] = n->input(0);  // Gemm takes the weight as it is, with transB (as every reader expects)
            return;
        }
        emit(n, "Transpose", {name(n->input(0))}, {Attribute::integers("perm", {1, 0})}, n->output());
    }
    void addmm(Node* n) {  // bias + x·w (w already transposed)
        if (real(n, 3) != 1.0 || real(n, 4) != 1.0) throw Error(where(n), "addmm with beta or alpha ≠ 1");
        if (const auto t = transposed_.find(n->input(2)); t != transposed_.end()) {
            emit(n, "Gemm", {name(n->input(1)), name(t->second), name(n->input(0))}, {Attribute::integer("transB", 1)}, n->output());
            return;
        }
        emit(n, "Gemm", {name(n->input(1)), name(n->input(2)), name(n->input(0))}, {}, n->output());
    }
    void linear(Node* n) {
        std::vector<std::string> inputs{name(n->input(0)), name(n->input(1))};
        if (!none(n, 2)) inputs.push_back(name(n->input(2)));
        emit(n, "Gemm", inputs, {Attribute::integer("transB", 1)}, n->output());
    }
    void concat(Node* n) {
        Node* list = n->input(0)->node();
        if (list->kind() != c10::prim::ListConstruct) throw Error(where(n), "concatenation of a computed list");
        std::vector<std::string> inputs;
        for (Value* v : list->inputs()) inputs.push_back(name(v));
        emit(n, "Concat", inputs, {Attribute::integer("axis", integer(n, 1))}, n->output());
    }
    void pad(Node* n, bool withMode) {
        // constant_pad_nd(x, pad, value); _pad_enum(x, pad, mode, value): pad = [left, right, top, bottom] for the last two dims
        if (withMode && integer(n, 2) != static_cast<std::int64_t>(at::padding_mode::constant)) throw Error(where(n), "padding other than constant");
        const std::vector<std::int64_t> p = integers(n, 1);
        const std::size_t valueAt = withMode ? 3 : 2;
        const float value = none(n, valueAt) ? 0.0f : static_cast<float>(real(n, valueAt));
        const std::int64_t rank = static_cast<std::int64_t>(sizes(n, n->input(0)).size());
        std::vector<std::int64_t> begins(static_cast<std::size_t>(rank), 0), ends(static_cast<std::size_t>(rank), 0);
        for (std::size_t k = 0; 2 * k + 1 < p.size(); ++k) {
            const std::size_t dim = static_cast<std::size_t>(rank) - 1 - k;
            begins[dim] = p[2 * k];
            ends[dim] = p[2 * k + 1];
        }
        begins.insert(begins.end(), ends.begin(), ends.end());
        emit(n, "Pad", {name(n->input(0)), addInts(begins), addScalar(value)}, {}, n->output());
    }
    void mean(Node* n) {
        if (n->inputs().size() > 3 && !none(n, 3)) throw Error(where(n), "mean with a dtype");
        emit(n, "ReduceMean", {name(n->input(0))},
             {Attribute::integers("axes", integers(n, 1)), Attribute::integer("keepdims", boolean(n, 2) ? 1 : 0)}, n->output());
    }
    void permute(Node* n) { emit(n, "Transpose", {name(n->input(0))}, {Attribute::integers("perm", integers(n, 1))}, n->output()); }
    void select(Node* n) {  // x[..., index, ...] along dim: a Gather with a scalar index drops the dim
        onnxir::Initializer index;
        index.name = fresh("index");
        index.type = onnxir::Initializer::Type::Int64;
        index.ints = {integer(n, 2)};
        out_.initializers.push_back(index);
        emit(n, "Gather", {name(n->input(0)), index.name}, {Attribute::integer("axis", integer(n, 1))}, n->output());
    }
    void unsqueeze(Node* n) { emit(n, "Unsqueeze", {name(n->input(0)), addInts({integer(n, 1)})}, {}, n->output()); }
    void slice(Node* n) {  // slice(x, dim, start, end, step)
        const std::int64_t start = none(n, 2) ? 0 : integer(n, 2);
        const std::int64_t end = none(n, 3) ? std::numeric_limits<std::int64_t>::max() : integer(n, 3);
        emit(n, "Slice", {name(n->input(0)), addInts({start}), addInts({end}), addInts({integer(n, 1)}), addInts({integer(n, 4)})}, {}, n->output());
    }
    void softmax(Node* n) { emit(n, "Softmax", {name(n->input(0))}, {Attribute::integer("axis", integer(n, 1))}, n->output()); }

    onnxir::Graph& out_;
    std::unordered_map<const Value*, std::string> names_;
    std::unordered_map<const Value*, Value*> transposed_;
    std::unordered_map<const Node*, std::string>
        layers_;  ///< the node that made a module call's output → its path  ///< aten::t of a weight: the weight
    std::size_t counter_ = 0;
};

const std::map<std::string, Converter::Handler>& Converter::handlers() {
    static const std::map<std::string, Handler> table = [] {
        std::map<std::string, Handler> t;
        const auto both = [&t](const std::string& op, Handler h) {  // the operation and its in-place form
            t["aten::" + op] = h;
            t["aten::" + op + "_"] = std::move(h);
        };
        t["aten::_convolution"] = [](Converter& c, Node* n) { c.convolution(n, true); };
        t["aten::conv2d"] = [](Converter& c, Node* n) { c.convolution(n, false); };
        both("relu", [](Converter& c, Node* n) { c.emit(n, "Relu", {c.name(n->input(0))}, {}, n->output()); });
        both("relu6", [](Converter& c, Node* n) { c.clip(n, 0.0, 6.0); });
        both("hardtanh", [](Converter& c, Node* n) { c.clip(n, c.real(n, 1), c.real(n, 2)); });
        both("clamp", [](Converter& c, Node* n) {
            c.clip(n, c.none(n, 1) ? std::nullopt : std::optional<double>(c.real(n, 1)),
                   c.none(n, 2) ? std::nullopt : std::optional<double>(c.real(n, 2)));
        });
        both("add", [](Converter& c, Node* n) { c.elementwise(n, "Add"); });
        both("sub", [](Converter& c, Node* n) { c.elementwise(n, "Sub"); });
        both("mul", [](Converter& c, Node* n) { c.elementwise(n, "Mul"); });
        both("div", [](Converter& c, Node* n) { c.elementwise(n, "Div"); });
        both("sigmoid", [](Converter& c, Node* n) { c.emit(n, "Sigmoid", {c.name(n->input(0))}, {}, n->output()); });
        both("silu", [](Converter& c, Node* n) { c.gated(n, "Sigmoid", {}); });
        both("hardsigmoid", [](Converter& c, Node* n) {
            c.emit(n, "HardSigmoid", {c.name(n->input(0))}, {hardSigmoidAlpha(), hardSigmoidBeta()}, n->output());
        });
        both("hardswish", [](Converter& c, Node* n) { c.gated(n, "HardSigmoid", {hardSigmoidAlpha(), hardSigmoidBeta()}); });
        both("dropout", [](Converter& c, Node* n) { c.alias(n); });
        both("feature_dropout", [](Converter& c, Node* n) { c.alias(n); });
        t["aten::contiguous"] = [](Converter& c, Node* n) { c.alias(n); };
        t["aten::max_pool2d"] = [](Converter& c, Node* n) { c.pool(n, "MaxPool"); };
        t["aten::avg_pool2d"] = [](Converter& c, Node* n) { c.pool(n, "AveragePool"); };
        t["aten::adaptive_avg_pool2d"] = [](Converter& c, Node* n) { c.adaptiveAverage(n); };
        t["aten::flatten"] = [](Converter& c, Node* n) { c.flatten(n); };
        t["aten::t"] = [](Converter& c, Node* n) { c.transpose(n); };
        t["aten::addmm"] = [](Converter& c, Node* n) { c.addmm(n); };
        t["aten::linear"] = [](Converter& c, Node* n) { c.linear(n); };
        t["aten::cat"] = [](Converter& c, Node* n) { c.concat(n); };
        t["aten::constant_pad_nd"] = [](Converter& c, Node* n) { c.pad(n, false); };
        t["aten::_pad_enum"] = [](Converter& c, Node* n) { c.pad(n, true); };
        t["aten::mean"] = [](Converter& c, Node* n) { c.mean(n); };
        t["aten::permute"] = [](Converter& c, Node* n) { c.permute(n); };
        t["aten::select"] = [](Converter& c, Node* n) { c.select(n); };
        t["aten::unsqueeze"] = [](Converter& c, Node* n) { c.unsqueeze(n); };
        t["aten::slice"] = [](Converter& c, Node* n) { c.slice(n); };
        t["aten::softmax"] = [](Converter& c, Node* n) { c.softmax(n); };
        return t;
    }();
    return table;
}

}  // namespace

onnxir::Graph traceToOnnx(const torch::nn::Module& root, const std::function<torch::Tensor(const torch::Tensor&)>& forward, int inputSize) {
    torch::NoGradGuard noGrad;
    std::unordered_map<const torch::nn::Module*, std::string> paths;
    for (const auto& item : root.named_modules()) paths.emplace(item.value().get(), item.key());
    std::vector<std::pair<const torch::nn::Module*, torch::jit::Node*>> calls;  // in call order
    const torch::Tensor example = torch::zeros({1, 3, inputSize, inputSize});
    auto traced = torch::jit::tracer::trace(
        {example},
        [&](torch::jit::Stack in) -> torch::jit::Stack {
            models::ShapeTrace shapes;  // run() reports every module call to it, and so to the hook
            models::ModuleCallHook hook([&calls](const torch::nn::Module* module, const torch::Tensor& output) {
                if (torch::jit::tracer::isTracing() && output.defined())
                    calls.emplace_back(module, torch::jit::tracer::getValueTrace(output)->node());
            });
            return {forward(in[0].toTensor())};
        },
        [](const torch::autograd::Variable&) { return std::string(); }, /*strict=*/false, /*force_outplace=*/false);
    const std::shared_ptr<torch::jit::Graph> graph = traced.first->graph;
    onnxir::Graph out;
    out.inputSize = inputSize;
    out.input = "input";
    Converter converter(out);
    for (const auto& [module, node] : calls)  // the innermost call first: it is reported first
        if (const auto path = paths.find(module); path != paths.end() && !path->second.empty()) converter.setLayer(node, path->second);
    converter.setName(graph->inputs()[0], out.input);
    for (Node* n : graph->nodes()) converter.convert(n);
    if (graph->outputs().size() != 1) throw Error("the network", "more than one output");
    out.logits = converter.name(graph->outputs()[0]);
    const torch::Tensor result = traced.second.at(0).toTensor();
    out.classes = static_cast<int>(result.size(1));
    return out;
}

}  // namespace tl::onnx_export

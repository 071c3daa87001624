#pragma once
// A network as ONNX nodes, between the two halves of the ONNX export: onnx_trace.cpp (LibTorch: traces the
// network and maps each ATen operation to ONNX operators) fills it; onnx_write.cpp (libonnx, no LibTorch)
// turns it into a checked ModelProto. Plain C++: neither half's headers reach the other.

#include <cstdint>
#include <string>
#include <vector>

namespace tl::onnxir {

struct Attribute {
    enum class Kind { Int, Float, Ints, String };
    std::string name;
    Kind kind = Kind::Int;
    std::int64_t i = 0;
    float f = 0.0f;
    std::vector<std::int64_t> ints;
    std::string s;

    static Attribute integer(std::string name, std::int64_t v) { return {std::move(name), Kind::Int, v, 0.0f, {}, {}}; }
    static Attribute real(std::string name, float v) { return {std::move(name), Kind::Float, 0, v, {}, {}}; }
    static Attribute integers(std::string name, std::vector<std::int64_t> v) { return {std::move(name), Kind::Ints, 0, 0.0f, std::move(v), {}}; }
};

struct Node {
    std::string op;                   ///< ONNX operator type (default domain)
    std::string name;                 ///< unique; the layer it came from where known
    std::vector<std::string> inputs;  ///< "" for an absent optional input
    std::vector<std::string> outputs;
    std::vector<Attribute> attributes;
};

/// A constant tensor: float32 weights or int64 shapes/indices.
struct Initializer {
    enum class Type { Float, Int64 };
    std::string name;
    Type type = Type::Float;
    std::vector<std::int64_t> dims;
    std::vector<float> floats;
    std::vector<std::int64_t> ints;
};

/// The traced network: from `input` (float32 [N, 3, size, size], normalised as the recipe says) to `logits`
/// ([N, classes]).
struct Graph {
    std::vector<Node> nodes;
    std::vector<Initializer> initializers;
    std::string input;
    std::string logits;
    int inputSize = 0;
    int classes = 0;
};

}  // namespace tl::onnxir

#include "export/onnx_sidecar.h"

#include "tl/version.h"

#include <cstdio>
#include <sstream>

namespace tl::onnx_export {

namespace {

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string triple(const std::array<float, 3>& v) { return "[" + number(v[0]) + ", " + number(v[1]) + ", " + number(v[2]) + "]"; }

std::string pillowFilter(const std::string& interpolation) {
    if (interpolation == "nearest") return "Image.NEAREST";
    if (interpolation == "bicubic") return "Image.BICUBIC";
    if (interpolation == "lanczos") return "Image.LANCZOS";
    return "Image.BILINEAR";
}

std::string geometryInWords(const Preprocessing& r) {
    const std::string s = std::to_string(r.inputSize);
    if (r.geometry == "resize_crop")
        return "the shorter side resized to " + std::to_string(r.resizeSize) + " (" + r.interpolation +
               ", antialiased, as Pillow), then the centre " + s + " × " + s + " crop";
    if (r.geometry == "resize") return "resized straight to " + s + " × " + s + " (" + r.interpolation + ", as Keras' load_img)";
    return "the centre " + s + " × " + s + " cropped, or zero-padded where the image is smaller (no scaling)";
}

/// Python lines that turn `img` (a PIL RGB image) into the crop the network sees.
std::string pythonGeometry(const Preprocessing& r) {
    const std::string s = std::to_string(r.inputSize), f = pillowFilter(r.interpolation);
    if (r.geometry == "resize_crop") {
        const std::string resize = std::to_string(r.resizeSize);
        std::string py = "short = min(img.size)  # the shorter side to " + resize + ", the other truncated (torchvision's Resize)\n";
        py += "img = img.resize((img.width * " + resize + " // short, img.height * " + resize + " // short), " + f + ")\n";
        py += "left, top = round((img.width - " + s + ") / 2), round((img.height - " + s + ") / 2)\n";
        py += "img = img.crop((left, top, left + " + s + ", top + " + s + "))\n";
        return py;
    }
    if (r.geometry == "resize") return "img = img.resize((" + s + ", " + s + "), " + f + ")\n";
    return "left, top = (img.width - " + s + ") // 2, (img.height - " + s +
           ") // 2\n"
           "img = img.crop((left, top, left + " +
           s + ", top + " + s + "))  # PIL pads with black where the image is smaller\n";
}

}  // namespace

std::string sidecarMarkdown(const SidecarFacts& facts, const OnnxExport& result) {
    const Preprocessing& r = facts.recipe;
    const std::string s = std::to_string(r.inputSize);
    const bool raw = result.inputName == "image";
    std::ostringstream md;
    md << "# " << facts.fileName << "\n\n"
       << "Exported by Transfer Studio " << kVersion << " from " << facts.modelName << " (" << facts.arch << "), " << facts.classes
       << " classes: ONNX opset " << result.opset << ", BatchNorm folded into the convolutions"
       << (result.float16 ? ", weights stored as float16 (computed in float32)" : "") << ".\n\n"
       << "- **Input** `" << result.inputName << "`: "
       << (raw ? "uint8 [batch, " + s + ", " + s + ", 3], RGB: the crop itself; the normalisation is inside the model."
               : "float32 [batch, 3, " + s + ", " + s + "], normalised as below.")
       << "\n- **Outputs** `logits` and `probabilities` (their softmax), float32 [batch, " << facts.classes << "].\n"
       << "- **Class names**, in output order: the metadata entry `transfer_studio.classes` (JSON).\n"
       << "- **Preprocessing** (also in the metadata, `transfer_studio.preprocessing`): " << geometryInWords(r) << "; then "
       << (r.bgr ? "the channels in BGR order, " : "") << "each value as (pixel / " << number(r.divisor) << " − mean) / std with mean "
       << triple(r.mean) << " and std " << triple(r.std) << (raw ? " (done by the model)" : "") << ".\n\n";
    const OnnxParity& p = result.parity;
    if (p.images > 0)
        md << "**Checked** in " << p.runtime << " on " << p.images << " images against the app: top-1 the same on " << p.agreeing << " of "
           << p.images << ", largest |Δ probability| " << number(p.maxAbsDiff) << " (mean " << number(p.meanAbsDiff) << ", bound " << number(p.bound)
           << "): " << (p.passed ? "passed" : "**failed**") << ". The report is " << facts.fileName << ".parity.json.\n\n";
    else md << "**Checked**: ONNX's checker and shape inference; no images were given for a parity check.\n\n";

    md << "## ONNX Runtime (Python)\n\n```python\n"
       << "import json, numpy as np, onnxruntime as ort\nfrom PIL import Image\n"
       << "session = ort.InferenceSession(\"" << facts.fileName << "\")\n"
       << "classes = json.loads(session.get_modelmeta().custom_metadata_map[\"transfer_studio.classes\"])\n"
       << "img = Image.open(\"photo.jpg\").convert(\"RGB\")\n"
       << pythonGeometry(r);
    if (raw) {
        md << "x = np.asarray(img, dtype=np.uint8)[None]  # [1, " << s << ", " << s << ", 3]\n";
    } else {
        md << "x = ((np.asarray(img, dtype=np.float32)" << (r.bgr ? "[..., ::-1]" : "") << " / " << number(r.divisor) << " - np.float32("
           << triple(r.mean) << ")) / np.float32(" << triple(r.std) << ")).transpose(2, 0, 1)[None].astype(np.float32)\n";
    }
    md << "p = session.run([\"probabilities\"], {\"" << result.inputName << "\": x})[0][0]\n"
       << "print(classes[int(p.argmax())], float(p.max()))\n```\n\n";

    md << "## OpenCV DNN (C++)\n\n```cpp\n"
       << "#include <opencv2/dnn.hpp>\n#include <opencv2/imgcodecs.hpp>\n#include <opencv2/imgproc.hpp>\n#include <iostream>\n\n"
       << "int main() {\n"
       << "    cv::dnn::Net net = cv::dnn::readNetFromONNX(\"" << facts.fileName << "\");\n"
       << "    cv::Mat rgb;\n    cv::cvtColor(cv::imread(\"photo.jpg\"), rgb, cv::COLOR_BGR2RGB);\n";
    if (r.geometry == "resize_crop") {
        md << "    const double k = " << r.resizeSize << ".0 / std::min(rgb.cols, rgb.rows);  // the shorter side to " << r.resizeSize << "\n"
           << "    cv::resize(rgb, rgb, cv::Size(int(rgb.cols * k), int(rgb.rows * k)), 0, 0, cv::INTER_AREA);\n"
           << "    cv::Mat crop = rgb(cv::Rect((rgb.cols - " << s << ") / 2, (rgb.rows - " << s << ") / 2, " << s << ", " << s << ")).clone();\n";
    } else {
        md << "    cv::Mat crop;\n    cv::resize(rgb, crop, cv::Size(" << s << ", " << s << "), 0, 0, cv::INTER_AREA);\n";
    }
    if (raw) {
        md << "    const int dims[4] = {1, " << s << ", " << s << ", 3};\n"
           << "    net.setInput(cv::Mat(4, dims, CV_8U, crop.data));  // the model normalises\n";
    } else {
        md << "    cv::Mat f;\n    crop.convertTo(f, CV_32F, 1.0 / " << number(r.divisor) << ");\n";
        if (r.bgr) md << "    cv::cvtColor(f, f, cv::COLOR_RGB2BGR);\n";
        md << "    cv::subtract(f, cv::Scalar(" << number(r.mean[0]) << ", " << number(r.mean[1]) << ", " << number(r.mean[2]) << "), f);\n"
           << "    cv::divide(f, cv::Scalar(" << number(r.std[0]) << ", " << number(r.std[1]) << ", " << number(r.std[2]) << "), f);\n"
           << "    net.setInput(cv::dnn::blobFromImage(f));  // HWC → [1, 3, " << s << ", " << s << "]\n";
    }
    md << "    cv::Mat p = net.forward(\"probabilities\");\n"
       << "    cv::Point best;\n    double probability;\n    cv::minMaxLoc(p, nullptr, &probability, nullptr, &best);\n"
       << "    std::cout << \"class \" << best.x << \": \" << probability << \"\\n\";  // names: the metadata's transfer_studio.classes\n}\n```\n\n"
       << "OpenCV's resize is not Pillow's antialiased one: expect probabilities a little different from the app's on photos much larger than "
       << "the input; the model itself is the same. OpenCV DNN 4.6 runs this model one image at a time.\n";
    return md.str();
}

}  // namespace tl::onnx_export

#pragma once
// Model files made by hand, byte by byte, for the suites that check how damaged or hostile ones are refused:
// safetensors with a chosen __metadata__ (the model file's) and zero-filled float32 tensors of chosen shapes.
// No LibTorch here: the CLI suite uses it too.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tltest {

/// The metadata of a valid model file of resnet18 with two classes and a linear head, as saveModelFile writes
/// it; a test replaces one entry to make it hostile.
inline std::map<std::string, std::string> validModelMetadata() {
    return {{"format", "transfer-studio-model"},
            {"arch", "resnet18"},
            {"base_model", "resnet18"},
            {"classes", R"(["cat","dog"])"},
            {"preprocessing", R"({"bgr":false,"divisor":255.0,"geometry":"resize_crop","input_size":224,"interpolation":"bilinear",)"
                              R"("mean":[0.485,0.456,0.406],"preprocessing":"torchvision","resize_size":256,"std":[0.229,0.224,0.225]})"},
            {"head", R"({"dropout":0.5,"hidden":256,"kind":"linear"})"},
            {"epochs", "3"},
            {"transform_input", "false"}};
}

/// Writes a safetensors file holding `metadata` and zero float32 tensors of the given shapes. True on success.
inline bool writeModelFile(const QString& path, const std::map<std::string, std::string>& metadata,
                           const std::vector<std::pair<std::string, std::vector<std::int64_t>>>& tensors = {}) {
    QJsonObject header, meta;
    for (const auto& [key, value] : metadata) meta.insert(QString::fromStdString(key), QString::fromStdString(value));
    header.insert(QStringLiteral("__metadata__"), meta);
    std::int64_t offset = 0;
    for (const auto& [name, shape] : tensors) {
        std::int64_t numel = 1;
        QJsonArray dims;
        for (const auto d : shape) {
            numel *= d;
            dims.append(static_cast<qint64>(d));
        }
        header.insert(QString::fromStdString(name),
                      QJsonObject{{QStringLiteral("dtype"), QStringLiteral("F32")},
                                  {QStringLiteral("shape"), dims},
                                  {QStringLiteral("data_offsets"), QJsonArray{qint64(offset), qint64(offset + 4 * numel)}}});
        offset += 4 * numel;
    }
    QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    while (json.size() % 8) json.append(' ');
    const std::uint64_t n = static_cast<std::uint64_t>(json.size());
    QByteArray bytes;
    for (int i = 0; i < 8; ++i) bytes.append(static_cast<char>((n >> (8 * i)) & 0xff));
    bytes.append(json);
    bytes.append(QByteArray(static_cast<qsizetype>(offset), '\0'));
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

}  // namespace tltest

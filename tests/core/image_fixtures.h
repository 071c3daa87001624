#pragma once
// Access to the fixtures make_image_fixtures.py writes (TL_TEST_TMP/images): the manifest and raw files.

#include <nlohmann/json.hpp>

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fixtures {

/// TL_IMAGE_FIXTURES, set by CTest for suites outside tests/core; else this suite's TL_TEST_TMP/images.
inline std::string dir() {
    const QString set = qEnvironmentVariable("TL_IMAGE_FIXTURES");
    return set.isEmpty() ? qEnvironmentVariable("TL_TEST_TMP").toStdString() + "/images" : set.toStdString();
}
inline std::string path(const std::string& name) { return dir() + "/" + name; }

template <typename T>
std::vector<T> readRaw(const std::string& name) {
    std::ifstream in(path(name), std::ios::binary | std::ios::ate);
    if (!in) throw std::runtime_error("missing fixture " + path(name));
    const auto bytes = static_cast<std::size_t>(in.tellg());
    std::vector<T> v(bytes / sizeof(T));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(bytes));
    return v;
}

inline const nlohmann::json& manifest() {
    static const nlohmann::json m = [] {
        std::ifstream in(path("manifest.json"));
        if (!in) throw std::runtime_error("missing " + path("manifest.json") + " (run the image_fixtures test first)");
        return nlohmann::json::parse(in);
    }();
    return m;
}

}  // namespace fixtures

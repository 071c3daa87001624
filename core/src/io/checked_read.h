#pragma once
// Numbers and JSON values read from a file, checked before they are used. A value of the wrong type, out of
// its range, NaN or infinite is refused with a tl::Error naming the place, the field, the value seen and the
// allowed range: "model.safetensors: 'head.hidden' is 2000000000; a hidden layer has 1 to 65536 units".
// Nothing else escapes: no std::out_of_range from std::stoi, no nlohmann::json exception from get<>().
// Each file format defines its limits in one place, each with the reason for it; these helpers apply them.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tl::io {

/// The allowed range of a number and what it is: `rule` is the end of the message, with "{}" where the range
/// goes ("a hidden layer has {} units" → "a hidden layer has 1 to 65536 units"). An open end excludes its
/// bound ("a dropout rate is {}" with maxOpen → "a dropout rate is at least 0 and below 1").
template <typename T>
struct Limit {
    T min;
    T max;
    const char* rule;
    bool minOpen = false;
    bool maxOpen = false;
};

/// The rule of `limit` with its range written in: "a hidden layer has 1 to 65536 units".
std::string describe(const Limit<double>& limit);
template <typename T>
std::string describe(const Limit<T>& limit);

/// `value` when it lies in `limit` (NaN never does); else tl::Error(where, "'field' is <value>; <rule>").
double checked(double value, const std::string& where, const std::string& field, const Limit<double>& limit);
template <typename T>
T checked(T value, const std::string& where, const std::string& field, const Limit<T>& limit);

/// A whole number written in decimal (all of `text`: an optional '-' and digits, nothing else) in `limit`.
std::int64_t parseInteger(std::string_view text, const std::string& where, const std::string& field, const Limit<std::int64_t>& limit);

/// Member `key` of JSON object `object` (`field` names the object; "" for the top level). Throws tl::Error
/// naming the member when `object` is not an object or has no such member.
const nlohmann::json& member(const nlohmann::json& object, const char* key, const std::string& where, const std::string& field);
/// A JSON integer, or a number with a whole value (5.0), in `limit`. T: int, std::int64_t, std::uint64_t.
template <typename T>
T jsonInteger(const nlohmann::json& value, const std::string& where, const std::string& field, const Limit<T>& limit);
/// A finite JSON number in `limit`.
double jsonNumber(const nlohmann::json& value, const std::string& where, const std::string& field, const Limit<double>& limit);
/// A JSON string of at most `maxBytes` bytes.
std::string jsonString(const nlohmann::json& value, const std::string& where, const std::string& field, std::size_t maxBytes);
/// A JSON true or false.
bool jsonBool(const nlohmann::json& value, const std::string& where, const std::string& field);

/// Parses `text` as JSON; tl::Error naming `field` when it is not valid JSON.
nlohmann::json parseJson(std::string_view text, const std::string& where, const std::string& field);

}  // namespace tl::io

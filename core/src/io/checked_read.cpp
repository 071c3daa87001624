#include "io/checked_read.h"

#include "tl/error.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>
#include <type_traits>

namespace tl::io {

namespace {

std::string numberText(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "infinity" : "-infinity";
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);  // shortest text that reads back exactly
    return ec == std::errc() ? std::string(buffer, end) : std::to_string(v);
}

template <typename T>
std::string numberText(T v) {
    return std::to_string(v);
}

template <typename T>
std::string rangeText(const Limit<T>& l) {
    const std::string lo = numberText(l.min), hi = numberText(l.max);
    if (!l.minOpen && !l.maxOpen) return lo + " to " + hi;
    return (l.minOpen ? "above " : "at least ") + lo + (l.maxOpen ? " and below " : " and at most ") + hi;
}

template <typename T>
std::string describeLimit(const Limit<T>& l) {
    std::string rule = l.rule;
    const auto at = rule.find("{}");
    return at == std::string::npos ? rule + " (" + rangeText(l) + ")" : rule.replace(at, 2, rangeText(l));
}

[[noreturn]] void refuse(const std::string& where, const std::string& field, const std::string& seen, const std::string& rule) {
    throw Error(where, "'" + field + "' is " + seen + "; " + rule);
}

/// A JSON value as a message shows it: its text, cut short when long.
std::string shown(const nlohmann::json& v) {
    std::string text = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
}

/// As shown(), saying what it is when it is not a number.
std::string jsonText(const nlohmann::json& v) { return v.is_number() ? shown(v) : shown(v) + " (" + v.type_name() + ", not a number)"; }

/// a < b and a == b for integers of any signedness, compared as numbers (C++20's std::cmp_less; core builds as
/// C++17 for the fuzzers too).
template <typename A, typename B>
constexpr bool less(A a, B b) {
    if constexpr (std::is_signed_v<A> == std::is_signed_v<B>) return a < b;
    else if constexpr (std::is_signed_v<A>) return a < 0 || static_cast<std::make_unsigned_t<A>>(a) < b;
    else return b > 0 && a < static_cast<std::make_unsigned_t<B>>(b);
}
template <typename A, typename B>
constexpr bool equal(A a, B b) {
    return !less(a, b) && !less(b, a);
}

template <typename T, typename V>
bool integerIn(V v, const Limit<T>& l) {
    return !less(v, l.min) && !less(l.max, v) && (!l.minOpen || !equal(v, l.min)) && (!l.maxOpen || !equal(v, l.max));
}

}  // namespace

std::string describe(const Limit<double>& limit) { return describeLimit(limit); }

template <typename T>
std::string describe(const Limit<T>& limit) {
    return describeLimit(limit);
}

double checked(double value, const std::string& where, const std::string& field, const Limit<double>& l) {
    const bool above = l.minOpen ? value > l.min : value >= l.min;
    const bool below = l.maxOpen ? value < l.max : value <= l.max;
    if (!(above && below)) refuse(where, field, numberText(value), describe(l));  // NaN fails both
    return value;
}

template <typename T>
T checked(T value, const std::string& where, const std::string& field, const Limit<T>& l) {
    if (!integerIn(value, l)) refuse(where, field, numberText(value), describe(l));
    return value;
}

std::int64_t parseInteger(std::string_view text, const std::string& where, const std::string& field, const Limit<std::int64_t>& l) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || stop != end) {
        std::string seen(text.substr(0, 40));
        if (text.size() > 40) seen += "...";
        refuse(where, field, "'" + seen + "'" + (ec == std::errc::result_out_of_range ? "" : ", not a whole number"), describe(l));
    }
    return checked(value, where, field, l);
}

const nlohmann::json& member(const nlohmann::json& object, const char* key, const std::string& where, const std::string& field) {
    const std::string name = field.empty() ? std::string(key) : field + "." + key;
    if (!object.is_object()) throw Error(where, "'" + (field.empty() ? std::string("the document") : field) + "' is not a JSON object");
    const auto it = object.find(key);
    if (it == object.end()) throw Error(where, "'" + name + "' is missing");
    return *it;
}

template <typename T>
T jsonInteger(const nlohmann::json& v, const std::string& where, const std::string& field, const Limit<T>& l) {
    if (v.is_number_unsigned()) {
        const auto u = v.get<std::uint64_t>();
        if (integerIn(u, l)) return static_cast<T>(u);
    } else if (v.is_number_integer()) {
        const auto s = v.get<std::int64_t>();
        if (integerIn(s, l)) return static_cast<T>(s);
    } else if (v.is_number_float()) {
        // A whole number written with a fraction (5.0); converted only when it fits, so never undefined.
        const double d = v.get<double>();
        constexpr double kTwo63 = 9223372036854775808.0, kTwo64 = 18446744073709551616.0;
        if (std::isfinite(d) && std::trunc(d) == d) {
            if (d >= -kTwo63 && d < kTwo63 && integerIn(static_cast<std::int64_t>(d), l)) return static_cast<T>(static_cast<std::int64_t>(d));
            if (d >= kTwo63 && d < kTwo64 && integerIn(static_cast<std::uint64_t>(d), l)) return static_cast<T>(static_cast<std::uint64_t>(d));
        } else if (std::isfinite(d)) {
            refuse(where, field, jsonText(v) + ", not a whole number", describe(l));
        }
    }
    refuse(where, field, jsonText(v), describe(l));
}

double jsonNumber(const nlohmann::json& v, const std::string& where, const std::string& field, const Limit<double>& l) {
    if (!v.is_number()) refuse(where, field, jsonText(v), describe(l));
    return checked(v.get<double>(), where, field, l);
}

std::string jsonString(const nlohmann::json& v, const std::string& where, const std::string& field, std::size_t maxBytes) {
    if (!v.is_string()) throw Error(where, "'" + field + "' is " + shown(v) + " (" + v.type_name() + "); it must be text");
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() > maxBytes)
        throw Error(where, "'" + field + "' is " + std::to_string(s.size()) + " bytes long; at most " + std::to_string(maxBytes) + " are allowed");
    return s;
}

bool jsonBool(const nlohmann::json& v, const std::string& where, const std::string& field) {
    if (!v.is_boolean()) throw Error(where, "'" + field + "' is " + shown(v) + "; it must be true or false");
    return v.get<bool>();
}

nlohmann::json parseJson(std::string_view text, const std::string& where, const std::string& field) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(where, "'" + field + "' is not valid JSON (" + e.what() + ")");
    }
}

template std::string describe(const Limit<int>&);
template std::string describe(const Limit<std::int64_t>&);
template std::string describe(const Limit<std::uint64_t>&);
template int checked(int, const std::string&, const std::string&, const Limit<int>&);
template std::int64_t checked(std::int64_t, const std::string&, const std::string&, const Limit<std::int64_t>&);
template std::uint64_t checked(std::uint64_t, const std::string&, const std::string&, const Limit<std::uint64_t>&);
template int jsonInteger(const nlohmann::json&, const std::string&, const std::string&, const Limit<int>&);
template std::int64_t jsonInteger(const nlohmann::json&, const std::string&, const std::string&, const Limit<std::int64_t>&);
template std::uint64_t jsonInteger(const nlohmann::json&, const std::string&, const std::string&, const Limit<std::uint64_t>&);

}  // namespace tl::io

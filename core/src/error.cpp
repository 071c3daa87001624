#include "tl/error.h"

namespace tl {

Error::Error(const std::string& what) : std::runtime_error(what) {}

Error::Error(const std::string& where, const std::string& what)
    : std::runtime_error(where.empty() ? what : where + ": " + what), where_(where) {}

}  // namespace tl

#include "tl/error.h"

namespace tl {

Error::Error(const std::string& what) : std::runtime_error(what) {}

Error::Error(const std::string& where, const std::string& what) : std::runtime_error(where.empty() ? what : where + ": " + what), where_(where) {}

std::string Error::detail() const {
    const std::string message = what();
    return where_.empty() ? message : message.substr(where_.size() + 2);
}

}  // namespace tl

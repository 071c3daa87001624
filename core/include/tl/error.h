#pragma once
// tl::Error is the one exception type core throws for anything a user can cause (a bad file, a missing
// key, an impossible setting). Its message says what went wrong and where: the file, key or layer.

#include <stdexcept>
#include <string>

namespace tl {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what);
    /// `where` is the file, key or layer the problem is about; it is prefixed to the message.
    Error(const std::string& where, const std::string& what);

    /// The part of the message that names the place, empty when none was given.
    const std::string& where() const noexcept { return where_; }
    /// The message without the place: for lists that already name it (a skipped file and its reason).
    std::string detail() const;

private:
    std::string where_;
};

/// Thrown when the user stopped a long operation (a progress callback returned false). Whatever can be
/// resumed is kept; callers that treat cancelling as a normal outcome catch this before tl::Error.
class Cancelled : public Error {
public:
    using Error::Error;
};

}  // namespace tl

#pragma once
// Incremental SHA-256 (OpenSSL's EVP API), for hashing a file while it is downloaded or copied.

#include <cstddef>
#include <memory>
#include <string>

namespace tl::weights {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, size_t size);
    /// The digest as 64 lowercase hex digits; the hasher is spent afterwards.
    std::string hexDigest();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tl::weights

#include "weights/sha256.h"

#include "tl/error.h"
#include "tl/weight_store.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace tl::weights {

struct Sha256::Impl {
    EVP_MD_CTX* ctx = nullptr;
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
    impl_->ctx = EVP_MD_CTX_new();
    if (impl_->ctx == nullptr || EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(impl_->ctx);
        throw Error("SHA-256", "OpenSSL could not set up a SHA-256 digest");
    }
}

Sha256::~Sha256() { EVP_MD_CTX_free(impl_->ctx); }

void Sha256::update(const void* data, size_t size) {
    if (size > 0 && EVP_DigestUpdate(impl_->ctx, data, size) != 1) throw Error("SHA-256", "OpenSSL failed to hash data");
}

std::string Sha256::hexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(impl_->ctx, digest, &length) != 1) throw Error("SHA-256", "OpenSSL failed to finish a digest");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0x0f]);
    }
    return hex;
}

}  // namespace tl::weights

namespace tl {

std::string sha256File(const std::string& path) {
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) throw Error(path, std::string("cannot open for hashing: ") + std::strerror(errno));
    weights::Sha256 hasher;
    std::vector<char> buffer(1 << 20);
    size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) hasher.update(buffer.data(), n);
    if (std::ferror(file.get()) != 0) throw Error(path, std::string("read error while hashing: ") + std::strerror(errno));
    return hasher.hexDigest();
}

std::string sha256Hex(std::string_view bytes) {
    weights::Sha256 hasher;
    hasher.update(bytes.data(), bytes.size());
    return hasher.hexDigest();
}

}  // namespace tl

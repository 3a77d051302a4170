// HMAC-SHA256 signatures of webhook bodies (see signature.hpp), with OpenSSL.
#include "webhook/signature.hpp"

#include <array>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace roadmapd::webhook {
namespace {

constexpr std::string_view prefix = "sha256=";
using digest = std::array<unsigned char, 32>;

digest hmac_sha256(std::string_view key, std::string_view body) {
  digest out{};
  unsigned int length = 0;
  // OpenSSL wants a non-null key pointer even for an empty key.
  static const unsigned char empty = 0;
  const auto* key_bytes = key.empty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
  if (!HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char*>(body.data()), body.size(), out.data(), &length) ||
      length != out.size()) {
    throw std::runtime_error("OpenSSL could not compute an HMAC-SHA256");
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool signature_matches(std::string_view header_value, std::string_view body, const std::vector<std::string>& secrets) {
  if (!header_value.starts_with(prefix)) return false;
  const std::string_view hex = header_value.substr(prefix.size());
  digest expected{};
  if (hex.size() != expected.size() * 2) return false;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const int hi = hex_value(hex[2 * i]);
    const int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    expected[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  // Every secret is tried, so the time taken does not tell which one (if any) matched.
  bool matched = false;
  for (const auto& secret : secrets) {
    const digest actual = hmac_sha256(secret, body);
    matched |= CRYPTO_memcmp(actual.data(), expected.data(), expected.size()) == 0;
  }
  return matched;
}

std::string sign(std::string_view body, std::string_view secret) {
  static constexpr char digits[] = "0123456789abcdef";
  const digest d = hmac_sha256(secret, body);
  std::string out(prefix);
  for (unsigned char b : d) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xf]);
  }
  return out;
}

}  // namespace roadmapd::webhook

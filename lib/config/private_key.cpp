// read_private_key_file (see private_key.hpp).
#include "config/private_key.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace roadmapd::config {
namespace {

// Refuses to ask for a passphrase: OpenSSL would otherwise prompt on the terminal.
int no_passphrase(char*, int, int, void*) { return -1; }

std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no further detail";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

}  // namespace

result<std::string> read_private_key_file(const std::filesystem::path& path) {
  const std::string quoted = "\"" + path.string() + "\"";
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return make_error("cannot read " + quoted + ": it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot read " + quoted + ": " + std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  std::string pem = content.str();
  if (pem.find_first_not_of(" \t\r\n") == std::string::npos) {
    return make_error(quoted + " is empty (it should hold the App's private key in PEM form)");
  }
  ERR_clear_error();
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, &no_passphrase, nullptr) : nullptr, &EVP_PKEY_free);
  if (!key) {
    return make_error(quoted + " does not hold a usable private key (OpenSSL: " + openssl_reason() +
                      "); name the unencrypted .pem file generated under the App's \"Private keys\"");
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return make_error(quoted + " holds a private key that is not RSA: GitHub App keys are RSA keys");
  }
  return pem;
}

}  // namespace roadmapd::config

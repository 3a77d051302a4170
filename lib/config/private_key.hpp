// Reading a GitHub App's private key file: checked with OpenSSL at load time, so that a wrong or
// damaged file stops start-up with the config's other errors. Messages name the path, never the content.
#pragma once

#include <filesystem>
#include <string>

#include "util/result.hpp"

namespace roadmapd::config {

// The file's PEM text if it holds an unencrypted RSA private key (GitHub's "RSA PRIVATE KEY" file,
// or PKCS#8 "PRIVATE KEY"); otherwise an error naming the path and what is wrong.
result<std::string> read_private_key_file(const std::filesystem::path& path);

}  // namespace roadmapd::config

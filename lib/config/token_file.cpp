// Resolves and reads the token file without letting its content reach a message.
#include "config/token_file.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace roadmapd::config {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string quoted(const std::filesystem::path& path) { return "\"" + path.string() + "\""; }

// The content without surrounding whitespace; `holds` says what the file is for, in messages.
result<std::string> read_trimmed(const std::filesystem::path& path, std::string_view holds) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return make_error("cannot read " + quoted(path) + ": it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot read " + quoted(path) + ": " + std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  const auto first = std::find_if_not(text.begin(), text.end(), is_space);
  const auto last = std::find_if_not(text.rbegin(), text.rend(), is_space).base();
  if (first >= last) {
    return make_error(quoted(path) + " is empty (it should hold " + std::string(holds) + " and nothing else)");
  }
  return std::string(first, last);
}

}  // namespace

std::filesystem::path resolve_path(std::string_view written, const std::filesystem::path& anchor) {
  std::filesystem::path p(written);
  if (p.is_relative()) p = anchor / p;
  return std::filesystem::absolute(p).lexically_normal();
}

bool looks_like_token(std::string_view text) {
  // Prefixes GitHub documents for its token kinds (personal, OAuth, user-to-server,
  // server-to-server, refresh, fine-grained personal).
  constexpr std::array<std::string_view, 6> prefixes{"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"};
  for (std::string_view prefix : prefixes) {
    if (text.find(prefix) != std::string_view::npos) return true;
  }
  // Classic OAuth tokens were 40 hex digits with no prefix.
  if (text.size() == 40 && text.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos) return true;
  return false;
}

result<std::string> read_token_file(const std::filesystem::path& path) {
  auto token = read_trimmed(path, "the token");
  if (!token) return token;
  if (std::any_of(token->begin(), token->end(), [](char c) { return is_space(c) || static_cast<unsigned char>(c) < 0x20; })) {
    return make_error(quoted(path) + " holds more than one word (it should hold the token and nothing else)");
  }
  return token;
}

result<std::string> read_secret_file(const std::filesystem::path& path) {
  auto secret = read_trimmed(path, "the webhook secret");
  if (!secret) return secret;
  if (std::any_of(secret->begin(), secret->end(), [](char c) { return c == '\n' || c == '\r'; })) {
    return make_error(quoted(path) + " holds more than one line (it should hold the webhook secret and nothing else)");
  }
  return secret;
}

}  // namespace roadmapd::config

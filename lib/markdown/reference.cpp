// find_reference: GitHub's issue reference forms, recognised by a small hand-written scanner
// (a regex would need look-behind for the word-boundary rules).
#include <charconv>
#include <limits>

#include "markdown/task_list.hpp"

namespace roadmapd::markdown {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) { return is_alnum(c) || c == '_'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// A reference may not continue a word or a path: "abc#1", "a/b/c#1" and "&#1" are not references.
bool starts_token(std::string_view s, std::size_t i) {
  if (i == 0) return true;
  char prev = s[i - 1];
  return !is_word(prev) && prev != '/' && prev != '#' && prev != '&' && prev != '-' && prev != '.';
}

// Parses the issue number at s[i...]; it must end the token ("#12abc" is not a reference).
std::optional<int> number_at(std::string_view s, std::size_t i, std::size_t& end) {
  std::size_t j = i;
  while (j < s.size() && is_digit(s[j])) ++j;
  if (j == i || (j < s.size() && is_word(s[j]))) return std::nullopt;
  int n = 0;
  auto [ptr, ec] = std::from_chars(s.data() + i, s.data() + j, n);
  if (ec != std::errc{} || n <= 0) return std::nullopt;
  end = j;
  return n;
}

std::size_t take(std::string_view s, std::size_t i, bool (*allowed)(char)) {
  while (i < s.size() && allowed(s[i])) ++i;
  return i;
}
bool owner_char(char c) { return is_alnum(c) || c == '-'; }
bool repo_char(char c) { return is_alnum(c) || c == '-' || c == '_' || c == '.'; }
bool url_char(char c) { return !is_space(c) && c != '<' && c != '>'; }

// https://host/owner/repo/(issues|pull)/123[anything]
std::optional<reference> url_at(std::string_view s, std::size_t i) {
  std::size_t j = i;
  if (s.substr(j).starts_with("https://")) j += 8;
  else if (s.substr(j).starts_with("http://")) j += 7;
  else return std::nullopt;
  std::size_t host_end = s.find('/', j);
  if (host_end == std::string_view::npos || host_end == j) return std::nullopt;
  for (std::size_t k = j; k < host_end; ++k)
    if (!url_char(s[k])) return std::nullopt;
  std::size_t owner_begin = host_end + 1;
  std::size_t owner_end = take(s, owner_begin, owner_char);
  if (owner_end == owner_begin || owner_end >= s.size() || s[owner_end] != '/') return std::nullopt;
  std::size_t repo_begin = owner_end + 1;
  std::size_t repo_end = take(s, repo_begin, repo_char);
  if (repo_end == repo_begin || repo_end >= s.size() || s[repo_end] != '/') return std::nullopt;
  std::string_view rest = s.substr(repo_end + 1);
  std::size_t number_begin;
  if (rest.starts_with("issues/")) number_begin = repo_end + 1 + 7;
  else if (rest.starts_with("pull/")) number_begin = repo_end + 1 + 5;
  else return std::nullopt;
  std::size_t end = 0;
  auto n = number_at(s, number_begin, end);
  if (!n) return std::nullopt;
  return reference{std::string(s.substr(owner_begin, repo_end - owner_begin)), *n, i};
}

// owner/repo#123
std::optional<reference> qualified_at(std::string_view s, std::size_t i) {
  std::size_t owner_end = take(s, i, owner_char);
  if (owner_end == i || owner_end >= s.size() || s[owner_end] != '/') return std::nullopt;
  std::size_t repo_end = take(s, owner_end + 1, repo_char);
  if (repo_end == owner_end + 1 || repo_end >= s.size() || s[repo_end] != '#') return std::nullopt;
  std::size_t end = 0;
  auto n = number_at(s, repo_end + 1, end);
  if (!n) return std::nullopt;
  return reference{std::string(s.substr(i, repo_end - i)), *n, i};
}

}  // namespace

std::optional<reference> find_reference(std::string_view text, std::string_view default_repo) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!starts_token(text, i)) continue;
    char c = text[i];
    if (c == 'h' && (text.substr(i).starts_with("http://") || text.substr(i).starts_with("https://"))) {
      if (auto r = url_at(text, i)) return r;
      // Any other URL: its "#fragment" or path is not a reference.
      i = take(text, i, url_char);
      continue;
    }
    if (c == '#') {
      std::size_t end = 0;
      if (auto n = number_at(text, i + 1, end)) {
        reference r{std::nullopt, *n, i};
        if (!default_repo.empty()) r.repo = std::string(default_repo);
        return r;
      }
      continue;
    }
    if (owner_char(c)) {
      if (auto r = qualified_at(text, i)) return r;
    }
  }
  return std::nullopt;
}

}  // namespace roadmapd::markdown

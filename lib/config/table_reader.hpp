// Typed, checked access to one TOML table of the config. Every key a section reads becomes a
// known key; finish() then reports the rest as unknown, so a typo never silently disables a setting.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "config/diagnostics.hpp"

namespace roadmapd::config {

class table_reader {
 public:
  // `path` prefixes keys in messages: "github", "project[1]".
  table_reader(const toml::table& table, std::string path, diagnostics& diag);

  // Each getter returns the value if the key is present and valid; nullopt if it is absent (an
  // error if `required`) or invalid (an error naming the key, its line and what was expected).
  std::optional<std::string> string(std::string_view key, bool required = false);
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                      bool required = false);
  std::optional<std::chrono::seconds> duration(std::string_view key, std::chrono::seconds min,
                                               bool required = false);
  std::optional<std::vector<std::string>> string_array(std::string_view key, bool required = false);
  std::optional<bool> boolean(std::string_view key, bool required = false);
  // A nested table (`[path.key]` or `key = {...}`); nullptr if absent or not a table (an error).
  const toml::table* table(std::string_view key);
  // The raw value, for shapes the getters above do not cover; nullptr if absent.
  const toml::node* node(std::string_view key) { return find(key, false); }

  // The table itself, to walk keys chosen by the maintainer (the names of [rule_sets.NAME]).
  const toml::table& entries() const { return table_; }
  // Where nested readers and element-level problems report.
  diagnostics& diag() { return diag_; }

  bool has(std::string_view key) const { return table_.contains(key); }
  // Line of `key` if present, else of the table itself (its [header]).
  int line_of(std::string_view key) const;
  int line() const;
  const std::string& path() const { return path_; }
  std::string key_path(std::string_view key) const;

  // Records a problem with `key` at its line; marks the key as known.
  void error(std::string_view key, std::string_view message);

  // Reports every key nobody asked for, suggesting the closest known one.
  void finish();

 private:
  const toml::node* find(std::string_view key, bool required);
  void wrong_type(std::string_view key, const toml::node& node, std::string_view expected);

  const toml::table& table_;
  std::string path_;
  diagnostics& diag_;
  std::vector<std::string> known_;
};

// "a string", "an integer", ... for "expected X, got Y" messages.
std::string_view describe(toml::node_type type);

// The candidate closest to `word` if it is close enough to be a likely typo.
std::optional<std::string> closest(std::string_view word, std::span<const std::string> candidates);

}  // namespace roadmapd::config

// Typed getters over a toml::table that record problems instead of throwing.
#include "config/table_reader.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "config/duration.hpp"

namespace roadmapd::config {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string_view describe(toml::node_type type) {
  switch (type) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::none: break;
  }
  return "nothing";
}

std::optional<std::string> closest(std::string_view word, std::span<const std::string> candidates) {
  const std::string w = lower(word);
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(w, lower(c));
    // A third of the name: "nmber" finds "number", but "ca" does not turn into "name".
    const std::size_t limit = std::max<std::size_t>(1, c.size() / 3);
    if (d <= limit && (!best || d < best_distance)) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

table_reader::table_reader(const toml::table& table, std::string path, diagnostics& diag)
    : table_(table), path_(std::move(path)), diag_(diag) {}

std::string table_reader::key_path(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return path_ + "." + std::string(key);
}

int table_reader::line() const { return static_cast<int>(table_.source().begin.line); }

int table_reader::line_of(std::string_view key) const {
  if (const toml::node* node = table_.get(key)) return static_cast<int>(node->source().begin.line);
  return line();
}

void table_reader::error(std::string_view key, std::string_view message) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  diag_.add(line_of(key), key_path(key), message);
}

const toml::node* table_reader::find(std::string_view key, bool required) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  const toml::node* node = table_.get(key);
  if (!node && required) diag_.add(line(), key_path(key), "required key is missing");
  return node;
}

void table_reader::wrong_type(std::string_view key, const toml::node& node, std::string_view expected) {
  error(key, "expected " + std::string(expected) + ", got " + std::string(describe(node.type())));
}

std::optional<std::string> table_reader::string(std::string_view key, bool required) {
  const toml::node* node = find(key, required);
  if (!node) return std::nullopt;
  if (const auto* s = node->as_string()) return s->get();
  wrong_type(key, *node, "a string");
  return std::nullopt;
}

std::optional<std::int64_t> table_reader::integer(std::string_view key, std::int64_t min, std::int64_t max,
                                                  bool required) {
  const toml::node* node = find(key, required);
  if (!node) return std::nullopt;
  const auto* i = node->as_integer();
  if (!i) {
    wrong_type(key, *node, "an integer");
    return std::nullopt;
  }
  if (i->get() < min || i->get() > max) {
    error(key, std::to_string(i->get()) + " is out of range (" + std::to_string(min) + " to " +
                   std::to_string(max) + ")");
    return std::nullopt;
  }
  return i->get();
}

std::optional<std::chrono::seconds> table_reader::duration(std::string_view key, std::chrono::seconds min,
                                                           bool required) {
  const toml::node* node = find(key, required);
  if (!node) return std::nullopt;
  const auto* s = node->as_string();
  if (!s) {
    // A bare number is ambiguous (seconds? minutes?), so say how to write it instead of guessing.
    error(key, "expected a duration string such as \"30s\", \"5m\" or \"6h\", got " +
                   std::string(describe(node->type())));
    return std::nullopt;
  }
  auto d = parse_duration(s->get());
  if (!d) {
    error(key, d.message());
    return std::nullopt;
  }
  if (*d < min) {
    error(key, "\"" + s->get() + "\" is too short (at least " + format_duration(min) + ")");
    return std::nullopt;
  }
  return *d;
}

std::optional<std::vector<std::string>> table_reader::string_array(std::string_view key, bool required) {
  const toml::node* node = find(key, required);
  if (!node) return std::nullopt;
  const auto* array = node->as_array();
  if (!array) {
    wrong_type(key, *node, "an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const auto* s = element.as_string();
    if (!s) {
      diag_.add(static_cast<int>(element.source().begin.line), key_path(key) + "[" + std::to_string(i) + "]",
                "expected a string, got " + std::string(describe(element.type())));
      return std::nullopt;
    }
    out.push_back(s->get());
  }
  return out;
}

std::optional<bool> table_reader::boolean(std::string_view key, bool required) {
  const toml::node* node = find(key, required);
  if (!node) return std::nullopt;
  if (const auto* b = node->as_boolean()) return b->get();
  wrong_type(key, *node, "a boolean (true or false)");
  return std::nullopt;
}

const toml::table* table_reader::table(std::string_view key) {
  const toml::node* node = find(key, false);
  if (!node) return nullptr;
  if (const auto* t = node->as_table()) return t;
  wrong_type(key, *node, "a table ([" + key_path(key) + "])");
  return nullptr;
}

void table_reader::finish() {
  for (auto&& [key, node] : table_) {
    if (std::find(known_.begin(), known_.end(), key.str()) != known_.end()) continue;
    std::string message = "unknown key";
    if (auto suggestion = closest(key.str(), known_)) {
      message += " (did you mean \"" + *suggestion + "\"?)";
    } else if (!known_.empty()) {
      message += " (known keys: ";
      for (std::size_t i = 0; i < known_.size(); ++i) message += (i ? ", " : "") + known_[i];
      message += ")";
    }
    diag_.add(static_cast<int>(key.source().begin.line), key_path(key.str()), message);
  }
}

}  // namespace roadmapd::config

// Reads the guideline rules' settings: [rules], and the named rule sets boards share, each set
// starting from the defaults in rules_settings.hpp or from the set it extends.
#include "config/rules_config.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include "config/duration.hpp"

namespace roadmapd::config {
namespace {

using std::chrono::seconds;

// GitHub refuses longer label names.
constexpr std::size_t max_label_chars = 50;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Label names and headings compare case-insensitively, as GitHub and readers do.
bool iequals(std::string_view a, std::string_view b) { return lower(a) == lower(b); }

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool has_control_char(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

std::size_t utf8_chars(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// "0s", "0m", ...: parse_duration refuses zero, which only the grace period allows.
bool is_zero_duration(std::string_view s) {
  return s.size() >= 2 && s.find_first_not_of('0') == s.size() - 1 &&
         std::string_view("dhms").find(s.back()) != std::string_view::npos;
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// A label name, or "" (= no label) where `allow_empty`. Never the exemption label: items that carry
// it are skipped, so roadmapd would exempt every item it labels.
std::optional<std::string> read_label(table_reader& r, std::string_view key, bool allow_empty,
                                      std::string_view exempt_label) {
  auto v = r.string(key);
  if (!v) return std::nullopt;
  if (v->empty()) {
    if (allow_empty) return v;
    r.error(key, "must name a label");
  } else if (has_control_char(*v)) {
    r.error(key, "a label name is one line of text");
  } else if (trim(*v) != *v) {
    r.error(key, quoted(*v) + " has leading or trailing spaces, which GitHub drops from label names");
  } else if (utf8_chars(*v) > max_label_chars) {
    r.error(key, quoted(*v) + " is longer than the 50 characters GitHub allows in a label name");
  } else if (!exempt_label.empty() && iequals(*v, exempt_label)) {
    r.error(key, quoted(*v) + " is the exemption label ([rules] exempt_label): roadmapd would exempt every "
                 "item it labels");
  } else {
    return v;
  }
  return std::nullopt;
}

// A board field or column name.
std::optional<std::string> read_name(table_reader& r, std::string_view key, std::string_view what) {
  auto v = r.string(key);
  if (v && trim(*v).empty()) {
    r.error(key, "must name " + std::string(what));
    return std::nullopt;
  }
  return v;
}

std::optional<std::vector<std::string>> read_names(table_reader& r, std::string_view key) {
  auto v = r.string_array(key);
  if (v && std::any_of(v->begin(), v->end(), [](const std::string& s) { return trim(s).empty(); })) {
    r.error(key, "names must not be empty");
    return std::nullopt;
  }
  return v;
}

// An enabled rule with nothing to look for would find every item wanting, or none: say which.
void require_some(table_reader& r, const rule_toggle& rule, std::string_view key, bool empty, std::string_view what) {
  if (rule.enabled && empty) {
    r.error(key, "must list at least one " + std::string(what) + ", or set enabled = false to turn the rule off");
  }
}

void read_toggle(table_reader& r, rule_toggle& rule, std::string_view exempt_label) {
  if (auto v = r.boolean("enabled")) rule.enabled = *v;
  if (auto v = read_label(r, "label", true, exempt_label)) rule.label = *v;
}

void read_owner(table_reader& r, rule_set& set, std::string_view exempt_label) {
  read_toggle(r, set.owner, exempt_label);
  // Empty is fine: then only an assignee counts as an owner.
  if (auto v = read_names(r, "fields")) set.owner.fields = *v;
}

void read_experts(table_reader& r, rule_set& set, std::string_view exempt_label) {
  read_toggle(r, set.experts, exempt_label);
  if (auto v = read_names(r, "fields")) set.experts.fields = *v;
  require_some(r, set.experts, "fields", set.experts.fields.empty(), "field");
}

// One element of `sections`: {name = "...", aliases = [...]}, or just "Name" when it has no aliases.
std::optional<section_spec> read_section_spec(table_reader& r, const toml::node& element, const std::string& path) {
  const int line = static_cast<int>(element.source().begin.line);
  if (const auto* s = element.as_string()) {
    if (trim(s->get()).empty()) {
      r.diag().add(line, path, "a section's name must not be empty");
      return std::nullopt;
    }
    return section_spec{std::string(trim(s->get())), {}};
  }
  const auto* table = element.as_table();
  if (!table) {
    r.diag().add(line, path,
                 "expected a section such as {name = \"Motivation\", aliases = [\"Why\"]}, got " +
                     std::string(describe(element.type())));
    return std::nullopt;
  }
  table_reader e(*table, path, r.diag());
  section_spec spec;
  const auto name = e.string("name", true);
  if (name && trim(*name).empty()) e.error("name", "a section's name must not be empty");
  const auto aliases = read_names(e, "aliases");
  e.finish();
  if (!name || trim(*name).empty() || (e.has("aliases") && !aliases)) return std::nullopt;
  spec.name = std::string(trim(*name));
  if (aliases) {
    for (const std::string& alias : *aliases) spec.aliases.emplace_back(trim(alias));
  }
  return spec;
}

// A heading found in an issue body must point at one section, so names and aliases are unique.
bool check_headings_unique(table_reader& r, const toml::array& array, const std::vector<section_spec>& specs) {
  std::vector<std::pair<std::string, std::string>> seen;  // lowercase heading -> its section's name
  bool ok = true;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    std::vector<std::string> headings{specs[i].name};
    headings.insert(headings.end(), specs[i].aliases.begin(), specs[i].aliases.end());
    for (const std::string& heading : headings) {
      const auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == lower(heading); });
      if (it == seen.end()) {
        seen.emplace_back(lower(heading), specs[i].name);
        continue;
      }
      const std::string owner = it->second == specs[i].name ? "this section" : "section " + quoted(it->second);
      r.diag().add(static_cast<int>(array.get(i)->source().begin.line),
                   r.key_path("sections") + "[" + std::to_string(i) + "]",
                   "heading " + quoted(heading) + " is already used by " + owner +
                       ": each heading may belong to one section only");
      ok = false;
    }
  }
  return ok;
}

void read_sections(table_reader& r, rule_set& set, std::string_view exempt_label) {
  sections_rule& rule = set.sections;
  read_toggle(r, rule, exempt_label);
  if (const toml::node* node = r.node("sections")) {
    const toml::array* array = node->as_array();
    if (!array) {
      r.error("sections", "expected an array of sections such as [{name = \"Motivation\", aliases = [\"Why\"]}], "
                          "got " + std::string(describe(node->type())));
    } else {
      std::vector<section_spec> specs;
      bool ok = true;
      for (std::size_t i = 0; i < array->size(); ++i) {
        auto spec = read_section_spec(r, *array->get(i), r.key_path("sections") + "[" + std::to_string(i) + "]");
        if (spec) specs.push_back(std::move(*spec));
        else ok = false;
      }
      if (ok && check_headings_unique(r, *array, specs)) rule.sections = std::move(specs);
    }
  }
  if (auto v = r.string_array("placeholders")) {
    if (std::any_of(v->begin(), v->end(), [](const std::string& s) { return trim(s).empty(); })) {
      r.error("placeholders", "placeholders must not be empty (an empty section always counts as missing)");
    } else {
      rule.placeholders = *v;
    }
  }
  require_some(r, rule, "sections", rule.sections.empty(), "section");
}

void read_priority(table_reader& r, rule_set& set, std::string_view exempt_label) {
  read_toggle(r, set.priority, exempt_label);
  if (auto v = read_name(r, "field", "the board's priority field")) set.priority.field = *v;
}

void read_theme(table_reader& r, rule_set& set, std::string_view exempt_label) {
  theme_rule& rule = set.theme;
  read_toggle(r, rule, exempt_label);
  if (auto v = read_name(r, "field", "the board's theme field")) rule.field = *v;
  if (auto v = r.string("themes_column")) rule.themes_column = *v;  // "" with themes set: the list alone
  if (auto v = read_names(r, "themes")) rule.themes = *v;
  if (rule.enabled && trim(rule.themes_column).empty() && rule.themes.empty()) {
    r.error("themes_column", "is empty and themes lists none: the rule would know no themes (name the column "
                             "whose cards are the themes, or list them in themes)");
  }
}

void read_schedule(table_reader& r, rule_set& set, std::string_view exempt_label) {
  read_toggle(r, set.schedule, exempt_label);
  if (auto v = read_names(r, "target_fields")) set.schedule.target_fields = *v;
  require_some(r, set.schedule, "target_fields", set.schedule.target_fields.empty(), "iteration or date field");
}

void read_dependencies(table_reader& r, rule_set& set, std::string_view exempt_label) {
  read_toggle(r, set.dependencies, exempt_label);
  if (auto v = read_names(r, "phrases")) set.dependencies.phrases = *v;
  require_some(r, set.dependencies, "phrases", set.dependencies.phrases.empty(), "phrase");
}

void read_label_rule(table_reader& r, rule_set& set, std::string_view exempt_label) {
  read_toggle(r, set.label, exempt_label);
  if (auto v = read_label(r, "roadmap_label", false, exempt_label)) set.label.roadmap_label = *v;
}

void read_backlog(table_reader& r, rule_set& set, std::string_view exempt_label) {
  read_toggle(r, set.backlog, exempt_label);
  if (auto v = read_name(r, "column", "the Status option items are moved to")) set.backlog.column = *v;
}

void read_stale(table_reader& r, rule_set& set, std::string_view exempt_label) { read_toggle(r, set.stale, exempt_label); }

void read_help_wanted(table_reader& r, rule_set& set, std::string_view exempt_label) {
  read_toggle(r, set.help_wanted, exempt_label);
  if (set.help_wanted.enabled && set.help_wanted.label.empty()) {
    r.error("label", "must name a label: adding it is this rule's only action (set enabled = false to turn the "
                     "rule off)");
  }
}

struct rule_reader {
  std::string_view name;
  void (*read)(table_reader&, rule_set&, std::string_view exempt_label);
};

// One subtable per rule in a set, [rule_sets.NAME.<rule>].
constexpr rule_reader rule_readers[] = {
    {"owner", read_owner},       {"experts", read_experts},   {"sections", read_sections},
    {"priority", read_priority}, {"theme", read_theme},       {"schedule", read_schedule},
    {"dependencies", read_dependencies}, {"label", read_label_rule}, {"backlog", read_backlog},
    {"help_wanted", read_help_wanted}, {"stale", read_stale},
};

// [rules] keys: they apply to every board, so a set cannot change them.
constexpr std::string_view rules_only_keys[] = {"grace_period", "exempt_label", "when_resolved",
                                                "actions_per_minute", "actions_per_hour"};

// Applies what a set's table writes on top of `set` (the defaults, or the set it extends).
void read_set_keys(table_reader& r, rule_set& set, std::string_view exempt_label) {
  if (auto v = r.boolean("dry_run")) set.dry_run = *v;
  if (auto v = read_name(r, "status_field", "the board's single-select field whose options are its columns")) {
    set.status_field = *v;
  }
  if (auto v = read_names(r, "done_statuses")) set.done_statuses = *v;
  for (const rule_reader& rule : rule_readers) {
    if (const toml::table* table = r.table(rule.name)) {
      table_reader sub(*table, r.key_path(rule.name), r.diag());
      rule.read(sub, set, exempt_label);
      sub.finish();
    }
  }
  for (std::string_view key : rules_only_keys) {
    if (r.has(key)) r.error(key, "belongs in [rules]: it applies to every board, whatever its rule set");
  }
}

bool is_set_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

struct pending_set {
  std::string name;
  std::optional<table_reader> reader;
  int parent = -1;  // index of the set it extends; -1: the defaults
  bool in_cycle = false;
  bool resolved = false;
};

// Marks the sets whose `extends` chain comes back to them, and reports each cycle once, at the
// extends of its first set in file order.
void break_cycles(std::vector<pending_set>& sets) {
  const int n = static_cast<int>(sets.size());
  for (int i = 0; i < n; ++i) {
    int j = sets[i].parent;
    for (int steps = 0; j >= 0 && j != i && steps < n; ++steps) j = sets[j].parent;
    sets[i].in_cycle = j == i;
  }
  std::vector<bool> reported(sets.size(), false);
  for (int i = 0; i < n; ++i) {
    if (!sets[i].in_cycle || reported[i]) continue;
    std::string chain = sets[i].name;
    for (int j = sets[i].parent;; j = sets[j].parent) {
      chain += " -> " + sets[j].name;
      reported[j] = true;
      if (j == i) break;
    }
    sets[i].reader->error("extends", "extends makes a cycle (" + chain +
                                         "): a set cannot extend itself, directly or through others");
  }
  for (pending_set& set : sets) {
    if (set.in_cycle) set.parent = -1;  // read it on the defaults, so its own mistakes are still reported
  }
}

void resolve(std::vector<pending_set>& sets, int i, rules_settings& rules) {
  pending_set& pending = sets[i];
  if (pending.resolved) return;
  rule_set set;
  if (pending.parent >= 0) {
    resolve(sets, pending.parent, rules);
    set = rules.rule_sets.at(sets[pending.parent].name);
  }
  read_set_keys(*pending.reader, set, rules.exempt_label);
  pending.reader->finish();
  set.name = pending.name;
  set.line = pending.reader->line();
  rules.rule_sets[pending.name] = std::move(set);
  pending.resolved = true;
}

}  // namespace

void read_rules(table_reader& r, rules_settings& rules) {
  if (auto v = r.boolean("dry_run")) rules.dry_run = *v;
  const toml::node* grace = r.node("grace_period");
  if (grace && grace->as_string() && is_zero_duration(grace->as_string()->get())) {
    rules.grace_period = seconds(0);  // durations are at least 1s elsewhere; here 0 turns the grace period off
  } else if (auto v = r.duration("grace_period", seconds(1))) {
    rules.grace_period = *v;
  }
  if (auto v = read_label(r, "exempt_label", true, "")) rules.exempt_label = *v;
  if (auto v = r.string("when_resolved")) {
    if (*v == "edit") rules.when_resolved = resolved_comment::edit;
    else if (*v == "minimize") rules.when_resolved = resolved_comment::minimize;
    else r.error("when_resolved", "unknown value " + quoted(*v) + " (use \"edit\" or \"minimize\")");
  }
  // GitHub's secondary limits on content-creating requests: 80 a minute, 500 an hour.
  const auto per_minute = r.integer("actions_per_minute", 1, 80);
  const auto per_hour = r.integer("actions_per_hour", 1, 500);
  if (per_minute) rules.actions_per_minute = static_cast<int>(*per_minute);
  if (per_hour) rules.actions_per_hour = static_cast<int>(*per_hour);
  const bool both_valid = (per_minute || !r.has("actions_per_minute")) && (per_hour || !r.has("actions_per_hour"));
  if (both_valid && rules.actions_per_minute > rules.actions_per_hour) {
    // Blame the key the maintainer wrote: with the default per-hour cap, it is the per-minute one.
    r.error(r.has("actions_per_hour") ? "actions_per_hour" : "actions_per_minute",
            "actions_per_minute (" + std::to_string(rules.actions_per_minute) + ") must not exceed actions_per_hour (" +
                std::to_string(rules.actions_per_hour) + ")");
  }
  for (const rule_reader& rule : rule_readers) {
    if (r.has(rule.name)) {
      r.error(rule.name, "rule settings belong in a rule set: [rule_sets.default." + std::string(rule.name) +
                             "], or the set your boards use");
    }
  }
}

void read_rule_sets(table_reader& r, rules_settings& rules) {
  std::vector<pending_set> sets;
  for (auto&& [key, node] : r.entries()) {
    const std::string name(key.str());
    const toml::table* table = r.table(name);
    if (!table) continue;
    if (!is_set_name(name)) {
      r.error(name, "a rule set's name is letters, digits, '-' and '_'");
      continue;
    }
    pending_set& set = sets.emplace_back();
    set.name = name;
    set.reader.emplace(*table, r.key_path(name), r.diag());
  }
  std::vector<std::string> names;
  for (const pending_set& set : sets) names.push_back(set.name);
  for (pending_set& set : sets) {
    const auto extends = set.reader->string("extends");
    if (!extends) continue;
    const auto it = std::find(names.begin(), names.end(), *extends);
    if (it != names.end()) {
      set.parent = static_cast<int>(it - names.begin());
    } else if (*extends != "default") {  // the built-in defaults, when [rule_sets.default] is not written
      std::string message = "no rule set named " + quoted(*extends);
      if (auto suggestion = closest(*extends, names)) message += " (did you mean " + quoted(*suggestion) + "?)";
      set.reader->error("extends", message);
    }
  }
  break_cycles(sets);
  for (int i = 0; i < static_cast<int>(sets.size()); ++i) resolve(sets, i, rules);
  if (!rules.rule_sets.contains("default")) rules.rule_sets["default"].name = "default";
}

std::vector<std::string> rule_set_names(const toml::table& root) {
  std::vector<std::string> names{"default"};
  if (const toml::table* sets = root["rule_sets"].as_table()) {
    for (auto&& [key, node] : *sets) {
      if (key.str() != "default") names.emplace_back(key.str());
    }
  }
  return names;
}

}  // namespace roadmapd::config

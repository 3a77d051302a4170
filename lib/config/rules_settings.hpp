// The guideline rules' settings ([rules] and [rule_sets.NAME], docs/config.md): which rules run on
// a board, how each is tuned, and what enforcement may do. Defaults follow the seeds' roadmap process.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace roadmapd::config {

// What every rule has: on/off, and the label that marks its finding on the issue ("" = none).
struct rule_toggle {
  bool enabled = true;
  std::string label;
};

struct owner_rule : rule_toggle {
  owner_rule() { label = "roadmap:needs-owner"; }
  std::vector<std::string> fields{"Owner"};       // text or people fields that name an owner
};

struct experts_rule : rule_toggle {
  experts_rule() { enabled = false; label = "roadmap:needs-experts"; }
  std::vector<std::string> fields{"SME"};
};

struct section_spec {
  std::string name;                               // as the comment names it: "Motivation"
  std::vector<std::string> aliases;               // other headings accepted: "Background", "Why"
};

struct sections_rule : rule_toggle {
  sections_rule() {
    label = "roadmap:needs-details";
    sections = {{"Motivation", {"Motivations", "Background", "Why"}},
                {"Goals", {"End goals", "Goal", "Objectives"}},
                {"Deliverables", {"Deliverable", "Outcomes"}},
                {"Scope", {"Non-goals", "Out of scope"}}};
  }
  std::vector<section_spec> sections;
  // A section whose whole content is one of these (case-insensitive, trimmed) counts as missing.
  std::vector<std::string> placeholders{"TBD", "TODO", "-", "N/A", "..."};
};

struct priority_rule : rule_toggle {
  priority_rule() { label = "roadmap:needs-priority"; }
  std::string field = "Priority";
};

struct theme_rule : rule_toggle {
  theme_rule() { label = "roadmap:needs-theme"; }
  std::string field = "Theme";
  std::string themes_column = "Background & Motivations";  // whose card titles are the board's themes
  std::vector<std::string> themes;                // when set: the themes, instead of the column's cards
};

struct schedule_rule : rule_toggle {
  schedule_rule() { label = "roadmap:needs-schedule"; }
  // Fields that give an item's target: an iteration or a date field; the first one set counts.
  std::vector<std::string> target_fields{"Quarter", "Target date"};
};

struct dependencies_rule : rule_toggle {
  dependencies_rule() { label = "roadmap:blocked-dependency"; }
  // Lead-ins of a dependency reference in the body, matched case-insensitively before the reference.
  std::vector<std::string> phrases{"depends on", "blocked by", "requires"};
};

struct label_rule : rule_toggle {
  label_rule() { label.clear(); }
  std::string roadmap_label = "roadmap";          // e.g. "tvm:roadmap": every item's issue must carry it
};

struct backlog_rule : rule_toggle {
  backlog_rule() { enabled = false; }             // moves cards: maintainers opt in
  std::string column = "Backlog";
};

struct help_wanted_rule : rule_toggle {
  help_wanted_rule() { label = "help wanted"; }   // the label IS the action: added without an owner
};

struct stale_rule : rule_toggle {
  // Comments on items the progress model calls stale ([progress] stale_after): opt in.
  stale_rule() {
    enabled = false;
    label = "roadmap:stale";
  }
};

// One named set of rule settings that boards share ([rule_sets.NAME]); "default" always exists.
struct rule_set {
  std::string name;
  std::optional<bool> dry_run;                    // overrides [rules] dry_run for its boards
  owner_rule owner;
  experts_rule experts;
  sections_rule sections;
  priority_rule priority;
  theme_rule theme;
  schedule_rule schedule;
  dependencies_rule dependencies;
  label_rule label;
  backlog_rule backlog;
  help_wanted_rule help_wanted;
  stale_rule stale;
  std::string status_field = "Status";            // the board's column field
  std::vector<std::string> done_statuses{"Done"}; // items in these columns are not judged
  int line = 0;                                   // of its header, for messages
};

enum class resolved_comment { edit, minimize };

// [rules]: present = roadmapd judges items (lint always can); absent = the default rule set, dry run.
struct rules_settings {
  bool dry_run = true;
  std::chrono::seconds grace_period{30 * 60};     // items younger than this are not acted on
  std::string exempt_label = "roadmap:exempt";
  resolved_comment when_resolved = resolved_comment::edit;
  int actions_per_minute = 20;                    // GitHub's content-creation limit is 80/min
  int actions_per_hour = 200;                     // and 500/h
  std::map<std::string, rule_set> rule_sets;      // by name; always holds "default"
};

}  // namespace roadmapd::config

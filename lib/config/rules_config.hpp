// Reads [rules] and [rule_sets.NAME] (docs/config.md) into rules_settings. Sets are resolved after
// all of them are read, so `extends` may name a set written further down the file.
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "config/rules_settings.hpp"
#include "config/table_reader.hpp"

namespace roadmapd::config {

// [rules]: dry run, grace period, exemption label, resolved comments, the action budget.
void read_rules(table_reader& r, rules_settings& rules);

// [rule_sets]: every set, with `extends` resolved; "default" exists afterwards even if not written.
// Reads labels against rules.exempt_label, so [rules] must be read first.
void read_rule_sets(table_reader& r, rules_settings& rules);

// "default" and the names [rule_sets] defines, so [[project]] can check its rule_set on its own.
std::vector<std::string> rule_set_names(const toml::table& root);

}  // namespace roadmapd::config

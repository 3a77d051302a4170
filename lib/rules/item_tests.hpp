// What several rules ask of one item: does it have an owner, is a field set, which quarter is it
// in. Kept in one place so the owner, schedule, backlog and help-wanted rules agree.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "markdown/task_list.hpp"  // markdown::reference
#include "rules/rule.hpp"

namespace roadmapd::rules {

// ASCII case-insensitive equality (GitHub compares label, login and repository names this way).
bool iequals(std::string_view a, std::string_view b);

// Whether the item has a value for this field that names something: non-blank text, a person, an
// option, a date, an iteration or a number.
bool field_is_set(const item_facts& item, const std::string& field);

// The first of `fields` that is set, or nullptr.
const field_value* first_set(const item_facts& item, const std::vector<std::string>& fields);

// The owner rule's test: an assignee, or one of the owner rule's fields is set.
bool has_owner(const item_facts& item, const config::rule_set& settings);

// The quarterly column the item sits in, or nullptr.
const quarter* quarter_of(const board_facts& board, std::string_view status);

// "Q1 2027", "2027 Q1" (also with '-' between) -> the quarter's first day and the day after its
// last. nullopt for any other column name.
std::optional<quarter> parse_quarter(std::string_view column);

// The issues and pull requests the item's body names after one of `phrases` ("Depends on #12",
// "Blocked by: - apache/tvm#4"), in document order, with their repository resolved.
std::vector<markdown::reference> dependency_references(const item_facts& item, const std::vector<std::string>& phrases);

// "`A`, `B` or `C`" for messages.
std::string quoted_list(const std::vector<std::string>& names);

}  // namespace roadmapd::rules

// The shared item tests of item_tests.hpp.
#include "rules/item_tests.hpp"

#include <algorithm>
#include <cstdio>

namespace roadmapd::rules {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

bool value_is_set(const field_value& v) {
  if (v.text && !blank(*v.text)) {
    // A people field or "Owner" text of only "@" or commas names nobody.
    return std::any_of(v.text->begin(), v.text->end(),
                       [](char c) { return c != '@' && c != ',' && c != ' ' && c != '\t'; });
  }
  return v.number.has_value() || (v.date && !v.date->empty()) ||
         (v.iteration_title && !v.iteration_title->empty()) ||
         (v.iteration_start && !v.iteration_start->empty());
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool field_is_set(const item_facts& item, const std::string& field) {
  // Field names are matched case-insensitively, like the mirror's views do.
  for (const auto& [name, value] : item.fields)
    if (iequals(name, field) && value_is_set(value)) return true;
  return false;
}

const field_value* first_set(const item_facts& item, const std::vector<std::string>& fields) {
  for (const auto& wanted : fields)
    for (const auto& [name, value] : item.fields)
      if (iequals(name, wanted) && value_is_set(value)) return &value;
  return nullptr;
}

bool has_owner(const item_facts& item, const config::rule_set& settings) {
  const bool assigned = std::any_of(item.assignees.begin(), item.assignees.end(),
                                    [](const std::string& login) { return !blank(login); });
  return assigned || first_set(item, settings.owner.fields) != nullptr;
}

const quarter* quarter_of(const board_facts& board, std::string_view status) {
  if (status.empty()) return nullptr;
  for (const auto& q : board.quarters)
    if (iequals(q.column, status)) return &q;
  return nullptr;
}

std::optional<quarter> parse_quarter(std::string_view column) {
  std::string_view s = column;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto separator = [](char c) { return c == ' ' || c == '-'; };
  auto is_year = [&](std::string_view y) { return y.size() == 4 && std::all_of(y.begin(), y.end(), digit); };
  auto is_q = [](std::string_view q) { return q.size() == 2 && (q[0] == 'Q' || q[0] == 'q') && q[1] >= '1' && q[1] <= '4'; };
  // Split at the one run of separators.
  std::size_t cut = 0;
  while (cut < s.size() && !separator(s[cut])) ++cut;
  std::size_t rest = cut;
  while (rest < s.size() && separator(s[rest])) ++rest;
  if (cut == s.size() || rest == s.size()) return std::nullopt;
  std::string_view a = s.substr(0, cut), b = s.substr(rest);
  std::string_view year, q;
  if (is_q(a) && is_year(b)) { q = a; year = b; }
  else if (is_year(a) && is_q(b)) { year = a; q = b; }
  else return std::nullopt;
  const int y = std::stoi(std::string(year));
  const int n = q[1] - '0';
  char start[32], end[32];
  std::snprintf(start, sizeof start, "%04d-%02d-01", y, 3 * (n - 1) + 1);
  if (n == 4) std::snprintf(end, sizeof end, "%04d-01-01", y + 1);
  else std::snprintf(end, sizeof end, "%04d-%02d-01", y, 3 * n + 1);
  return quarter{std::string(column), start, end};
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += (i + 1 == names.size()) ? " or " : ", ";
    out += "`" + names[i] + "`";
  }
  return out;
}

}  // namespace roadmapd::rules

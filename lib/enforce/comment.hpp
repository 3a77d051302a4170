// The sticky comment: one per issue or pull request, recognised by a hidden marker, listing what is
// missing and how to fix it for a newcomer, edited in place as findings change.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/rule.hpp"

namespace roadmapd::enforce {

// The first line of every comment roadmapd writes; an HTML comment, so GitHub does not show it.
inline constexpr std::string_view sticky_marker = "<!-- roadmapd:sticky -->";

// The comment for these findings (only those with in_comment), for an item on `boards` (titles);
// exempt_label ("" = none) is how maintainers opt an item out. The text depends only on its
// inputs, so the same findings give the same body, byte for byte.
std::string render_findings(const std::vector<rules::finding>& findings, const std::vector<std::string>& boards,
                            std::string_view exempt_label);

// What the comment says once nothing is missing any more.
std::string render_resolved(const std::vector<std::string>& boards);

}  // namespace roadmapd::enforce

// The GraphQL documents in queries/, embedded at build time (see CMakeLists.txt). Keeping them as
// .graphql files lets a test validate each one against GitHub's published schema.
#pragma once

#include <string_view>

namespace roadmapd::sync::queries {

extern const std::string_view board;
extern const std::string_view board_items;
extern const std::string_view changes;
extern const std::string_view repository_issues;
extern const std::string_view repository_pull_requests;

}  // namespace roadmapd::sync::queries

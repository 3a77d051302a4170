// Task lists of RFC tracking issues: the "- [ ] #123" entries of a GitHub-flavoured Markdown body
// and the issue or pull request each one references.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "github/model.hpp"

namespace roadmapd::markdown {

// Every task-list entry of a GitHub-flavoured Markdown body, in document order (nested entries too).
// References: "#123" (in default_repo), "owner/repo#123", and URLs
// "https://<any host>/owner/repo/(issues|pull)/123[...]". The first reference in an entry wins.
// Entry text is the entry's plain text (code, links and emphasis flattened, nested lists left
// out); references inside code spans are ignored, and so is everything in code blocks.
std::vector<model::task_entry> parse_task_list(std::string_view body, std::string_view default_repo);

// A reference to an issue or pull request found in plain text.
struct reference {
  std::optional<std::string> repo;  // nullopt for "#123" with no default repository
  int number = 0;
  std::size_t offset = 0;           // where it starts in the text
};

// The first reference in text (same forms as above), or nullopt.
std::optional<reference> find_reference(std::string_view text, std::string_view default_repo);

}  // namespace roadmapd::markdown

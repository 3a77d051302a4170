// Decodes the answers to the queries in queries/ into model structs. A structurally wrong answer is
// an error naming the JSON path; a node GitHub could not give us (null, reported in `errors`) is
// skipped and listed, so one bad node never aborts the rest.
#pragma once

#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "github/model.hpp"
#include "util/result.hpp"

namespace roadmapd::sync {

struct page_info {
  bool has_next = false;
  std::string end_cursor;
};

// One page of a board's items. `project` is filled only by decode_board (the first page).
struct board_page {
  model::project project;
  bool found = true;                      // false: the owner or board number does not exist
  int total_items = 0;
  std::vector<model::item> items;         // readable items, position relative to this page
  std::vector<std::string> kept_item_ids; // items whose content GitHub failed to give: keep the mirror's row
  std::vector<std::string> skipped;       // paths of nodes that came back null
  page_info page;
};

// The answer of changes.graphql.
struct change_probe {
  struct board {
    std::string id;
    bool found = false;
    std::string updated_at;
    int total_items = 0;
  };
  struct repository {
    std::string id;
    bool found = false;
    std::string name;                     // owner/name
    std::string newest_issue_update;      // empty: no issues
    std::string newest_pull_request_update;
  };
  std::vector<board> boards;              // in the order of the ids asked for
  std::vector<repository> repositories;
};

// One page of a repository's issues or pull requests.
struct issue_page {
  std::string repository_id;
  std::string repository;                 // owner/name
  bool found = true;
  int total = 0;
  std::vector<model::issue> issues;
  std::vector<std::string> skipped;
  page_info page;
};

// The answer of item.graphql: one board item by node id.
struct item_answer {
  bool found = false;             // false: no such node (deleted since), or not a board item
  bool content_missing = false;   // GitHub reported an error for the item's content: try again later
  model::item item;               // project_id set; position 0 (the answer does not say)
};

// `data` is the "data" member of the answer (never null here: the client rejects answers without it).
result<board_page> decode_board(const rapidjson::Value& data, std::string_view owner);
result<board_page> decode_board_items(const rapidjson::Value& data);
result<change_probe> decode_changes(const rapidjson::Value& data);
result<issue_page> decode_issues(const rapidjson::Value& data, bool pull_requests);
result<item_answer> decode_item(const rapidjson::Value& data);

}  // namespace roadmapd::sync

// Synthetic board for the ingest benchmark: a project with the roadmap's fields and its items as
// the JSON text GitHub answers to lib/sync/queries/board_items.graphql, one string per page.
#pragma once

#include <string>
#include <vector>

#include "github/model.hpp"

namespace roadmapd::bench {

struct board_pages {
  model::project project;           // the fields every value references, to upsert first
  std::vector<std::string> pages;   // full answers: {"data":{"rateLimit":...,"node":{...}}}
  std::size_t json_bytes = 0;
};

// Deterministic for a given seed: the same items in every run, so runs compare.
board_pages make_board_pages(int items, int page_size, unsigned seed);

}  // namespace roadmapd::bench

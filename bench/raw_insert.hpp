// The ingest benchmark's floor: the same rows written with bare SQLite prepared statements in one
// transaction, nothing decoded, nothing checked. What roadmapd's ingest is compared against.
#pragma once

#include <vector>

#include "github/model.hpp"

struct sqlite3;

namespace roadmapd::bench {

// Inserts the items with their field values, assignees and labels (the rows mirror::upsert_item
// writes) into a mirror whose project and fields are already there, committing every
// items_per_transaction items (0: all in one transaction). Throws on any SQLite error.
void raw_insert(sqlite3* db, const std::vector<model::item>& items, long pass, std::size_t items_per_transaction = 0);

}  // namespace roadmapd::bench

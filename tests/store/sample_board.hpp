// A small hand-built roadmap: one board with the roadmap process's fields, four items of every
// kind, a tracking issue whose task list references closed, merged, open and unknown issues.
// The view tests and the docs/schema.md query test run against it.
#pragma once

#include <vector>

#include "github/model.hpp"
#include "store/database.hpp"

namespace roadmapd::store::testing {

model::project sample_project();
std::vector<model::item> sample_items();
std::vector<model::issue> sample_issues();
std::vector<model::task_entry> sample_tasks();  // of acme/rfcs#10

// Writes all of the above (pass 1) in one transaction and marks acme/rfcs#10 as tracking.
void populate(database& db);

model::field_value select_value(std::string field_id, std::string option_id, std::string name);
model::field_value text_value(std::string field_id, std::string text);

}  // namespace roadmapd::store::testing

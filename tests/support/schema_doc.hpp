// The ```sql blocks of docs/schema.md, for the tests that run them (on the sample roadmap and on the
// demo's mirror), so the documentation cannot drift from the schema or from the data it shows.
#pragma once

#include <string>
#include <vector>

namespace roadmapd::test {

struct sql_block {
  int line = 0;  // where the block starts in docs/schema.md
  std::string sql;
};

// Every ```sql block of docs/schema.md in the source tree, in file order.
std::vector<sql_block> schema_doc_queries();

}  // namespace roadmapd::test

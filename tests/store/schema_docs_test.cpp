// The example queries of docs/schema.md run against the sample roadmap, so the documentation
// cannot drift from the schema: every ```sql block must run and return rows.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sample_board.hpp"
#include "store_fixture.hpp"

namespace roadmapd::store {
namespace {

struct sql_block {
  int line = 0;  // where the block starts in docs/schema.md
  std::string sql;
};

std::vector<sql_block> sql_blocks(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<sql_block> blocks;
  std::string line;
  int number = 0;
  bool inside = false;
  while (std::getline(in, line)) {
    ++number;
    if (!inside && line.starts_with("```sql")) {
      inside = true;
      blocks.push_back({number + 1, {}});
    } else if (inside && line.starts_with("```")) {
      inside = false;
    } else if (inside) {
      blocks.back().sql += line + "\n";
    }
  }
  return blocks;
}

TEST(schema_docs, every_example_query_runs_and_returns_rows) {
  const std::string path = std::string(ROADMAPD_SOURCE_DIR) + "/docs/schema.md";
  auto blocks = sql_blocks(path);
  ASSERT_GE(blocks.size(), 8u) << "docs/schema.md should show the common queries";
  auto db = testing::open_or_fail(":memory:");
  testing::populate(db);
  for (const auto& block : blocks) {
    SCOPED_TRACE("docs/schema.md:" + std::to_string(block.line));
    try {
      EXPECT_FALSE(testing::rows(db, block.sql).empty())
          << "returns no rows on the sample roadmap:\n" << block.sql;
    } catch (const sqlite_error& e) {
      ADD_FAILURE() << e.what();
    }
  }
}

}  // namespace
}  // namespace roadmapd::store

// The example queries of docs/schema.md run against the sample roadmap, so the documentation
// cannot drift from the schema: every ```sql block must run. (They are written for the demo's
// mirror, where tests/integration/mirror_test.cpp checks that each finds rows.)
#include <gtest/gtest.h>

#include "sample_board.hpp"
#include "schema_doc.hpp"
#include "store_fixture.hpp"

namespace roadmapd::store {
namespace {

TEST(schema_docs, every_example_query_runs) {
  const auto blocks = test::schema_doc_queries();
  ASSERT_GE(blocks.size(), 8u) << "docs/schema.md should show the common queries";
  auto db = testing::open_or_fail(":memory:");
  testing::populate(db);
  for (const auto& block : blocks) {
    SCOPED_TRACE("docs/schema.md:" + std::to_string(block.line));
    try {
      testing::rows(db, block.sql);
    } catch (const sqlite_error& e) {
      ADD_FAILURE() << e.what();
    }
  }
}

}  // namespace
}  // namespace roadmapd::store

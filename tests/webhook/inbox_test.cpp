// The inbox keeps each delivery once, hands them out in arrival order, and forgets them on schedule.
#include <gtest/gtest.h>

#include "store/database.hpp"
#include "util/time.hpp"
#include "webhook/inbox.hpp"

namespace roadmapd::webhook {
namespace {

using namespace std::chrono_literals;

class inbox_test : public ::testing::Test {
 protected:
  store::database db = store::database::open(":memory:").value();
  inbox box{db};
};

TEST_F(inbox_test, a_repeated_delivery_id_is_stored_once) {
  EXPECT_EQ(box.add("d-1", "issues", std::string("opened"), "42", R"({"action":"opened"})"), add_outcome::stored);
  EXPECT_EQ(box.add("d-1", "issues", std::string("opened"), "42", R"({"action":"opened"})"), add_outcome::duplicate);
  EXPECT_EQ(box.pending().pending, 1);
}

TEST_F(inbox_test, deliveries_come_out_in_arrival_order_until_finished) {
  box.add("b", "issues", std::string("opened"), "1", "{}");
  box.add("a", "ping", std::nullopt, "1", "{}");
  auto first = box.next_pending();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->delivery_id, "b");
  EXPECT_EQ(first->action, "opened");
  box.record_attempt(first->seq);
  box.mark_failed(first->seq, "bad JSON at offset 3");
  auto second = box.next_pending();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->delivery_id, "a");
  EXPECT_FALSE(second->action);
  box.mark_ignored(second->seq, "not a configured repository");
  EXPECT_FALSE(box.next_pending());
  EXPECT_EQ(box.pending().pending, 0);

  auto& q = db.prepare("SELECT delivery_id, status, coalesce(reason, ''), attempts FROM webhook_deliveries ORDER BY seq");
  q.query();
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_text(1), "failed");
  EXPECT_EQ(q.column_text(2), "bad JSON at offset 3");
  EXPECT_EQ(q.column_int(3), 1);
  ASSERT_TRUE(q.step());
  EXPECT_EQ(q.column_text(1), "ignored");
  q.reset();
}

TEST_F(inbox_test, purge_drops_old_payloads_then_old_ids_but_never_pending_ones) {
  box.add("old-done", "issues", std::nullopt, "1", "{\"x\":1}");
  box.add("old-pending", "issues", std::nullopt, "1", "{\"x\":2}");
  box.mark_done(box.next_pending()->seq);
  const auto now = std::chrono::system_clock::now();

  // 4 days later: past the payload retention (3 d), within the id retention (7 d).
  EXPECT_EQ(box.purge(now + 4 * 24h, 3 * 24h, 7 * 24h), 0);
  auto& payloads = db.prepare("SELECT delivery_id, p.payload IS NULL FROM webhook_deliveries d LEFT JOIN webhook_payloads p USING (seq) "
                               "ORDER BY seq");
  payloads.query();
  ASSERT_TRUE(payloads.step());
  EXPECT_EQ(payloads.column_int(1), 1) << "a done delivery keeps no payload";
  ASSERT_TRUE(payloads.step());
  EXPECT_EQ(payloads.column_int(1), 0) << "a pending delivery keeps its payload";
  payloads.reset();
  EXPECT_EQ(box.add("old-done", "issues", std::nullopt, "1", "{}"), add_outcome::duplicate);

  // 8 days later: the done delivery's id is forgotten, the pending one stays, with its payload.
  EXPECT_EQ(box.purge(now + 8 * 24h, 3 * 24h, 7 * 24h), 1);
  EXPECT_EQ(box.pending().pending, 1);
  EXPECT_EQ(box.next_pending()->payload, "{\"x\":2}");
  auto& left = db.prepare("SELECT count(*) FROM webhook_payloads");
  left.query();
  ASSERT_TRUE(left.step());
  EXPECT_EQ(left.column_int(0), 1) << "payloads of forgotten deliveries go with them";
  left.reset();
}

}  // namespace
}  // namespace roadmapd::webhook

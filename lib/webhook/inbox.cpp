// The webhook inbox (see inbox.hpp).
#include "webhook/inbox.hpp"

#include "store/database.hpp"
#include "util/time.hpp"

namespace roadmapd::webhook {

inbox::inbox(store::database& db) : db_(db) {}

add_outcome inbox::add(std::string_view delivery_id, std::string_view event, const std::optional<std::string>& action,
                       std::string_view hook_id, std::string_view payload) {
  const new_delivery one{std::string(delivery_id), std::string(event), action, std::string(hook_id),
                         std::string(payload)};
  return add_all(std::span(&one, 1)).front();
}

std::vector<add_outcome> inbox::add_all(std::span<const new_delivery> deliveries) {
  // The mirror runs with synchronous=NORMAL (a crash of roadmapd loses nothing, a power cut may lose
  // the last pages, which the next pass fetches again). A delivery cannot be fetched again, so its
  // commit waits for the disk.
  std::vector<add_outcome> outcomes;
  outcomes.reserve(deliveries.size());
  db_.exec("PRAGMA synchronous = FULL");
  try {
    store::transaction tx(db_);
    auto& insert = db_.prepare(
        "INSERT INTO webhook_deliveries (delivery_id, event, action, hook_id, received_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (delivery_id) DO NOTHING");
    auto& insert_payload = db_.prepare("INSERT INTO webhook_payloads (seq, payload) VALUES (last_insert_rowid(), ?1)");
    const auto now = util::now_iso8601();
    for (const auto& d : deliveries) {
      const auto hook = d.hook_id.empty() ? std::optional<std::string_view>() : std::optional<std::string_view>(d.hook_id);
      const int inserted = insert.execute(d.delivery_id, d.event, d.action, hook, now);
      if (inserted) insert_payload.execute(d.payload);
      outcomes.push_back(inserted ? add_outcome::stored : add_outcome::duplicate);
    }
    tx.commit();
  } catch (...) {
    db_.exec("PRAGMA synchronous = NORMAL");
    throw;
  }
  db_.exec("PRAGMA synchronous = NORMAL");
  return outcomes;
}

std::optional<delivery> inbox::next_pending() {
  auto batch = pending_batch(1);
  if (batch.empty()) return std::nullopt;
  return std::move(batch.front());
}

std::vector<delivery> inbox::pending_batch(int limit) {
  auto& q = db_.prepare(
      "SELECT d.seq, delivery_id, event, action, coalesce(hook_id, ''), received_at, coalesce(p.payload, ''), attempts "
      "FROM webhook_deliveries d LEFT JOIN webhook_payloads p ON p.seq = d.seq "
      "WHERE status = 'pending' ORDER BY d.seq LIMIT ?1");
  q.query(static_cast<long long>(limit));
  std::vector<delivery> out;
  while (q.step()) {
    delivery& d = out.emplace_back();
    d.seq = q.column_int64(0);
    d.delivery_id = q.column_text(1);
    d.event = q.column_text(2);
    d.action = q.column_optional_text(3);
    d.hook_id = q.column_text(4);
    d.received_at = q.column_text(5);
    d.payload = q.column_text(6);
    d.attempts = q.column_int(7);
  }
  q.reset();
  return out;
}

void inbox::record_attempt(long long seq) {
  db_.prepare("UPDATE webhook_deliveries SET attempts = attempts + 1 WHERE seq = ?1").execute(seq);
}

void inbox::record_attempts(long long first, long long last) {
  db_.prepare("UPDATE webhook_deliveries SET attempts = attempts + 1 WHERE seq BETWEEN ?1 AND ?2 AND status = 'pending'")
      .execute(first, last);
}

void inbox::take_back_attempts(long long first, long long last) {
  db_.prepare("UPDATE webhook_deliveries SET attempts = attempts - 1 "
              "WHERE seq BETWEEN ?1 AND ?2 AND status = 'pending' AND attempts > 0")
      .execute(first, last);
}

void inbox::finish(long long seq, std::string_view status, std::optional<std::string_view> reason) {
  db_.prepare("UPDATE webhook_deliveries SET status = ?2, reason = ?3, processed_at = ?4 WHERE seq = ?1")
      .execute(seq, status, reason, util::now_iso8601());
}

void inbox::mark_done(long long seq) { finish(seq, "done", std::nullopt); }
void inbox::mark_failed(long long seq, std::string_view reason) { finish(seq, "failed", reason); }
void inbox::mark_ignored(long long seq, std::string_view reason) { finish(seq, "ignored", reason); }

inbox::backlog inbox::pending() {
  auto& q = db_.prepare("SELECT count(*), min(received_at) FROM webhook_deliveries WHERE status = 'pending'");
  q.query();
  backlog b;
  if (q.step()) {
    b.pending = static_cast<long>(q.column_int64(0));
    b.oldest_received_at = q.column_optional_text(1);
  }
  q.reset();
  return b;
}

int inbox::purge(std::chrono::system_clock::time_point now, std::chrono::seconds payload_retention,
                 std::chrono::seconds delivery_retention) {
  store::transaction tx(db_);
  db_.prepare("DELETE FROM webhook_payloads WHERE seq IN (SELECT seq FROM webhook_deliveries "
              "WHERE status <> 'pending' AND received_at < ?1)")
      .execute(util::to_iso8601(now - payload_retention));
  const int removed = db_.prepare("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND received_at < ?1")
                          .execute(util::to_iso8601(now - delivery_retention));
  tx.commit();
  return removed;
}

}  // namespace roadmapd::webhook

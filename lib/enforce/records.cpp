// enforcement_state / enforcement_audit (see records.hpp).
#include "enforce/records.hpp"

#include <algorithm>

#include "util/text.hpp"
#include "util/time.hpp"

namespace roadmapd::enforce {

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : "\n") + s;
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

records::records(store::database& db) : db_(db) {}

content_record records::load(const std::string& content_id) {
  content_record r;
  r.content_id = content_id;
  auto& q = db_.prepare(
      "SELECT findings, comment_id, coalesce(comment_body, ''), resolved, labels FROM enforcement_state "
      "WHERE content_id = ?1");
  q.query(content_id);
  if (q.step()) {
    r.findings = split_lines(q.column_text(0));
    r.comment_id = q.column_optional_text(1);
    r.comment_body = q.column_text(2);
    r.resolved = q.column_int(3) != 0;
    // A set: a row written before labels were kept distinct may hold one twice.
    for (auto& label : split_lines(q.column_text(4))) {
      const bool known = std::any_of(r.labels.begin(), r.labels.end(), [&](const std::string& l) { return util::iequals(l, label); });
      if (!known) r.labels.push_back(std::move(label));
    }
  }
  q.reset();
  return r;
}

void records::save(const content_record& r) {
  db_.prepare(R"(
    INSERT INTO enforcement_state (content_id, findings, comment_id, comment_body, resolved, labels, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
    ON CONFLICT (content_id) DO UPDATE SET findings = excluded.findings, comment_id = excluded.comment_id,
      comment_body = excluded.comment_body, resolved = excluded.resolved, labels = excluded.labels,
      updated_at = excluded.updated_at)")
      .execute(r.content_id, join_lines(r.findings), r.comment_id,
               r.comment_id ? std::optional<std::string>(r.comment_body) : std::nullopt, r.resolved,
               join_lines(r.labels), util::now_iso8601());
}

void records::audit(const audit_entry& e) {
  auto text = [](const std::string& s) { return s.empty() ? std::optional<std::string>() : std::optional<std::string>(s); };
  db_.prepare(R"(
    INSERT INTO enforcement_audit (at, board, item_id, content_id, rule, finding, action, outcome, detail)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9))")
      .execute(util::now_iso8601(), text(e.board), text(e.item_id), text(e.content_id), text(e.rule), text(e.finding),
               e.action, e.outcome, text(e.detail));
}

}  // namespace roadmapd::enforce

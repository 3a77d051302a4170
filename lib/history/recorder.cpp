// The change log's writer (see recorder.hpp).
#include "history/recorder.hpp"

#include <algorithm>
#include <vector>

#include "util/text.hpp"
#include "util/time.hpp"

namespace roadmapd::history {
namespace {

std::string repository_key(std::string_view repo, bool pull_requests) {
  std::string key;
  for (char c : repo) key += util::ascii_lower(c);
  return key + (pull_requests ? " pull_requests" : " issues");
}

// When a change without a GitHub time happened: when GitHub showed it, else now.
std::string observed(std::string_view observed_at) {
  return observed_at.empty() ? util::now_iso8601() : std::string(observed_at);
}

std::optional<std::string> text(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// The lines of a sorted "\n"-joined set that the other lacks.
std::vector<std::string> missing_from(const std::string& set, const std::string& other) {
  auto split = [](const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < s.size()) {
      const auto end = std::min(s.find('\n', start), s.size());
      out.push_back(s.substr(start, end - start));
      start = end + 1;
    }
    return out;
  };
  const auto mine = split(set), theirs = split(other);
  std::vector<std::string> out;
  for (const auto& x : mine) {
    if (std::none_of(theirs.begin(), theirs.end(), [&](const auto& y) { return util::iequals(x, y); })) out.push_back(x);
  }
  return out;
}

}  // namespace


recorder::recorder(store::database& db) : db_(db) {
  auto& q = db_.prepare("SELECT kind, project_id, content_ref, new_value FROM changes WHERE attribute = 'history-start'");
  q.query();
  while (q.step()) {
    if (q.column_text(0) == "board") boards_.insert(q.column_text(1));
    else repositories_.insert(repository_key(q.column_text(2), q.column_text(3) == "pull_requests"));
  }
}

bool recorder::tracks_board(std::string_view project_id) const { return boards_.contains(project_id); }

bool recorder::tracks_repository(std::string_view repo, bool pull_requests) const {
  return repositories_.contains(repository_key(repo, pull_requests));
}

void recorder::board_read(std::string_view project_id, std::string_view observed_at) {
  if (tracks_board(project_id)) return;
  auto& q = db_.prepare("SELECT owner || '/' || number FROM projects WHERE id = ?1");
  q.query(project_id);
  const std::string board = q.step() ? q.column_text(0) : std::string();
  q.reset();
  append({observed(observed_at), board, std::string(project_id), {}, {}, {}, "board", "history-start", std::nullopt, std::nullopt},
         store::write_source::poll);
  boards_.insert(std::string(project_id));
}

void recorder::repository_read(std::string_view repo, bool pull_requests, std::string_view observed_at) {
  const auto key = repository_key(repo, pull_requests);
  if (repositories_.contains(key)) return;
  append({observed(observed_at), {}, {}, {}, {}, std::string(repo), "repository", "history-start", std::nullopt,
          pull_requests ? "pull_requests" : "issues"},
         store::write_source::poll);
  repositories_.insert(key);
}

void recorder::before_items(std::span<const std::string> item_ids) {
  for (const auto& id : item_ids) items_before_[id] = read_item(db_, id);
}

void recorder::after_items(std::span<const std::string> item_ids, store::write_source source,
                           std::string_view observed_at) {
  const std::string when = observed(observed_at);
  for (const auto& id : item_ids) {
    auto it = items_before_.find(id);
    if (it == items_before_.end()) continue;  // no before_items: nothing to compare with
    compare(id, it->second, read_item(db_, id), source, when);
    items_before_.erase(it);
  }
}

void recorder::before_issues(std::span<const std::string> issue_ids) {
  for (const auto& id : issue_ids) issues_before_[id] = read_issue(db_, id);
}

void recorder::after_issues(std::span<const std::string> issue_ids, store::write_source source,
                            std::string_view observed_at) {
  const std::string when = observed(observed_at);
  for (const auto& id : issue_ids) {
    auto it = issues_before_.find(id);
    if (it == issues_before_.end()) continue;
    compare(id, it->second, read_issue(db_, id), source, when);
    issues_before_.erase(it);
  }
}

void recorder::append(const row& r, store::write_source source) {
  auto opt = [](const std::string& s) { return text(s); };
  db_.prepare(R"(
    INSERT INTO changes (at, seen_at, board, project_id, item_id, content_id, content_ref, kind, attribute, old_value,
                         new_value, source)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12))")
      .execute(r.at, util::now_iso8601(), opt(r.board), opt(r.project_id), opt(r.item_id), opt(r.content_id),
               opt(r.content_ref), r.kind, r.attribute, r.old_value, r.new_value, store::to_string(source));
}

void recorder::compare(const std::string& id, const std::optional<item_state>& before,
                       const std::optional<item_state>& after, store::write_source source, const std::string& observed_at) {
  const item_state& any = after ? *after : *before;
  if (!before && !after) return;
  if (!tracks_board(any.project_id)) return;  // the board's first read is the baseline
  // GitHub's time of the item's change where there is one; a removal has none.
  const std::string at = after && !after->updated_at.empty() ? after->updated_at : observed_at;
  auto add = [&](const char* kind, const std::string& attribute, std::optional<std::string> from,
                 std::optional<std::string> to) {
    append({at, any.board, any.project_id, id, any.content_id, any.content_ref, kind, attribute, std::move(from), std::move(to)},
           source);
  };
  if (!before) {
    add("item", "added", std::nullopt, text(after->title.empty() ? after->content_ref : after->title));
    return;
  }
  if (!after) {
    // Everything it held, so that what it was before the removal can still be told.
    for (const auto& [field, value] : before->fields) add("field", field, value, std::nullopt);
    if (!before->content_mirrored && !before->assignees.empty()) add("item", "assignees", before->assignees, std::nullopt);
    add("item", "removed", text(before->title.empty() ? before->content_ref : before->title), std::nullopt);
    return;
  }
  if (before->archived != after->archived) {
    add("item", "archived", before->archived ? "true" : "false", after->archived ? "true" : "false");
  }
  for (const auto& [field, value] : before->fields) {
    auto now = after->fields.find(field);
    if (now == after->fields.end()) add("field", field, value, std::nullopt);
    else if (now->second != value) add("field", field, value, now->second);
  }
  for (const auto& [field, value] : after->fields) {
    if (!before->fields.contains(field)) add("field", field, std::nullopt, value);
  }
  // The board's copy of content that is not mirrored: logged here, as nowhere else.
  if (!after->content_mirrored && !before->content_mirrored) {
    if (before->title != after->title) add("item", "title", text(before->title), text(after->title));
    if (before->state != after->state) add("item", "state", text(before->state), text(after->state));
    if (before->milestone != after->milestone) add("item", "milestone", text(before->milestone), text(after->milestone));
    if (before->assignees != after->assignees) add("item", "assignees", text(before->assignees), text(after->assignees));
    for (const auto& l : missing_from(after->labels, before->labels)) add("item", "label", std::nullopt, l);
    for (const auto& l : missing_from(before->labels, after->labels)) add("item", "label", l, std::nullopt);
  }
}

void recorder::compare(const std::string& id, const std::optional<issue_state>& before,
                       const std::optional<issue_state>& after, store::write_source source, const std::string& observed_at) {
  if (!before && !after) return;
  const issue_state& any = after ? *after : *before;
  if (!tracks_repository(any.repo, any.is_pull_request)) return;
  const std::string at = after && !after->updated_at.empty() ? after->updated_at : observed_at;
  auto add = [&](const char* kind, const std::string& attribute, std::optional<std::string> from,
                 std::optional<std::string> to) {
    append({at, {}, {}, {}, id, any.ref, kind, attribute, std::move(from), std::move(to)}, source);
  };
  if (!before) {
    add("issue", "created", std::nullopt, after->title);
    return;
  }
  if (!after) {
    add("issue", "deleted", before->title, std::nullopt);
    return;
  }
  if (before->state != after->state) add("issue", "state", before->state, after->state);
  if (before->state_reason != after->state_reason) {
    add("issue", "state_reason", text(before->state_reason), text(after->state_reason));
  }
  if (before->title != after->title) add("issue", "title", before->title, after->title);
  if (before->milestone != after->milestone) add("issue", "milestone", text(before->milestone), text(after->milestone));
  if (before->assignees != after->assignees) add("issue", "assignees", text(before->assignees), text(after->assignees));
  for (const auto& l : missing_from(after->labels, before->labels)) add("issue", "label", std::nullopt, l);
  for (const auto& l : missing_from(before->labels, after->labels)) add("issue", "label", l, std::nullopt);
  if (before->progress != after->progress) add("tracking", "progress", before->progress, after->progress);
  if (before->sub_issues != after->sub_issues) add("tracking", "sub_issues", before->sub_issues, after->sub_issues);
}

int recorder::purge(std::chrono::system_clock::time_point before) {
  return db_.prepare("DELETE FROM changes WHERE seen_at < ?1 AND attribute <> 'history-start'")
      .execute(util::to_iso8601(before));
}

}  // namespace roadmapd::history

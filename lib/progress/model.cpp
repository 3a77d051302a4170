// The progress model (see model.hpp): a few indexed queries per item, then plain logic.
#include "progress/model.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "progress/forecast.hpp"
#include "rules/item_tests.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace roadmapd::progress {
namespace {

using clock = std::chrono::system_clock;
using util::iequals;

std::string lowered(std::string s) {
  for (char& c : s) c = util::ascii_lower(c);
  return s;
}

// "2027-04-01" -> "2027-03-31": the last day before an exclusive end.
std::string day_before(const std::string& date) {
  auto t = util::parse_iso8601(date + "T00:00:00Z");
  if (!t) return date;
  return util::to_iso8601(*t - std::chrono::hours(24)).substr(0, 10);
}

std::string today(clock::time_point now) { return util::to_iso8601(now).substr(0, 10); }

// "3 weeks", "5 days": how long ago, for reasons.
std::string span(clock::time_point from, clock::time_point to) {
  const auto days = std::chrono::duration_cast<std::chrono::hours>(to - from).count() / 24;
  if (days >= 14) return std::to_string(days / 7) + " weeks";
  return std::to_string(days) + (days == 1 ? " day" : " days");
}

// "12/30" -> {12, 30}.
std::optional<std::pair<int, int>> fraction(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  try {
    return std::pair{std::stoi(text.substr(0, slash)), std::stoi(text.substr(slash + 1))};
  } catch (...) {
    return std::nullopt;
  }
}

// A task's text without the reference it starts with ("#3 Parser" -> "Parser"), when words remain:
// the reference is named beside it.
std::string task_name(const std::string& text) {
  const auto space = text.find(' ');
  if (space == std::string::npos) return text;
  const std::string first = text.substr(0, space);
  const bool reference = first.find('#') != std::string::npos || first.starts_with("http");
  const auto rest = text.find_first_not_of(' ', space);
  return reference && rest != std::string::npos ? text.substr(rest) : text;
}

bool closed_as_completed(const std::string& state, const std::string& reason) {
  return state == "MERGED" || (state == "CLOSED" && reason != "NOT_PLANNED" && reason != "DUPLICATE");
}

}  // namespace

options options_from(const config::settings& s) {
  options o;
  o.stale_after = s.progress.stale_after;
  o.forecast_window = s.progress.forecast_window;
  return o;
}

model::model(store::database& db, options o) : db_(db), options_(o), signals_(db) {}

void model::read_all() { signals_.read_all(); }
void model::read_all(store::database& from) { signals_.read_all(from); }

result model::of_issue(const std::string& issue_id) {
  rules::item_facts item;
  auto& q = db_.prepare("SELECT repo, number, title, body, state FROM issues WHERE id = ?1");
  q.query(issue_id);
  if (q.step()) {
    item.repo = q.column_text(0);
    item.number = q.column_int(1);
    item.title = q.column_text(2);
    item.body = q.column_text(3);
    item.state = q.column_text(4);
    item.type = "ISSUE";
  }
  q.reset();
  item.content_id = issue_id;
  const rules::board_facts no_board;
  const config::rule_set defaults;
  return of_item(no_board, item, defaults);
}

result model::of_item(const rules::board_facts& board, const rules::item_facts& item, const config::rule_set& rules) {
  result r;
  const auto now = options_.now;
  static const issue_row not_mirrored;
  const issue_row* mirrored = signals_.issue(item.content_id);
  const bool found = mirrored != nullptr;
  const issue_row& issue = found ? *mirrored : not_mirrored;
  const std::string state = found ? issue.state : item.state;

  // --- What there is to count -------------------------------------------------------------------
  std::set<std::string> task_refs;  // "owner/name#n", lower case
  int task_total = 0, task_done = 0, task_checked = 0;
  for (const auto& task : signals_.tasks(found ? issue.id : std::string())) {
    const std::string text = task_name(task.text);
    const std::string& ref = task.ref;
    ++task_total;
    task_checked += task.checked ? 1 : 0;
    bool done = task.checked;
    if (!ref.empty()) task_refs.insert(lowered(ref));
    if (task.resolved) {
      // The referenced issue or pull request says how far it is; the checkbox may lag or lead.
      done = task.ref_state == "MERGED" || (task.ref_state == "CLOSED" && !task.ref_is_pull_request);
      if (task.checked && task.ref_state == "OPEN") {
        r.inconsistencies.push_back("the task \"" + text + "\" is ticked, but " + ref + " is still open");
      } else if (!task.checked && done) {
        r.inconsistencies.push_back("the task \"" + text + "\" is not ticked, but " + ref + " is " +
                                    (task.ref_state == "MERGED" ? "merged" : "closed"));
      }
    }
    task_done += done ? 1 : 0;
  }

  int sub_total = 0, sub_done = 0;
  std::string children_activity;
  if (found && issue.sub_total > 0) {
    int seen = 0, completed = 0, listed = 0;
    for (const auto& child : signals_.children(issue.id)) {
      ++seen;
      children_activity = std::max(children_activity, child.updated_at);
      if (task_refs.contains(lowered(child.ref))) {
        ++listed;  // counted as a task already
        continue;
      }
      completed += child.state != "OPEN" ? 1 : 0;
    }
    if (seen == issue.sub_total) {
      // Every sub-issue is mirrored: their own states are fresher than the parent's summary.
      sub_total = seen - listed;
      sub_done = completed;
    } else {
      sub_total = issue.sub_total;
      sub_done = issue.sub_completed;
    }
  }

  int pr_total = 0, pr_done = 0;
  std::string pr_activity;
  for (const auto& pr : signals_.linked_pull_requests(found ? issue.id : std::string())) {
    pr_activity = std::max(pr_activity, pr.updated_at);
    if (pr.state == "CLOSED") continue;  // closed without merging: an abandoned attempt
    ++pr_total;
    pr_done += pr.state == "MERGED" ? 1 : 0;
  }

  if (task_total + sub_total > 0) {
    r.total = task_total + sub_total;
    r.done = task_done + sub_done;
    r.source = task_total > 0 && sub_total > 0 ? "task list and sub-issues" : task_total > 0 ? "task list" : "sub-issues";
  } else if (pr_total > 0) {
    r.total = pr_total;
    r.done = pr_done;
    r.source = "linked pull requests";
  }
  if (r.total > 0) r.percent = r.done * 100 / r.total;
  if (found && issue.tracking && state == "CLOSED" && task_total > task_done) {
    r.inconsistencies.push_back("it is closed, but " + std::to_string(task_total - task_done) + " of its " +
                                std::to_string(task_total) + " tasks are still open");
  }

  // --- When it is due -----------------------------------------------------------------------------
  for (const auto& name : rules.schedule.target_fields) {
    auto it = item.fields.find(name);
    if (it == item.fields.end()) {
      for (auto f = item.fields.begin(); f != item.fields.end(); ++f) {
        if (iequals(f->first, name)) it = f;
      }
    }
    if (it == item.fields.end()) continue;
    if (it->second.iteration_end) r.target = day_before(*it->second.iteration_end);
    else if (it->second.date) r.target = *it->second.date;
    if (r.target) break;
  }
  if (!r.target) {
    if (const auto* q = rules::quarter_of(board, item.status)) r.target = day_before(q->end);
  }

  // --- Its history ----------------------------------------------------------------------------------
  std::string last_change;
  std::optional<std::string> moved_later;  // "moved from Q1 2027 to Q2 2027 on 2027-01-15"
  std::vector<std::string> quarter_fields = rules.schedule.target_fields;
  quarter_fields.push_back(rules.status_field);
  std::vector<progress_point> points;
  {
    std::map<std::string, std::pair<int, int>> latest;  // series -> (done, total)
    last_change = signals_.last_work(item.item_id, item.content_id);
    signals_.each_change(item.item_id, item.content_id, [&](const change_row& c) {
      if (c.tracking) {
        if (auto f = fraction(c.new_value)) {
          latest[c.attribute] = *f;
          int done = 0, total = 0;
          for (const auto& [series, value] : latest) {
            done += value.first;
            total += value.second;
          }
          if (auto t = util::parse_iso8601(c.at)) points.push_back({*t, done, total});
        }
      } else if (std::any_of(quarter_fields.begin(), quarter_fields.end(),
                                                  [&](const auto& f) { return iequals(f, c.attribute); })) {
        const auto a = rules::parse_quarter(c.old_value), b = rules::parse_quarter(c.new_value);
        if (a && b && b->start > a->start) {
          moved_later = "moved from " + c.old_value + " to " + c.new_value + " on " + c.at.substr(0, 10);
        }
      }
    });
  }

  // --- The state ------------------------------------------------------------------------------------
  const bool in_done_column = std::any_of(rules.done_statuses.begin(), rules.done_statuses.end(),
                                          [&](const auto& d) { return !item.status.empty() && iequals(d, item.status); });
  if (state == "MERGED" || state == "CLOSED" || in_done_column) {
    if (state == "CLOSED" && !closed_as_completed(state, issue.state_reason)) {
      r.state = state::dropped;
      r.reason = issue.state_reason == "DUPLICATE" ? "closed as a duplicate" : "closed as not planned";
    } else {
      r.state = state::done;
      r.reason = state == "MERGED" ? "merged" : state == "CLOSED" ? "closed as completed" : "in the done column " + item.status;
    }
    return r;
  }

  for (const auto& ref : rules::dependency_references(item, rules.dependencies.phrases)) {
    if (iequals(*ref.repo, item.repo) && ref.number == item.number) continue;
    const bool open = signals_.state_of(*ref.repo, ref.number).value_or("") == "OPEN";
    const std::string name = *ref.repo + "#" + std::to_string(ref.number);
    if (std::find(r.dependencies.begin(), r.dependencies.end(), name) != r.dependencies.end()) continue;
    r.dependencies.push_back(name);
    if (open) r.blockers.push_back(name);
  }

  r.last_activity = std::max({issue.last_comment_at, pr_activity, children_activity, last_change, item.created_at,
                              issue.created_at});
  // A forecast from the series' history and where they stand now.
  if (!points.empty() || task_total + sub_total > 0) {
    const int now_done = task_checked + (sub_total > 0 ? issue.sub_completed : 0);
    const int now_total = task_total + (sub_total > 0 ? issue.sub_total : 0);
    points.push_back({now, now_done, now_total});
    r.forecast = forecast(points, now, options_.forecast_window);
  }

  const std::string day = today(now);
  if (r.target && *r.target < day) {
    r.state = state::slipped;
    r.reason = "planned until " + *r.target + ", and it is not done";
  } else if (moved_later) {
    r.state = state::slipped;
    r.reason = *moved_later;
  } else if (!r.blockers.empty()) {
    r.state = state::blocked;
    r.reason = "waits for ";
    for (std::size_t i = 0; i < r.blockers.size(); ++i) r.reason += (i ? ", " : "") + r.blockers[i];
    r.reason += r.blockers.size() == 1 ? ", which is still open" : ", which are still open";
  } else if (const auto last = util::parse_iso8601(r.last_activity);
             last && now - *last > options_.stale_after) {
    r.state = state::stale;
    r.reason = "no progress, pull request activity or comment since " + r.last_activity.substr(0, 10) + " (" +
               span(*last, now) + ")";
  } else if (r.forecast && r.target && *r.forecast > *r.target) {
    r.state = state::at_risk;
    r.reason = "at its pace so far done around " + *r.forecast + ", after its target " + *r.target;
  } else if (r.total > 0) {
    r.state = state::on_track;
    r.reason = std::to_string(r.done) + " of " + std::to_string(r.total) + " done";
    if (r.forecast) r.reason += ", done around " + *r.forecast + " at its pace so far";
    if (r.target) r.reason += ", target " + *r.target;
  } else {
    r.state = state::unknown;
    r.reason = "nothing to count: no task list, sub-issues or linked pull requests";
  }
  return r;
}

}  // namespace roadmapd::progress

// The enforcer (see enforcer.hpp).
#include "enforce/enforcer.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "enforce/budget.hpp"
#include "enforce/comment.hpp"
#include "enforce/evaluation.hpp"
#include "enforce/plan.hpp"
#include "enforce/records.hpp"
#include "store/mirror.hpp"
#include "util/time.hpp"
#include "util/text.hpp"

namespace roadmapd::enforce {
namespace {

namespace asio = boost::asio;
using clock = std::chrono::system_clock;

template <class T>
std::optional<std::string> failure_of(const write_result<T>& r) {
  if (const auto* f = std::get_if<write_failure>(&r)) {
    return f->maybe_applied ? f->message + " (it may have reached GitHub: roadmapd looks before it writes again)"
                            : f->message;
  }
  return std::nullopt;
}

using util::iequals;

// What roadmapd's labels look like when it has to create them in a repository.
struct label_style {
  std::string color, description;
};
label_style style_of(const std::string& label, const config::rules_settings& rules) {
  const auto& set = rules.rule_sets.count("default") ? rules.rule_sets.at("default") : config::rule_set{};
  if (iequals(label, set.help_wanted.label)) return {"008672", "Extra attention is needed"};
  return {"fbca04", "roadmapd: this roadmap item misses something; its comment says what"};
}

}  // namespace

struct enforcer::impl {
  config::shared_settings settings;  // the current ones; a run keeps its own snapshot alive
  store::database& db;
  github_actions& actions;
  records rec;
  store::mirror mirror;  // what roadmapd writes to GitHub is reflected here at once
  budget spend;
  bool stopping = false;

  impl(config::shared_settings s, store::database& d, github_actions& a)
      : settings(std::move(s)), db(d), actions(a), rec(d), mirror(d, store::write_source::roadmapd),
        spend(settings->rules.actions_per_minute, settings->rules.actions_per_hour) {
    seed_budget();
  }

  // What was sent in the last hour still counts after a restart.
  void seed_budget() {
    auto& q = db.prepare("SELECT at FROM enforcement_audit WHERE outcome = 'sent' AND at > ?1 ORDER BY seq");
    q.query(util::to_iso8601(clock::now() - std::chrono::hours(1)));
    std::vector<clock::time_point> sent;
    while (q.step()) {
      if (auto t = util::parse_iso8601(q.column_text(0))) sent.push_back(*t);
    }
    spend.seed(sent);
  }

  struct field_target {
    std::string project_id, field_id, option_id, option_name;
  };
  std::optional<field_target> column_of(const std::string& item_id, const std::string& status_field,
                                        const std::string& column) {
    auto& q = db.prepare(R"(
      SELECT i.project_id, f.id, o.id, o.name FROM items i
      JOIN project_fields f ON f.project_id = i.project_id AND f.name = ?2 COLLATE NOCASE AND f.data_type = 'SINGLE_SELECT'
      JOIN field_options o ON o.field_id = f.id AND o.name = ?3 COLLATE NOCASE
      WHERE i.id = ?1 ORDER BY f.position LIMIT 1)");
    q.query(item_id, status_field, column);
    std::optional<field_target> t;
    if (q.step()) t = field_target{q.column_text(0), q.column_text(1), q.column_text(2), q.column_text(3)};
    q.reset();
    return t;
  }

  void audit_decisions(const content_verdict& c, const content_record& before, const std::vector<std::string>& codes) {
    const auto& board = c.item_boards.front()->board.name;
    const auto& item = c.items.front()->item.item_id;
    for (const auto& f : c.findings) {
      if (std::find(before.findings.begin(), before.findings.end(), f.code) != before.findings.end()) continue;
      rec.audit({board, item, c.content_id, f.rule, f.code, "found", "decided", f.message});
    }
    for (const auto& code : before.findings) {
      if (std::find(codes.begin(), codes.end(), code) != codes.end()) continue;
      rec.audit({board, item, c.content_id, {}, code, "fixed", "decided", {}});
    }
  }

  // Sends one action; on success updates `r` to what GitHub now has. Returns the failure, if any.
  asio::awaitable<std::optional<std::string>> send(const content_verdict& c, const action& a, content_record& r) {
    switch (a.kind) {
      case action_kind::add_comment: {
        // A comment roadmapd wrote before (its record lost, or a write that timed out) is taken
        // over, never doubled.
        auto found = co_await actions.find_sticky_comment(c.content_id, std::string(sticky_marker));
        if (!found) co_return "looking for roadmapd's comment on " + c.content_id + ": " + found.message();
        if (*found) {
          r.comment_id = (*found)->id;
          r.comment_body = (*found)->body;
          r.resolved = false;
          if ((*found)->body == a.body) co_return std::nullopt;
          auto edited = co_await actions.edit_comment(*r.comment_id, a.body);
          if (auto f = failure_of(edited)) co_return f;
          r.comment_body = a.body;
          co_return std::nullopt;
        }
        auto added = co_await actions.add_comment(c.content_id, a.body);
        if (auto f = failure_of(added)) co_return f;
        r.comment_id = std::get<std::string>(added);
        r.comment_body = a.body;
        r.resolved = false;
        co_return std::nullopt;
      }
      case action_kind::edit_comment:
      case action_kind::resolve_comment: {
        auto edited = co_await actions.edit_comment(*r.comment_id, a.body);
        if (auto f = failure_of(edited)) co_return f;
        r.comment_body = a.body;
        r.resolved = a.kind == action_kind::resolve_comment;
        co_return std::nullopt;
      }
      case action_kind::minimize_comment:
      case action_kind::unminimize_comment: {
        const bool hide = a.kind == action_kind::minimize_comment;
        // Two awaits, not one in each arm of ?: (which GCC 12 miscompiles).
        write_result<bool> done;
        if (hide) {
          done = co_await actions.minimize_comment(*r.comment_id);
        } else {
          done = co_await actions.unminimize_comment(*r.comment_id);
        }
        if (auto f = failure_of(done)) co_return f;
        r.resolved = hide;
        co_return std::nullopt;
      }
      case action_kind::add_label: {
        const auto style = style_of(a.label, settings->rules);
        auto id = co_await actions.ensure_label(c.repo, a.label, style.color, style.description);
        if (auto f = failure_of(id)) co_return f;
        // A named vector: a braced list inside a co_await expression trips GCC 12.
        const std::vector<std::string> ids{std::get<std::string>(id)};
        auto added = co_await actions.add_labels(c.content_id, ids);
        if (auto f = failure_of(added)) co_return f;
        if (std::none_of(r.labels.begin(), r.labels.end(), [&](const auto& l) { return iequals(l, a.label); })) {
          r.labels.push_back(a.label);
        }
        mirror.add_content_label(c.content_id, a.label);
        co_return std::nullopt;
      }
      case action_kind::remove_label: {
        auto id = co_await actions.find_label(c.repo, a.label);
        if (!id) co_return "looking up label '" + a.label + "' in " + c.repo + ": " + id.message();
        if (*id) {
          const std::vector<std::string> ids{**id};
          auto removed = co_await actions.remove_labels(c.content_id, ids);
          if (auto f = failure_of(removed)) co_return f;
        }
        std::erase_if(r.labels, [&](const auto& l) { return iequals(l, a.label); });
        mirror.remove_content_label(c.content_id, a.label);
        co_return std::nullopt;
      }
      case action_kind::move: {
        const auto& set = rules_set_of(a.board);
        auto target = column_of(a.item_id, set.status_field, a.column);
        if (!target) co_return "board " + a.board + " has no column '" + a.column + "' in its " + set.status_field + " field";
        auto moved = co_await actions.set_single_select(target->project_id, a.item_id, target->field_id, target->option_id);
        if (auto f = failure_of(moved)) co_return f;
        mirror.set_item_option(a.item_id, target->field_id, target->option_id, target->option_name);
        co_return std::nullopt;
      }
    }
    co_return std::string("unknown action");
  }

  const config::rule_set& rules_set_of(const std::string& board) {
    for (const auto& p : settings->projects) {
      if (p.owner + "/" + std::to_string(p.number) == board) {
        if (auto it = settings->rules.rule_sets.find(p.rule_set); it != settings->rules.rule_sets.end()) return it->second;
      }
    }
    static const config::rule_set defaults;
    auto it = settings->rules.rule_sets.find("default");
    return it != settings->rules.rule_sets.end() ? it->second : defaults;
  }

  asio::awaitable<run_summary> run(std::optional<std::vector<std::string>> item_ids) {
    run_summary s;
    // The verdicts refer into these settings: a reload during the run must not free them.
    const config::shared_settings snapshot = settings;
    evaluation_options options;
    options.item_ids = std::move(item_ids);
    auto verdicts = evaluate(db, *snapshot, options);
    if (!verdicts) {
      spdlog::warn("rules: could not judge the mirror: {}", verdicts.message());
      co_return s;
    }
    const bool everything = !options.item_ids;
    for (const auto& b : *verdicts) {
      for (const auto& v : b.items) s.judged += v.skipped.empty() ? 1 : 0;
      if (!everything) continue;
      for (const char* check : {"goals-card", "goals-themes"}) {
        const bool failed = std::any_of(b.checks.begin(), b.checks.end(), [&](const auto& c) { return c.check == check; });
        s.board_checks.push_back({b.board.name, check, !failed});
      }
    }

    for (const auto& c : by_content(*verdicts)) {
      if (stopping) break;  // the rest is planned again from the recorded state at the next start
      auto record = rec.load(c.content_id);
      const auto codes = finding_codes(c.findings);
      const bool changed = codes != record.findings;
      if (changed) {
        store::transaction tx(db);
        audit_decisions(c, record, codes);
        record.findings = codes;
        rec.save(record);
        tx.commit();
        ++s.decided;
      }
      const auto todo = plan_content(c, record, snapshot->rules);
      if (todo.empty()) continue;
      const auto& board = c.item_boards.front()->board.name;
      const auto& item = c.items.front()->item.item_id;
      if (c.dry_run) {
        // Recorded when the findings change, not on every evaluation of the same item.
        if (changed) {
          store::transaction tx(db);
          for (const auto& a : todo) rec.audit({board, item, c.content_id, {}, {}, std::string(to_string(a.kind)), "dry-run", a.label + a.column});
          tx.commit();
        }
        s.dry_run += static_cast<int>(todo.size());
        continue;
      }
      for (std::size_t i = 0; i < todo.size(); ++i) {
        const auto& a = todo[i];
        const auto now = clock::now();
        if (!spend.take(now)) {
          s.deferred += static_cast<int>(todo.size() - i);
          s.retry_at = spend.next_free(now);
          for (const auto* v : c.items) s.retry_items.push_back(v->item.item_id);
          rec.audit({board, item, c.content_id, {}, {}, std::string(to_string(a.kind)), "deferred",
                     "over the action budget until " + util::to_iso8601(*s.retry_at)});
          break;
        }
        const auto failed = co_await send(c, a, record);
        store::transaction tx(db);
        if (!failed) rec.save(record);
        rec.audit({board, a.item_id.empty() ? item : a.item_id, c.content_id, {}, {}, std::string(to_string(a.kind)),
                   failed ? "failed" : "sent", failed ? *failed : a.label + a.column});
        tx.commit();
        if (failed) {
          spdlog::warn("rules: {} on {} failed: {}", to_string(a.kind), c.content_id, *failed);
          ++s.failed;
          break;  // the rest waits for the next run, in order
        }
        ++s.sent;
      }
    }
    if (s.sent + s.failed + s.deferred > 0 || s.decided > 0) {
      spdlog::info("rules: judged {} items; {} changed findings; {} mutations sent, {} failed, {} deferred, {} dry-run",
                   s.judged, s.decided, s.sent, s.failed, s.deferred, s.dry_run);
    }
    co_return s;
  }
};

asio::awaitable<enforcer::publish_outcome> enforcer::publish_report(std::string content_id, std::string ref,
                                                                    std::string markdown) {
  auto& m = *impl_;
  const config::shared_settings snapshot = m.settings;
  static constexpr std::string_view marker = "<!-- roadmapd:report -->";
  // GitHub takes at most 65,536 characters in a comment: a longer report ends with a pointer to all of it.
  constexpr std::size_t limit = 65000;
  std::string body = std::string(marker) + "\n" + markdown;
  if (body.size() > limit) {
    body.resize(body.rfind('\n', limit - 200));
    body += "\n\n*The report goes on: `roadmapd report` writes all of it.*\n";
  }
  auto audit = [&](const std::string& outcome, const std::string& detail) {
    store::transaction tx(m.db);
    m.rec.audit({{}, {}, content_id, {}, {}, "publish-report", outcome, ref + (detail.empty() ? "" : ": " + detail)});
    tx.commit();
  };
  if (snapshot->rules.dry_run) {
    audit("dry-run", {});
    co_return publish_outcome{"dry-run", {}};
  }
  auto found = co_await m.actions.find_sticky_comment(content_id, std::string(marker));
  if (!found) {
    audit("failed", found.message());
    co_return publish_outcome{"failed", found.message()};
  }
  std::optional<std::string> failure;
  if (*found && (*found)->body == body) {
    audit("unchanged", {});
    co_return publish_outcome{"unchanged", {}};
  }
  // Only a write takes from the budget.
  const auto now = clock::now();
  if (!m.spend.take(now)) {
    const auto when = util::to_iso8601(m.spend.next_free(now));
    audit("deferred", "over the action budget until " + when);
    co_return publish_outcome{"deferred", when};
  }
  if (*found) {
    auto edited = co_await m.actions.edit_comment((*found)->id, body);
    failure = failure_of(edited);
  } else {
    auto added = co_await m.actions.add_comment(content_id, body);
    failure = failure_of(added);
  }
  audit(failure ? "failed" : "sent", failure.value_or(""));
  co_return failure ? publish_outcome{"failed", *failure} : publish_outcome{"sent", {}};
}

enforcer::enforcer(config::shared_settings settings, store::database& db, github_actions& actions)
    : impl_(std::make_unique<impl>(std::move(settings), db, actions)) {}

enforcer::~enforcer() = default;

asio::awaitable<run_summary> enforcer::run(std::optional<std::vector<std::string>> item_ids) {
  return impl_->run(std::move(item_ids));
}

void enforcer::stop() { impl_->stopping = true; }

void enforcer::reconfigure(config::shared_settings settings) {
  impl_->settings = std::move(settings);
  budget fresh(impl_->settings->rules.actions_per_minute, impl_->settings->rules.actions_per_hour);
  impl_->spend = std::move(fresh);
  impl_->seed_budget();
}

}  // namespace roadmapd::enforce

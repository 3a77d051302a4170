// evaluate() (see evaluation.hpp): the skip and wait decisions around the rules.
#include "enforce/evaluation.hpp"

#include <algorithm>
#include <set>

#include "progress/model.hpp"
#include "rules/facts_loader.hpp"
#include "util/time.hpp"
#include "util/text.hpp"

namespace roadmapd::enforce {
namespace {

using util::iequals;

bool has_label(const rules::item_facts& item, std::string_view label) {
  return std::any_of(item.labels.begin(), item.labels.end(), [&](const auto& l) { return iequals(l, label); });
}

std::string skip_reason(const rules::item_facts& item, const rules::board_facts& board,
                        const config::rules_settings& rules, const config::rule_set& set) {
  if (item.archived) return "archived";
  for (const auto& c : board.theme_cards) {
    if (c.item_id == item.item_id) return "a theme card in " + c.column;
  }
  for (const auto& c : board.goals_cards) {
    if (c.item_id == item.item_id) return "the Themes & Goals card of " + c.column;
  }
  if (item.state == "MERGED") return "merged";
  if (item.state == "CLOSED") return "closed";
  for (const auto& done : set.done_statuses) {
    if (!item.status.empty() && iequals(item.status, done)) return "in the done column " + item.status;
  }
  if (!rules.exempt_label.empty() && has_label(item, rules.exempt_label)) return "exempt (label " + rules.exempt_label + ")";
  return {};
}

std::string wait_reason(const rules::item_facts& item, const config::rules_settings& rules,
                        std::chrono::system_clock::time_point now) {
  if (item.type == "DRAFT_ISSUE") return "a draft issue: drafts take no comments or labels, so this is only reported";
  if (rules.grace_period.count() > 0 && !item.created_at.empty()) {
    if (const auto created = util::parse_iso8601(item.created_at)) {
      const auto until = *created + rules.grace_period;
      if (now < until) return "added less than the grace period ago: acted on from " + util::to_iso8601(until);
    }
  }
  return {};
}

planned_actions plan(const std::vector<rules::finding>& findings) {
  planned_actions a;
  for (const auto& f : findings) {
    a.comment = a.comment || f.in_comment;
    if (!f.label.empty() && std::none_of(a.labels.begin(), a.labels.end(), [&](const auto& l) { return iequals(l, f.label); })) {
      a.labels.push_back(f.label);
    }
    if (a.move_to.empty()) a.move_to = f.move_to;
  }
  return a;
}

bool board_matches(const rules::board_facts& board, std::string_view wanted) {
  return iequals(board.name, wanted) || iequals(board.title, wanted);
}

}  // namespace

result<std::vector<board_verdict>> evaluate(store::database& db, const config::settings& settings,
                                            const evaluation_options& options) {
  const auto all = rules::load_boards(db, settings);
  // Dependencies may point at items of any board, whichever boards are judged.
  const auto lookup = rules::issue_lookup(db, all);
  auto boards = all;
  if (options.board) {
    auto wanted = std::find_if(boards.begin(), boards.end(), [&](const auto& b) { return board_matches(b, *options.board); });
    if (wanted == boards.end()) {
      std::string known;
      for (const auto& b : boards) known += (known.empty() ? "" : ", ") + b.name + " (" + b.title + ")";
      return make_error("no board '" + *options.board + "' in the mirror" +
                        (known.empty() ? std::string(" (it holds none yet: run roadmapd sync --once)")
                                       : "; there are: " + known));
    }
    boards = {*wanted};
  }
  std::set<std::string> only;
  if (options.item_ids) only.insert(options.item_ids->begin(), options.item_ids->end());

  // Only the boards that show one of the items are read (a webhook names one or two items).
  std::set<std::string> boards_with_items;
  if (options.item_ids) {
    auto& q = db.prepare("SELECT project_id FROM items WHERE id = ?1");
    for (const auto& id : *options.item_ids) {
      q.query(id);
      while (q.step()) boards_with_items.insert(q.column_text(0));
    }
  }

  auto progress_options = progress::options_from(settings);
  progress_options.now = options.now;
  progress::model progress_model(db, progress_options);
  // Every item of the mirror judged for progress: one scan per table beats a few lookups per item.
  const bool any_stale = std::any_of(boards.begin(), boards.end(),
                                     [&](const auto& b) { return rules::rule_set_for(settings, b).stale.enabled; });
  if (!options.item_ids && (options.progress || any_stale)) progress_model.read_all();

  std::vector<board_verdict> out;
  for (auto& board : boards) {
    if (options.item_ids && !boards_with_items.count(board.project_id)) continue;
    const auto& set = rules::rule_set_for(settings, board);
    board_verdict bv;
    bv.rule_set = set.name.empty() ? "default" : set.name;
    bv.dry_run = set.dry_run.value_or(settings.rules.dry_run);
    bv.checks = rules::check_board(board, set);
    for (auto& item : rules::load_items(db, board, set)) {
      if (options.item_ids && !only.count(item.item_id)) continue;
      item_verdict v;
      v.skipped = skip_reason(item, board, settings.rules, set);
      if (v.skipped.empty()) {
        rules::judge_context ctx{item, board, set, lookup};
        if (options.progress || set.stale.enabled) {
          v.progress = progress_model.of_item(board, item, set);
          if (v.progress->state == progress::state::stale) ctx.stale_reason = v.progress->reason;
        }
        v.findings = rules::judge(ctx);
        v.waiting = wait_reason(item, settings.rules, options.now);
        v.actions = plan(v.findings);
      }
      v.item = std::move(item);
      bv.items.push_back(std::move(v));
    }
    bv.board = std::move(board);
    out.push_back(std::move(bv));
  }
  return out;
}

}  // namespace roadmapd::enforce

// The quarter review (kind quarter): per board and theme, what was planned for the quarter when it
// began (from the change log), against what became of it: done, slipped, dropped, still open; beside
// each board the quarter's Themes & Goals text.
#include <algorithm>
#include <map>

#include "history/timeline.hpp"
#include "report/builders.hpp"
#include "rules/item_tests.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace roadmapd::report {
namespace {

using util::iequals;

// The quarter an item was in at `at`: the first iteration target field that names one, else its
// column, as the change log and the mirror say.
std::optional<rules::quarter> quarter_at(history::timeline& t, const roadmap_item& item, const std::string& at) {
  for (const auto& name : item.rules->schedule.target_fields) {
    std::optional<std::string> now;
    for (const auto& [field, v] : item.facts.fields) {
      if (iequals(field, name) && v.iteration_title) now = v.iteration_title;
    }
    if (auto then = t.item_value_at(item.facts.item_id, "field", name, at, now)) {
      if (auto q = rules::parse_quarter(*then)) return q;
    }
  }
  const std::optional<std::string> status = item.facts.status.empty() ? std::nullopt : std::optional(item.facts.status);
  if (auto then = t.item_value_at(item.facts.item_id, "field", item.rules->status_field, at, status)) {
    return rules::parse_quarter(*then);
  }
  return std::nullopt;
}

}  // namespace

json_value quarter_report(store::database& db, const config::settings&, const roadmap& map, const request& r,
                          json_allocator& a) {
  const auto q = rules::parse_quarter(r.quarters.front());
  const std::string start = q->start + "T00:00:00Z", end = q->end + "T00:00:00Z";
  const std::string now = util::to_iso8601(r.now);
  history::timeline t(db);

  json_value boards(rapidjson::kArrayType);
  for (const auto& board : map.boards) {
    // The board's history may begin after the quarter did: then "planned" is as of that beginning.
    const std::string history_start = t.board_start(board.project_id);
    const std::string as_of = std::max(start, history_start);
    std::map<std::string, std::vector<const roadmap_item*>> planned;  // theme -> items
    std::vector<std::string> theme_order;
    for (const auto& item : map.items) {
      if (item.board != &board) continue;
      if (!t.on_board_at(item.facts.item_id, as_of, true, item.facts.created_at)) continue;
      const auto then = quarter_at(t, item, as_of);
      if (!then || then->start != q->start) continue;
      const std::string theme = item.theme.empty() ? "(no theme)" : item.theme;
      if (!planned.contains(theme)) theme_order.push_back(theme);
      planned[theme].push_back(&item);
    }
    json_value themes(rapidjson::kArrayType);
    int total = 0, done_count = 0, slipped_count = 0, dropped_count = 0;
    for (const auto& theme : theme_order) {
      json_value done(rapidjson::kArrayType), slipped(rapidjson::kArrayType), dropped(rapidjson::kArrayType),
          open(rapidjson::kArrayType);
      for (const auto* item : planned[theme]) {
        ++total;
        const auto st = item->progress.state;
        const auto quarter_now = quarter_at(t, *item, now);
        if (st == progress::state::done) {
          done.PushBack(item_json(*item, a), a);
          ++done_count;
        } else if (st == progress::state::dropped) {
          dropped.PushBack(item_json(*item, a), a);
          ++dropped_count;
        } else if ((quarter_now && quarter_now->start > q->start) || now >= end) {
          json_object o(a);
          o.set("item", item_json(*item, a)).set("now_in", quarter_now ? quarter_now->column : std::string(item->facts.status));
          slipped.PushBack(o.take(), a);
          ++slipped_count;
        } else {
          open.PushBack(item_json(*item, a), a);
        }
      }
      json_object o(a);
      o.set("theme", theme)
          .set("planned", static_cast<int>(planned[theme].size()))
          .set("done", std::move(done))
          .set("slipped", std::move(slipped))
          .set("dropped", std::move(dropped))
          .set("open", std::move(open));
      themes.PushBack(o.take(), a);
    }
    std::string goals;
    for (const auto& c : board.goals_cards) {
      if (auto cq = rules::parse_quarter(c.column); cq && cq->start == q->start) goals = c.body;
    }
    json_object b(a);
    b.set("board", board.name)
        .set("title", board.title)
        .set("goals", goals)
        .set("history_start", history_start)
        .set("planned_as_of", as_of)
        .set("planned", total)
        .set("done", done_count)
        .set("slipped", slipped_count)
        .set("dropped", dropped_count)
        .set("themes", std::move(themes));
    boards.PushBack(b.take(), a);
  }
  json_object out(a);
  out.set("quarter", q->column).set("start", q->start).set("end", util::to_iso8601(*util::parse_iso8601(end) - std::chrono::hours(24)).substr(0, 10))
      .set("ended", now >= end).set("boards", std::move(boards));
  return out.take();
}

}  // namespace roadmapd::report

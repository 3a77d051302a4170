// The release roadmap (kind release): everything in a milestone, or planned for the quarters a
// release spans, grouped by component board and theme, with owners, progress and open blockers: the
// text a release manager posts to the release thread.
#include <algorithm>
#include <map>
#include <set>

#include "progress/model.hpp"
#include "report/builders.hpp"
#include "rules/item_tests.hpp"
#include "util/text.hpp"

namespace roadmapd::report {
namespace {

using util::iequals;

}  // namespace

result<json_value> release_report(store::database& db, const config::settings& settings, const roadmap& map,
                                  const request& r, json_allocator& a) {
  // Which items: those whose issue is in the milestone, or those planned for one of the quarters.
  std::set<std::string> in_milestone;  // content ids
  std::vector<std::tuple<std::string, std::string, std::string, std::string>> elsewhere;  // id, ref, title, url
  if (!r.milestone.empty()) {
    auto& q = db.prepare(
        "SELECT id, repo || '#' || number, title, url FROM issues WHERE milestone = ?1 COLLATE NOCASE ORDER BY repo, number");
    q.query(r.milestone);
    while (q.step()) {
      in_milestone.insert(q.column_text(0));
      if (map.showing(q.column_text(0)).empty()) {
        elsewhere.emplace_back(q.column_text(0), q.column_text(1), q.column_text(2), q.column_text(3));
      }
    }
    if (in_milestone.empty()) {
      auto& known = db.prepare("SELECT DISTINCT milestone FROM issues WHERE milestone IS NOT NULL ORDER BY milestone");
      known.query();
      std::string names;
      while (known.step()) names += (names.empty() ? "" : ", ") + known.column_text(0);
      return make_error("no mirrored issue or pull request is in milestone '" + r.milestone + "'" +
                        (names.empty() ? std::string(" (none has a milestone)") : "; milestones there are: " + names));
    }
  }
  std::vector<rules::quarter> quarters;
  for (const auto& text : r.quarters) quarters.push_back(*rules::parse_quarter(text));
  auto wanted = [&](const roadmap_item& item) {
    if (!r.milestone.empty()) return in_milestone.contains(item.facts.content_id);
    const auto q = rules::parse_quarter(item.quarter);
    return q && std::any_of(quarters.begin(), quarters.end(), [&](const auto& w) { return w.start == q->start; });
  };

  json_value boards(rapidjson::kArrayType);
  int total = 0, done = 0;
  std::set<std::string> counted;  // an issue on two boards is one item of the release
  for (const auto& board : map.boards) {
    std::map<std::string, json_value> by_theme;
    std::vector<std::string> order;
    for (const auto& item : map.items) {
      if (item.board != &board || !wanted(item)) continue;
      const std::string theme = item.theme.empty() ? "(no theme)" : item.theme;
      if (!by_theme.contains(theme)) {
        by_theme.emplace(theme, json_value(rapidjson::kArrayType));
        order.push_back(theme);
      }
      by_theme[theme].PushBack(item_json(item, a), a);
      if (counted.insert(item.facts.content_id.empty() ? item.facts.item_id : item.facts.content_id).second) {
        ++total;
        done += item.progress.state == progress::state::done ? 1 : 0;
      }
    }
    if (order.empty()) continue;
    json_value themes(rapidjson::kArrayType);
    for (const auto& theme : order) {
      json_object t(a);
      t.set("theme", theme).set("items", std::move(by_theme[theme]));
      themes.PushBack(t.take(), a);
    }
    json_object b(a);
    b.set("board", board.name).set("title", board.title).set("themes", std::move(themes));
    boards.PushBack(b.take(), a);
  }

  // In the milestone but on none of these boards: shown with the issue's own progress.
  auto options = progress::options_from(settings);
  options.now = r.now;
  progress::model model(db, options);
  json_value rest(rapidjson::kArrayType);
  for (const auto& [id, ref, title, url] : elsewhere) {
    const auto p = model.of_issue(id);
    json_object progress(a);
    progress.set("state", std::string(progress::to_string(p.state))).set("reason", p.reason).set("done", p.done).set("total", p.total)
        .set("source", p.source).set("blockers", p.blockers);
    json_object o(a);
    o.set("ref", ref).set("title", title).set("url", url).set("progress", progress.take());
    rest.PushBack(o.take(), a);
    ++total;
    done += p.state == progress::state::done ? 1 : 0;
  }
  json_object out(a);
  out.set("milestone", r.milestone).set("quarters", r.quarters).set("items", total).set("done", done)
      .set("boards", std::move(boards)).set("elsewhere", std::move(rest));
  return out.take();
}

}  // namespace roadmapd::report

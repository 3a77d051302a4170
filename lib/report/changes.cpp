// The "what changed" report (kind changes): the change log's rows in [since, now), read the way a
// release manager reads them: added, finished, dropped, moved between quarters, owner changes,
// blocked and unblocked, newly stale, at risk, tracking progress, findings opened and fixed.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <unordered_map>

#include "history/timeline.hpp"
#include "report/builders.hpp"
#include "report/window.hpp"
#include "rules/item_tests.hpp"
#include "util/text.hpp"
#include "util/time.hpp"

namespace roadmapd::report {
namespace {

using util::iequals;

bool named_in(const std::vector<std::string>& names, const std::string& attribute) {
  return std::any_of(names.begin(), names.end(), [&](const auto& n) { return iequals(n, attribute); });
}

// "apache/tvm#12" -> {"apache/tvm", 12}.
std::pair<std::string, int> split_reference(const std::string& name) {
  const auto hash = name.rfind('#');
  return {name.substr(0, hash), std::atoi(name.c_str() + hash + 1)};
}

using row = window_row;

// Why an issue was closed at a time: the reason GitHub gives now, unless the change log says it
// changed since. From the window's rows and any after it; a report meets thousands of closes.
class close_reasons {
 public:
  close_reasons(window& w, const std::vector<row>& rows) : now_(std::move(w.reasons_now)) {
    for (const auto& x : rows) {
      if (x.kind == "issue" && x.attribute == "state_reason") changes_[x.content_id].emplace_back(x.at, x.old_value.value_or(""));
    }
    for (auto& c : w.later_reasons) changes_[c.content_id].emplace_back(std::move(c.at), std::move(c.before));
  }

  // The first change after `at` tells what it was until then.
  std::string at(const std::string& content_id, const std::string& at) const {
    if (auto c = changes_.find(content_id); c != changes_.end()) {
      for (const auto& [when, before] : c->second) {
        if (when > at) return before;
      }
    }
    auto n = now_.find(content_id);
    return n == now_.end() ? std::string() : n->second;
  }

 private:
  std::unordered_map<std::string, std::string> now_;
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>> changes_;
};


// Each item's JSON is made once and copied into every entry that shows it: a busy item shows in
// many entries, and a copy is compact where an object built member by member keeps room for 16.
class item_entries {
 public:
  explicit item_entries(json_allocator& a) : a_(a) {}
  json_value operator()(const roadmap_item& item) {
    auto [it, fresh] = made_.try_emplace(&item);
    if (fresh) it->second = item_json(item, scratch_.GetAllocator());
    return json_value(it->second, a_);
  }

 private:
  json_allocator& a_;
  rapidjson::Document scratch_;
  std::unordered_map<const roadmap_item*, json_value> made_;
};

}  // namespace

json_value changes_report(store::database& db, const config::settings& settings, const roadmap& map, const request& r,
                          window w, json_allocator& a) {
  const std::string since = util::to_iso8601(r.since), until = util::to_iso8601(r.now);
  item_entries items(a);
  std::set<std::string> boards;
  for (const auto& b : map.boards) boards.insert(b.project_id);

  // Item rows of other boards are not this report's; issue rows belong to whoever shows the issue.
  std::vector<row> rows;
  rows.reserve(w.rows.size());
  for (auto& x : w.rows) {
    if (!x.project_id.empty() && !boards.contains(x.project_id)) continue;
    if (x.project_id.empty() && !x.content_id.empty() && !map.by_content.contains(x.content_id)) continue;
    rows.push_back(std::move(x));
  }

  const close_reasons reasons(w, rows);
  json_value added(rapidjson::kArrayType), finished(rapidjson::kArrayType), dropped(rapidjson::kArrayType),
      moved(rapidjson::kArrayType), owners(rapidjson::kArrayType), progress(rapidjson::kArrayType),
      unblocked(rapidjson::kArrayType), blocked(rapidjson::kArrayType), stale(rapidjson::kArrayType),
      at_risk(rapidjson::kArrayType), opened(rapidjson::kArrayType), fixed(rapidjson::kArrayType);

  // An item that is gone keeps what its last rows say.
  auto item_or_gone = [&](const row& x) -> json_value {
    if (const auto* item = map.find(x.item_id)) return items(*item);
    json_object gone(a);
    std::string board_title = x.board;
    for (const auto& b : map.boards) {
      if (b.project_id == x.project_id) board_title = b.title;
    }
    gone.set("item_id", x.item_id).set("board", x.board).set("board_title", board_title)
        .set("title", x.old_value.value_or(x.content_ref)).set("ref", x.content_ref);
    // Its issue or pull request may still be mirrored: then the report can link to it.
    auto& url = db.prepare("SELECT url FROM issues WHERE id = ?1");
    url.query(x.content_id);
    if (url.step()) gone.set("url", url.column_text(0));
    url.reset();
    return gone.take();
  };
  auto entry = [&](json_value item, const std::string& at) {
    json_object o(a);
    o.set("item", std::move(item)).set("at", at);
    return o;
  };

  // Quarter moves: the first "from" and the last "to" of each item in the window, net.
  struct move {
    std::string from, to, at;
  };
  std::map<std::string, move> moves;
  std::vector<std::string> move_order;
  std::map<std::string, std::pair<std::string, std::string>> tracking;  // content -> first old, last new
  std::vector<std::string> tracking_order;
  std::set<std::string> finished_items;  // each item is finished once, the first time in the window
  // Owner changes, net: per item and attribute the first "from" and the last "to"; a change undone
  // in the window is no change.
  struct owner_change {
    const roadmap_item* item;
    std::optional<std::string> from, to;
    std::string at;
  };
  std::map<std::string, owner_change> owner_changes;
  std::vector<std::string> owner_order;
  auto note_owner = [&](const roadmap_item* item, const row& x) {
    const std::string key = item->facts.item_id + " " + x.kind + " " + x.attribute;
    auto [it, fresh] = owner_changes.try_emplace(key, owner_change{item, x.old_value, x.new_value, x.at});
    if (fresh) owner_order.push_back(key);
    it->second.to = x.new_value;
    it->second.at = x.at;
  };

  std::unordered_map<std::string, std::string> last_state;  // issue -> its state after the window's rows
  for (const auto& x : rows) {
    if (x.kind == "issue" && x.attribute == "state") last_state[x.content_id] = x.new_value.value_or("");
  }
  for (const auto& x : rows) {
    const roadmap_item* item = map.find(x.item_id);
    const config::rule_set* set = item ? item->rules : nullptr;
    if (x.kind == "item" && x.attribute == "added") {
      added.PushBack(entry(item_or_gone(x), x.at).take(), a);
    } else if (x.kind == "item" && x.attribute == "removed") {
      dropped.PushBack(entry(item_or_gone(x), x.at).set("how", "removed from the board").take(), a);
    } else if (x.kind == "field" && set != nullptr) {
      const bool quarter_field = named_in(set->schedule.target_fields, x.attribute) || iequals(set->status_field, x.attribute);
      if (iequals(x.attribute, set->status_field) && x.new_value &&
          std::any_of(set->done_statuses.begin(), set->done_statuses.end(), [&](const auto& d) { return iequals(d, *x.new_value); })) {
        if (finished_items.insert(item->facts.item_id).second) {
          finished.PushBack(entry(items(*item), x.at).set("how", "moved to " + *x.new_value).take(), a);
        }
      } else if (quarter_field && rules::parse_quarter(x.old_value.value_or("")) &&
                 rules::parse_quarter(x.new_value.value_or(""))) {
        auto [it, fresh] = moves.try_emplace(x.item_id, move{*x.old_value, *x.new_value, x.at});
        if (fresh) move_order.push_back(x.item_id);
        it->second.to = *x.new_value;
        it->second.at = x.at;
      } else if (named_in(set->owner.fields, x.attribute)) {
        note_owner(item, x);
      }
    } else if (x.kind == "issue" && x.attribute == "state" && x.new_value && *x.new_value != "OPEN" &&
               last_state.at(x.content_id) != "OPEN") {
      // Closed as completed or merged is finished; as not planned (or a duplicate), dropped. Closed
      // and reopened in the window is neither: it is open.
      const std::string why = reasons.at(x.content_id, x.at);
      for (const auto* shown : map.showing(x.content_id)) {
        if (why == "NOT_PLANNED" || why == "DUPLICATE") {
          dropped.PushBack(entry(items(*shown), x.at)
                               .set("how", why == "DUPLICATE" ? "closed as a duplicate" : "closed as not planned")
                               .take(),
                           a);
        } else if (finished_items.insert(shown->facts.item_id).second) {
          finished.PushBack(entry(items(*shown), x.at).set("how", *x.new_value == "MERGED" ? "merged" : "closed").take(), a);
        }
      }
    } else if (x.kind == "issue" && x.attribute == "assignees") {
      for (const auto* shown : map.showing(x.content_id)) note_owner(shown, x);
    } else if (x.kind == "tracking") {
      auto [it, fresh] = tracking.try_emplace(x.content_id + " " + x.attribute, x.old_value.value_or("0/0"), x.new_value.value_or(""));
      if (fresh) tracking_order.push_back(x.content_id + " " + x.attribute);
      it->second.second = x.new_value.value_or("");
    }
  }

  for (const auto& id : move_order) {
    const auto& m = moves.at(id);
    const auto from = rules::parse_quarter(m.from), to = rules::parse_quarter(m.to);
    if (!from || !to || from->start == to->start) continue;  // moved and moved back: no net move
    const auto* item = map.find(id);
    if (item == nullptr) continue;
    moved.PushBack(entry(items(*item), m.at)
                       .set("from", m.from)
                       .set("to", m.to)
                       .set("direction", to->start > from->start ? "later" : "earlier")
                       .take(),
                   a);
  }
  for (const auto& key : owner_order) {
    const auto& c = owner_changes.at(key);
    if (c.from == c.to) continue;
    owners.PushBack(entry(items(*c.item), c.at).set("from", c.from).set("to", c.to).take(), a);
  }
  for (const auto& key : tracking_order) {
    const auto [content_id, series] = std::pair{key.substr(0, key.find(' ')), key.substr(key.find(' ') + 1)};
    const auto& [from, to] = tracking.at(key);
    if (from == to) continue;
    json_object o(a);
    if (const auto shown = map.showing(content_id); !shown.empty() && !shown.front()->facts.repo.empty()) {
      // On a board: the item knows its issue's title (thousands of tracking rows, one lookup each).
      const auto& f = shown.front()->facts;
      o.set("title", f.title).set("ref", f.repo + "#" + std::to_string(f.number)).set("url", f.url);
    } else {
      auto& title = db.prepare("SELECT title, repo || '#' || number, url FROM issues WHERE id = ?1");
      title.query(content_id);
      if (title.step()) o.set("title", title.column_text(0)).set("ref", title.column_text(1)).set("url", title.column_text(2));
      title.reset();
    }
    o.set("signal", series == "progress" ? "task list" : "sub-issues").set("from", from).set("to", to);
    progress.PushBack(o.take(), a);
  }

  // Now: blocked items and whether they were already blocked at `since`; dependencies closed in the
  // window; items that went stale in it; items at risk.
  history::timeline t(db);
  for (const auto& item : map.items) {
    const auto& p = item.progress;
    if (p.state == progress::state::blocked) {
      bool was_blocked = !item.facts.created_at.empty() && item.facts.created_at < since;
      bool any_open_then = false;
      for (const auto& dep : p.blockers) {
        const auto [repo, number] = split_reference(dep);
        auto& id = db.prepare("SELECT id FROM issues WHERE repo = ?1 AND number = ?2");
        id.query(repo, number);
        const std::string dep_id = id.step() ? id.column_text(0) : std::string();
        id.reset();
        any_open_then = any_open_then || t.issue_value_at(dep_id, "state", since, std::string("OPEN")).value_or("") == "OPEN";
      }
      if (!(was_blocked && any_open_then)) {
        json_object o(a);
        o.set("item", items(item)).set("blockers", p.blockers);
        blocked.PushBack(o.take(), a);
      }
    }
    // Done and dropped items have no dependencies read, and are not unblocked.
    for (const auto& name : p.dependencies) {
      const auto [repo, number] = split_reference(name);
      auto& dep = db.prepare(
          "SELECT c.at, c.new_value FROM changes c JOIN issues s ON s.id = c.content_id "
          "WHERE s.repo = ?1 AND s.number = ?2 AND c.kind = 'issue' AND c.attribute = 'state' AND c.new_value <> 'OPEN' "
          "AND c.at >= ?3 AND c.at <= ?4 ORDER BY c.at DESC LIMIT 1");
      dep.query(repo, number, since, until);
      if (dep.step()) {
        json_object o(a);
        o.set("item", items(item)).set("dependency", name).set("at", dep.column_text(0));
        unblocked.PushBack(o.take(), a);
      }
      dep.reset();
    }
    if (p.state == progress::state::stale) {
      const auto last = util::parse_iso8601(p.last_activity);
      if (last && util::to_iso8601(*last + settings.progress.stale_after) >= since) {
        json_object o(a);
        o.set("item", items(item)).set("since", util::to_iso8601(*last + settings.progress.stale_after));
        stale.PushBack(o.take(), a);
      }
    }
    if (p.state == progress::state::at_risk) {
      json_object o(a);
      o.set("item", items(item));
      at_risk.PushBack(o.take(), a);
    }
  }

  auto& audit = db.prepare(
      "SELECT at, coalesce(board, ''), coalesce(item_id, ''), coalesce(finding, ''), action, coalesce(detail, '') "
      "FROM enforcement_audit WHERE action IN ('found', 'fixed') AND at >= ?1 AND at <= ?2 ORDER BY seq");
  audit.query(since, until);
  while (audit.step()) {
    const roadmap_item* item = map.find(audit.column_text(2));
    if (item == nullptr) continue;
    json_object o(a);
    o.set("item", items(*item)).set("finding", audit.column_text(3)).set("at", audit.column_text(0));
    if (audit.column_text(4) == "found") {
      o.set("message", audit.column_text(5));
      opened.PushBack(o.take(), a);
    } else {
      fixed.PushBack(o.take(), a);
    }
  }

  json_object findings(a);
  findings.set("opened", std::move(opened)).set("fixed", std::move(fixed));
  json_object out(a);
  out.set("added", std::move(added))
      .set("finished", std::move(finished))
      .set("dropped", std::move(dropped))
      .set("moved", std::move(moved))
      .set("owners", std::move(owners))
      .set("newly_blocked", std::move(blocked))
      .set("unblocked", std::move(unblocked))
      .set("newly_stale", std::move(stale))
      .set("at_risk", std::move(at_risk))
      .set("progress", std::move(progress))
      .set("findings", findings.take());
  return out.take();
}

}  // namespace roadmapd::report

// load_roadmap (see roadmap.hpp).
#include "report/roadmap.hpp"

#include <algorithm>

#include <future>

#include "progress/model.hpp"
#include "rules/facts_loader.hpp"
#include "rules/item_tests.hpp"
#include "util/text.hpp"

namespace roadmapd::report {
namespace {

using util::iequals;

const rules::field_value* field(const rules::item_facts& item, const std::string& name) {
  for (const auto& [n, v] : item.fields) {
    if (iequals(n, name)) return &v;
  }
  return nullptr;
}

std::string text_of(const rules::field_value* v) {
  if (v == nullptr) return {};
  if (v->iteration_title) return *v->iteration_title;
  if (v->text) return *v->text;
  if (v->date) return *v->date;
  return {};
}

bool is_card(const rules::board_facts& board, const std::string& item_id) {
  auto same = [&](const rules::card& c) { return c.item_id == item_id; };
  return std::any_of(board.theme_cards.begin(), board.theme_cards.end(), same) ||
         std::any_of(board.goals_cards.begin(), board.goals_cards.end(), same);
}

}  // namespace

const roadmap_item* roadmap::find(const std::string& item_id) const {
  auto it = by_id.find(item_id);
  return it == by_id.end() ? nullptr : &items[it->second];
}

std::vector<const roadmap_item*> roadmap::showing(const std::string& content_id) const {
  std::vector<const roadmap_item*> out;
  if (content_id.empty()) return out;
  for (auto [it, end] = by_content.equal_range(content_id); it != end; ++it) out.push_back(&items[it->second]);
  std::sort(out.begin(), out.end());  // in the roadmap's order: boards as configured, then position
  return out;
}

result<roadmap> load_roadmap(store::database& db, const config::settings& settings, const std::optional<std::string>& board,
                             std::chrono::system_clock::time_point now) {
  roadmap out;
  auto options = progress::options_from(settings);
  options.now = now;
  progress::model model(db, options);
  // The progress signals (a scan of each table the model reads, the change log above all) on a
  // second connection while this one reads the boards and their items: plain reads of about the same
  // length. Only when the mirror is a file and this connection holds no transaction, so that the
  // reader sees what this one sees.
  std::future<bool> signals_read;
  if (db.readers_see_the_same()) {
    signals_read = std::async(std::launch::async, [&model, path = db.name()] {
      auto reader = store::database::open_reader(path);
      if (!reader) return false;
      model.read_all(*reader);
      return true;
    });
  }
  out.boards = rules::load_boards(db, settings);
  if (board) {
    auto wanted = std::find_if(out.boards.begin(), out.boards.end(),
                               [&](const auto& b) { return iequals(b.name, *board) || iequals(b.title, *board); });
    if (wanted == out.boards.end()) {
      std::string known;
      for (const auto& b : out.boards) known += (known.empty() ? "" : ", ") + b.name + " (" + b.title + ")";
      return make_error("no board '" + *board + "' in the mirror" +
                        (known.empty() ? std::string(" (it holds none yet: run roadmapd sync --once)") : "; there are: " + known));
    }
    out.boards = {*wanted};
  }
  std::vector<std::vector<rules::item_facts>> items;
  for (const auto& b : out.boards) items.push_back(rules::load_items(db, b, rules::rule_set_for(settings, b)));
  if (!signals_read.valid() || !signals_read.get()) model.read_all();  // get() rethrows what the reader threw
  for (std::size_t k = 0; k < out.boards.size(); ++k) {
    const auto& b = out.boards[k];
    const auto& set = rules::rule_set_for(settings, b);
    for (auto& facts : items[k]) {
      if (is_card(b, facts.item_id) || facts.type == "REDACTED") continue;
      roadmap_item item;
      item.board = &b;
      item.rules = &set;
      item.progress = model.of_item(b, facts, set);
      item.theme = text_of(field(facts, set.theme.field));
      item.priority = text_of(field(facts, set.priority.field));
      for (const auto& name : set.schedule.target_fields) {
        if (const auto* v = field(facts, name); v != nullptr && v->iteration_title) item.quarter = *v->iteration_title;
      }
      if (item.quarter.empty() && rules::parse_quarter(facts.status)) item.quarter = facts.status;
      // The assignees, then the logins an owner field names ("@a, @b"), each once.
      auto add_owner = [&](std::string login) {
        while (!login.empty() && (login.front() == '@' || login.front() == ' ')) login.erase(0, 1);
        while (!login.empty() && login.back() == ' ') login.pop_back();
        if (login.empty()) return;
        if (std::none_of(item.owners.begin(), item.owners.end(), [&](const auto& o) { return iequals(o, login); })) {
          item.owners.push_back(login);
        }
      };
      for (const auto& login : facts.assignees) add_owner(login);
      for (const auto& name : set.owner.fields) {
        const auto text = text_of(field(facts, name));
        std::size_t start = 0;
        while (start <= text.size()) {
          const auto end = std::min(text.find_first_of(", ", start), text.size());
          add_owner(text.substr(start, end - start));
          start = end + 1;
        }
      }
      item.facts = std::move(facts);
      out.by_id.emplace(item.facts.item_id, out.items.size());
      if (!item.facts.content_id.empty()) out.by_content.emplace(item.facts.content_id, out.items.size());
      out.items.push_back(std::move(item));
    }
  }
  return out;
}

}  // namespace roadmapd::report

// load_boards, load_items, issue_lookup: plain SQL over the mirror's tables (0001_tables.sql) and
// its item_values view, one statement per table per board, assembled into facts in memory.
#include "rules/facts_loader.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>

#include "rules/item_tests.hpp"

namespace roadmapd::rules {
namespace {

std::string lowered(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

std::string issue_key(const std::string& repo, int number) { return lowered(repo) + "#" + std::to_string(number); }

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

const config::project_settings* project_of(const config::settings& settings, const board_facts& board) {
  for (const auto& p : settings.projects)
    if (iequals(p.owner, board.owner) && p.number == board.number) return &p;
  return nullptr;
}

const config::rule_set& rule_set_named(const config::settings& settings, const std::string& name) {
  static const config::rule_set built_in = [] {
    config::rule_set r;
    r.name = "default";
    return r;
  }();
  const auto& sets = settings.rules.rule_sets;
  if (auto it = sets.find(name); it != sets.end()) return it->second;
  if (auto it = sets.find("default"); it != sets.end()) return it->second;
  return built_in;
}

// "TEXT" from the mirror's "text", and so on.
std::string kind_name(std::string kind) {
  for (char& c : kind) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return kind;
}

}  // namespace

const config::rule_set& rule_set_for(const config::settings& settings, const board_facts& board) {
  const auto* project = project_of(settings, board);
  return rule_set_named(settings, project != nullptr ? project->rule_set : std::string("default"));
}

std::vector<board_facts> load_boards(store::database& db, const config::settings& settings) {
  std::vector<board_facts> boards;
  auto& project_st = db.prepare("SELECT id, owner, number, title FROM projects WHERE owner = ?1 AND number = ?2");
  // The status field: the first single-select field of that name.
  auto& options_st = db.prepare(R"(
    SELECT o.name FROM field_options o
    WHERE o.field_id = (SELECT f.id FROM project_fields f
                        WHERE f.project_id = ?1 AND f.name = ?2 COLLATE NOCASE AND f.data_type = 'SINGLE_SELECT'
                        ORDER BY f.position LIMIT 1)
    ORDER BY o.position)");
  // Bodies only for the cards: every item of a board passes through this query.
  auto& cards_st = db.prepare(R"(
    SELECT i.id, coalesce(i.title, s.title, ''), v.value
    FROM items i
    JOIN item_values v ON v.item_id = i.id AND v.field = ?2 COLLATE NOCASE AND v.kind = 'single_select'
    LEFT JOIN issues s ON s.id = i.content_id
    WHERE i.project_id = ?1 AND NOT i.archived AND i.type <> 'REDACTED'
    ORDER BY i.position)");

  auto& body_st = db.prepare(
      "SELECT coalesce(s.body, i.body, '') FROM items i LEFT JOIN issues s ON s.id = i.content_id WHERE i.id = ?1");
  for (const auto& project : settings.projects) {
    board_facts board;
    project_st.query(project.owner, project.number);
    bool found = false;
    while (project_st.step()) {
      found = true;
      board.project_id = project_st.column_text(0);
      board.owner = project_st.column_text(1);
      board.number = project_st.column_int(2);
      board.title = project_st.column_text(3);
    }
    if (!found) continue;
    board.name = board.owner + "/" + std::to_string(board.number);
    const config::rule_set& rules = rule_set_named(settings, project.rule_set);

    options_st.query(board.project_id, rules.status_field);
    while (options_st.step()) {
      board.statuses.push_back(options_st.column_text(0));
      if (auto q = parse_quarter(board.statuses.back())) board.quarters.push_back(std::move(*q));
    }

    cards_st.query(board.project_id, rules.status_field);
    while (cards_st.step()) {
      card c{cards_st.column_text(0), cards_st.column_text(1), std::string(), cards_st.column_text(2)};
      if (!rules.theme.themes_column.empty() && iequals(c.column, rules.theme.themes_column)) {
        board.theme_cards.push_back(std::move(c));
      } else if (quarter_of(board, c.column) != nullptr && starts_with_ci(c.title, "Themes & Goals")) {
        board.goals_cards.push_back(std::move(c));
      }
    }
    for (auto* cards : {&board.theme_cards, &board.goals_cards}) {
      for (auto& c : *cards) {
        body_st.query(c.item_id);
        if (body_st.step()) c.body = body_st.column_text(0);
        body_st.reset();
      }
    }

    if (!rules.theme.themes.empty()) {
      board.themes = rules.theme.themes;
    } else {
      for (const auto& c : board.theme_cards) board.themes.push_back(c.title);
    }
    boards.push_back(std::move(board));
  }
  return boards;
}

std::vector<item_facts> load_items(store::database& db, const board_facts& board, const config::rule_set& rules) {
  std::vector<item_facts> items;
  std::unordered_map<std::string, std::size_t> by_id;

  auto& items_st = db.prepare(
      "SELECT i.id, i.type, i.archived, coalesce(i.title, s.title, ''), coalesce(s.body, i.body, ''), "
      "coalesce(i.content_id, ''), coalesce(i.content_repo, s.repo, ''), coalesce(i.content_number, s.number, 0), "
      "coalesce(s.state, i.content_state, 'OPEN'), coalesce(s.author, ''), coalesce(i.created_at, ''), "
      "s.id IS NOT NULL OR i.type = 'DRAFT_ISSUE', coalesce(s.url, i.content_url, '') "
      "FROM items i LEFT JOIN issues s ON s.id = i.content_id "
      "WHERE i.project_id = ?1 AND i.type <> 'REDACTED' ORDER BY i.position, i.id");
  items_st.query(board.project_id);
  while (items_st.step()) {
    item_facts item;
    item.item_id = items_st.column_text(0);
    item.type = items_st.column_text(1);
    item.archived = items_st.column_int(2) != 0;
    item.title = items_st.column_text(3);
    item.body = items_st.column_text(4);
    item.content_id = items_st.column_text(5);
    item.repo = items_st.column_text(6);
    item.number = items_st.column_int(7);
    item.state = items_st.column_text(8);
    item.author = items_st.column_text(9);
    item.created_at = items_st.column_text(10);
    item.body_known = items_st.column_int(11) != 0;
    item.url = items_st.column_text(12);
    by_id.emplace(item.item_id, items.size());
    items.push_back(std::move(item));
  }

  // Assignees and labels from the mirrored issue when there is one: webhooks and roadmapd's own
  // writes keep it current, while the board's copy waits for the next board read. Items whose
  // issue is not mirrored (drafts, other repositories) have the board's copy only.
  auto& assignees_st = db.prepare(
      "SELECT a.item_id, a.login, a.position FROM item_assignees a JOIN items i ON i.id = a.item_id "
      "WHERE i.project_id = ?1 AND NOT EXISTS (SELECT 1 FROM issues s WHERE s.id = i.content_id) "
      "UNION ALL SELECT i.id, a.login, a.position FROM items i JOIN issue_assignees a ON a.issue_id = i.content_id "
      "WHERE i.project_id = ?1 ORDER BY 1, 3");
  assignees_st.query(board.project_id);
  while (assignees_st.step())
    if (auto it = by_id.find(assignees_st.column_text(0)); it != by_id.end())
      items[it->second].assignees.push_back(assignees_st.column_text(1));

  auto& labels_st = db.prepare(
      "SELECT l.item_id, l.name, l.position FROM item_labels l JOIN items i ON i.id = l.item_id "
      "WHERE i.project_id = ?1 AND NOT EXISTS (SELECT 1 FROM issues s WHERE s.id = i.content_id) "
      "UNION ALL SELECT i.id, l.name, l.position FROM items i JOIN issue_labels l ON l.issue_id = i.content_id "
      "WHERE i.project_id = ?1 ORDER BY 1, 3");
  labels_st.query(board.project_id);
  while (labels_st.step())
    if (auto it = by_id.find(labels_st.column_text(0)); it != by_id.end())
      items[it->second].labels.push_back(labels_st.column_text(1));

  auto& values_st = db.prepare(
      "SELECT v.item_id, v.field, v.kind, v.value, v.number, v.date, v.iteration_start, v.iteration_end "
      "FROM item_values v JOIN items i ON i.id = v.item_id WHERE i.project_id = ?1");
  values_st.query(board.project_id);
  while (values_st.step()) {
    auto it = by_id.find(values_st.column_text(0));
    if (it == by_id.end()) continue;
    item_facts& item = items[it->second];
    const std::string field = values_st.column_text(1);
    const std::string kind = values_st.column_text(2);
    field_value v;
    v.kind = kind_name(kind);
    if (kind == "number") {
      if (!values_st.column_is_null(4)) v.number = values_st.column_double(4);
    } else if (kind == "date") {
      v.date = values_st.column_optional_text(5);
    } else if (kind == "iteration") {
      v.iteration_title = values_st.column_optional_text(3);
      v.iteration_start = values_st.column_optional_text(6);
      v.iteration_end = values_st.column_optional_text(7);
    } else {
      v.text = values_st.column_optional_text(3);
    }
    if (iequals(field, rules.status_field) && kind == "single_select") item.status = v.text.value_or("");
    item.fields.emplace(field, std::move(v));
  }
  return items;
}

std::function<issue_status(const std::string& repo, int number)> issue_lookup(store::database& db,
                                                                               const std::vector<board_facts>& boards) {
  auto known = std::make_shared<std::unordered_map<std::string, issue_status>>();
  auto& issues_st = db.prepare("SELECT repo, number, state FROM issues");
  issues_st.query();
  while (issues_st.step()) {
    issue_status& s = (*known)[issue_key(issues_st.column_text(0), issues_st.column_int(1))];
    s.known = true;
    s.state = issues_st.column_text(2);
  }

  // An item's quarter is its status when that names one of its board's quarterly columns; any
  // single-select value is read so that this needs no rule set. The tables, not the item_values
  // view: through the view SQLite materialises every value of the mirror once per board.
  auto& items_st = db.prepare(R"(
    SELECT i.content_repo, i.content_number, coalesce(i.content_state, ''), coalesce(o.name, v.text)
    FROM items i
    LEFT JOIN item_field_values v ON v.item_id = i.id AND v.kind = 'single_select'
    LEFT JOIN field_options o ON o.field_id = v.field_id AND o.id = v.option_id
    WHERE i.project_id = ?1 AND i.content_number IS NOT NULL AND i.content_repo IS NOT NULL AND NOT i.archived)");
  for (const auto& board : boards) {
    items_st.query(board.project_id);
    while (items_st.step()) {
      issue_status& s = (*known)[issue_key(items_st.column_text(0), items_st.column_int(1))];
      if (!s.known) {
        s.known = true;
        s.state = items_st.column_text(2);
      }
      const quarter* q = quarter_of(board, items_st.column_text(3));
      if (q != nullptr && (!s.scheduled || q->start < s.scheduled->start)) s.scheduled = *q;
    }
  }
  return [known](const std::string& repo, int number) {
    auto it = known->find(issue_key(repo, number));
    return it != known->end() ? it->second : issue_status{};
  };
}

}  // namespace roadmapd::rules

// Expected mirror rows from a fake GitHub state, and actual rows from a mirror (see the header).
// Deliberately written from the fake's state format and GitHub's semantics, sharing no code with
// lib/, so a bug in roadmapd cannot cancel itself out here.
#include "mirror_expectation.hpp"

#include <cmath>
#include <regex>
#include <sstream>

#include "roadmapd_runner.hpp"

namespace roadmapd::test {

namespace {

using value = rapidjson::Value;

std::string str(const value& obj, const char* key) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || it->value.IsNull()) return "NULL";
  if (it->value.IsString()) return it->value.GetString();
  if (it->value.IsBool()) return it->value.GetBool() ? "1" : "0";
  if (it->value.IsInt64()) return std::to_string(it->value.GetInt64());
  if (it->value.IsNumber()) {
    std::ostringstream s;
    s << it->value.GetDouble();
    return s.str();
  }
  return "?";
}

bool flag(const value& obj, const char* key) {
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

const value* array(const value& obj, const char* key) {
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsArray() ? &it->value : nullptr;
}

std::string join(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += '|';
    out += p;
  }
  return out;
}

// A number as the item_values view shows it: integers without a fraction.
std::string number_text(double d) {
  if (d == std::floor(d)) return std::to_string(static_cast<long long>(d));
  std::ostringstream s;
  s << d;
  return s.str();
}

// Task-list entries of a body, counted line by line outside fenced code: (total, checked).
std::pair<int, int> count_tasks(const std::string& body) {
  static const std::regex task(R"(^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\](?:\s|$))");
  static const std::regex fence(R"(^\s*(```|~~~))");
  std::istringstream in(body);
  std::string line;
  bool in_code = false;
  int total = 0, done = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (std::regex_search(line, fence)) {
      in_code = !in_code;
      continue;
    }
    std::smatch m;
    if (!in_code && std::regex_search(line, m, task)) {
      ++total;
      if (m[1] != " ") ++done;
    }
  }
  return {total, done};
}

}  // namespace

mirror_scope fixture_scope() {
  return {{{"apache", 1}, {"apache", 2}, {"apache", 3}, {"denise-k", 7}}, {"apache/tvm", "apache/tvm-rfcs"}};
}

table_rows expected_rows(const rapidjson::Document& state, const mirror_scope& scope) {
  table_rows rows;
  for (const char* t : {"projects", "fields", "options", "iterations", "items", "item_values", "item_assignees",
                        "item_labels", "issues", "issue_assignees", "issue_labels", "tracking"}) {
    rows[t];
  }

  // Content nodes by id, and milestone titles by repository and number.
  std::map<std::string, const value*> content;
  for (const char* list : {"issues", "pull_requests", "draft_issues"}) {
    if (const auto* a = array(state, list)) {
      for (const auto& n : a->GetArray()) content[n["id"].GetString()] = &n;
    }
  }
  std::map<std::string, std::string> milestones;  // "owner/name#number" -> title
  for (const auto& r : state["repositories"].GetArray()) {
    const std::string repo = str(r, "owner") + "/" + str(r, "name");
    if (const auto* ms = array(r, "milestones")) {
      for (const auto& m : ms->GetArray()) milestones[repo + "#" + str(m, "number")] = str(m, "title");
    }
  }
  auto milestone_of = [&](const value& issue) {
    auto m = str(issue, "milestone");
    return m == "NULL" ? m : milestones[str(issue, "repository") + "#" + m];
  };

  for (const auto& p : state["projects"].GetArray()) {
    bool wanted = false;
    for (const auto& b : scope.boards) wanted = wanted || (str(p, "owner") == b.owner && p["number"].GetInt() == b.number);
    if (!wanted) continue;
    const std::string pid = str(p, "id");
    rows["projects"].insert(join({str(p, "owner"), str(p, "number"), pid, str(p, "title"), str(p, "closed")}));
    std::map<std::string, std::string> field_type;  // name -> dataType
    int fpos = 0;
    for (const auto& f : p["fields"].GetArray()) {
      const std::string fid = str(f, "id");
      field_type[str(f, "name")] = str(f, "dataType");
      rows["fields"].insert(join({pid, fid, str(f, "name"), str(f, "dataType"), std::to_string(fpos++)}));
      if (const auto* opts = array(f, "options")) {
        int opos = 0;
        for (const auto& o : opts->GetArray()) rows["options"].insert(join({fid, str(o, "id"), str(o, "name"), std::to_string(opos++)}));
      }
      auto cfg = f.FindMember("configuration");
      if (cfg != f.MemberEnd() && cfg->value.IsObject()) {
        for (const char* list : {"iterations", "completedIterations"}) {
          const std::string completed = std::string(list) == "iterations" ? "0" : "1";
          if (const auto* its = array(cfg->value, list)) {
            for (const auto& it : its->GetArray()) {
              rows["iterations"].insert(join({fid, str(it, "id"), str(it, "title"), str(it, "startDate"),
                                              str(it, "duration"), completed}));
            }
          }
        }
      }
    }
    int pos = 0;
    for (const auto& item : p["items"].GetArray()) {
      const std::string iid = str(item, "id");
      const std::string type = str(item, "type");
      const std::string cid = type == "REDACTED" ? "NULL" : str(item, "content");
      rows["items"].insert(join({pid, iid, type, flag(item, "isArchived") ? "1" : "0", std::to_string(pos++), cid,
                                 str(item, "createdAt")}));
      if (type == "REDACTED" || !content.count(cid)) continue;
      const value& c = *content[cid];
      rows["item_values"].insert(join({iid, "Title", str(c, "title")}));
      auto values = item.FindMember("values");
      if (values != item.MemberEnd() && values->value.IsObject()) {
        for (const auto& v : values->value.GetObject()) {
          const std::string field = v.name.GetString();
          if (v.value.IsNull()) continue;
          const std::string text = v.value.IsNumber() ? number_text(v.value.GetDouble()) : v.value.GetString();
          rows["item_values"].insert(join({iid, field, text}));
        }
      }
      if (const auto* a = array(c, "assignees")) {
        for (const auto& login : a->GetArray()) rows["item_assignees"].insert(join({iid, login.GetString()}));
      }
      if (type != "DRAFT_ISSUE") {
        if (const auto* l = array(c, "labels")) {
          for (const auto& name : l->GetArray()) rows["item_labels"].insert(join({iid, name.GetString()}));
        }
      }
    }
  }

  const std::regex tracking_title(R"(^\[RFC\]\[Tracking\])");
  for (const char* list : {"issues", "pull_requests"}) {
    const bool pr = std::string(list) == "pull_requests";
    for (const auto& is : state[list].GetArray()) {
      const std::string repo = str(is, "repository");
      bool wanted = false;
      for (const auto& r : scope.repositories) wanted = wanted || r == repo;
      if (!wanted) continue;
      const std::string id = str(is, "id");
      rows["issues"].insert(join({repo, str(is, "number"), id, pr ? "1" : "0", str(is, "title"), str(is, "state"),
                                  str(is, "author"), milestone_of(is), flag(is, "merged") ? "1" : "0",
                                  flag(is, "isDraft") ? "1" : "0"}));
      bool tracking = !pr && std::regex_search(str(is, "title"), tracking_title);
      if (const auto* a = array(is, "assignees")) {
        for (const auto& login : a->GetArray()) rows["issue_assignees"].insert(join({id, login.GetString()}));
      }
      if (const auto* l = array(is, "labels")) {
        for (const auto& name : l->GetArray()) {
          rows["issue_labels"].insert(join({id, name.GetString()}));
          tracking = tracking || (!pr && scope.tracking_label == name.GetString());
        }
      }
      if (tracking) {
        auto [total, done] = count_tasks(str(is, "body"));
        rows["tracking"].insert(join({repo, str(is, "number"), std::to_string(total), std::to_string(done)}));
      }
    }
  }
  return rows;
}

table_rows mirror_rows(const std::filesystem::path& db) {
  table_rows rows;
  auto collect = [&](const char* table, const char* sql) {
    auto& set = rows[table];
    for (const auto& r : query(db, sql)) {
      std::string line;
      for (std::size_t i = 0; i < r.size(); ++i) line += (i ? "|" : "") + r[i];
      set.insert(line);
    }
  };
  collect("projects", "SELECT owner, number, id, title, closed FROM projects");
  collect("fields", "SELECT project_id, id, name, data_type, position FROM project_fields");
  collect("options", "SELECT field_id, id, name, position FROM field_options");
  collect("iterations", "SELECT field_id, id, title, start_date, duration_days, completed FROM iterations");
  collect("items", "SELECT project_id, id, type, archived, position, content_id, created_at FROM items");
  collect("item_values", "SELECT item_id, field, value FROM item_values");
  collect("item_assignees", "SELECT item_id, login FROM item_assignees");
  collect("item_labels", "SELECT item_id, name FROM item_labels");
  collect("issues",
          "SELECT repo, number, id, is_pull_request, title, state, coalesce(author, 'NULL'), coalesce(milestone, 'NULL'), "
          "merged, draft FROM issues");
  collect("issue_assignees", "SELECT issue_id, login FROM issue_assignees");
  collect("issue_labels", "SELECT issue_id, name FROM issue_labels");
  collect("tracking", "SELECT repo, number, total, done FROM tracking_progress");
  return rows;
}

std::string diff(const table_rows& expected, const table_rows& actual) {
  std::string out;
  for (const auto& [table, want] : expected) {
    auto it = actual.find(table);
    const std::set<std::string> empty;
    const auto& have = it == actual.end() ? empty : it->second;
    for (const auto& row : want) {
      if (!have.count(row)) out += "- " + table + ": " + row + "\n";
    }
    for (const auto& row : have) {
      if (!want.count(row)) out += "+ " + table + ": " + row + "\n";
    }
  }
  return out;
}

}  // namespace roadmapd::test

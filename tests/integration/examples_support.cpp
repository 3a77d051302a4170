// examples_support (see examples_support.hpp).
#include "examples_support.hpp"

#include <algorithm>
#include <array>
#include <sstream>
#include <stdexcept>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "fake_github.hpp"
#include "process.hpp"

namespace roadmapd::test {

namespace {

std::string str(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject()) return "";
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

const rapidjson::Value* member(const rapidjson::Value& v, const char* key) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(key);
  return it == v.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

std::string json(const rapidjson::Value& v) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> writer(out);
  v.Accept(writer);
  return {out.GetString(), out.GetSize()};
}

std::string quote(std::string_view s) {
  rapidjson::Value v(rapidjson::StringRef(s.data(), s.size()));
  return json(v);
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// One op as JSON, from already-encoded values.
class op {
 public:
  explicit op(std::string_view name) { text_ = "{\"op\":" + quote(name); }
  op& s(std::string_view key, std::string_view value) { return raw(key, quote(value)); }
  op& raw(std::string_view key, std::string_view encoded) {
    text_ += "," + quote(key) + ":" + std::string(encoded);
    return *this;
  }
  std::string done() const { return text_ + "}"; }

 private:
  std::string text_;
};

std::string names(const rapidjson::Value* list, const char* key) {
  std::string out = "[";
  if (list && list->IsArray()) {
    for (const auto& e : list->GetArray()) out += (out.size() > 1 ? "," : "") + quote(str(e, key));
  }
  return out + "]";
}

// Locks, pins and review requests: the fake keeps none of them, and the mirror neither.
bool changes_nothing(const std::string& action) {
  static constexpr std::array<std::string_view, 6> actions{"locked", "unlocked", "pinned", "unpinned",
                                                          "review_requested", "review_request_removed"};
  return std::ranges::find(actions, action) != actions.end();
}

const rapidjson::Value* find_by(const rapidjson::Value& list, const char* key, const std::string& value) {
  if (!list.IsArray()) return nullptr;
  for (const auto& e : list.GetArray()) {
    if (str(e, key) == value) return &e;
  }
  return nullptr;
}

const rapidjson::Value* find_repository(const rapidjson::Value& state, const std::string& full_name) {
  for (const auto& r : state["repositories"].GetArray()) {
    if (str(r, "owner") + "/" + str(r, "name") == full_name) return &r;
  }
  return nullptr;
}

const rapidjson::Value* find_issue(const rapidjson::Value& state, const std::string& id) {
  if (auto* i = find_by(state["issues"], "id", id)) return i;
  return find_by(state["pull_requests"], "id", id);
}

std::string issue_changes(const std::string& event, const rapidjson::Value& p, const rapidjson::Value& state,
                          std::set<std::string>& deleted) {
  const std::string action = str(p, "action");
  const std::string repo = str(p["repository"], "full_name");
  const auto& node = p[event == "issues" ? "issue" : "pull_request"];
  const std::string id = str(node, "node_id");
  if (!find_repository(state, repo) || changes_nothing(action) || deleted.contains(id)) return "";
  const auto* rec = find_issue(state, id);
  if (action == "deleted") {
    deleted.insert(id);
    return rec ? op("delete_issue").s("repo", repo).raw("number", std::to_string(node["number"].GetInt())).done() : "";
  }
  if (action == "transferred") throw std::runtime_error("a transfer within the fake's world needs transfer_issue here");
  const std::string at = str(node, "updated_at");
  if (rec && str(*rec, "updatedAt") > at) return "";  // a late delivery: GitHub moved on since

  const bool pull_request = event == "pull_request" || member(node, "pull_request");
  const auto* merged = member(node, "merged");
  const std::string want = merged && merged->IsBool() && merged->GetBool() ? "MERGED" : upper(str(node, "state"));
  const std::string number = std::to_string(node["number"].GetInt());
  const auto* milestone = member(node, "milestone");
  const auto* draft = member(node, "draft");
  const bool set_draft = pull_request && draft && draft->IsBool() && want == "OPEN";
  auto content = [&](op o) {
    o.s("title", str(node, "title")).s("body", str(node, "body")).raw("labels", names(member(node, "labels"), "name"))
        .raw("assignees", names(member(node, "assignees"), "login"))
        .raw("milestone", milestone ? std::to_string((*milestone)["number"].GetInt()) : "null");
    if (set_draft) o.raw("draft", draft->GetBool() ? "true" : "false");
    return o.s("at", at).done();
  };

  std::vector<std::string> ops;
  std::string now_state = rec ? str(*rec, "state") : "OPEN";
  if (!rec) {
    ops.push_back(content(op("create_issue").s("repo", repo).s("id", id).raw("number", number)
                              .s("author", str(node["user"], "login")).raw("pull_request", pull_request ? "true" : "false")
                              .s("created_at", str(node, "created_at"))));
  } else {
    if (now_state != "OPEN" && want == "OPEN") {
      ops.push_back(op("reopen_issue").s("repo", repo).raw("number", number).s("at", at).done());
      now_state = "OPEN";
    }
    ops.push_back(content(op("edit_issue").s("repo", repo).raw("number", number)));
  }
  if (now_state == "OPEN" && want == "CLOSED") ops.push_back(op("close_issue").s("repo", repo).raw("number", number).s("at", at).done());
  if (now_state == "OPEN" && want == "MERGED") ops.push_back(op("merge_pr").s("repo", repo).raw("number", number).s("at", at).done());
  std::string out;
  for (const auto& o : ops) out += (out.empty() ? "" : ",") + o;
  return out;
}

std::string item_changes(const rapidjson::Value& p, const rapidjson::Value& state) {
  const std::string action = str(p, "action");
  const auto& item = p["projects_v2_item"];
  const std::string id = str(item, "node_id");
  const rapidjson::Value* board = nullptr;
  const rapidjson::Value* rec = nullptr;
  for (const auto& b : state["projects"].GetArray()) {
    if ((rec = find_by(b["items"], "id", id))) {
      board = &b;
      break;
    }
  }
  // Not on this GitHub (board PVT_kwAEAQ of organization "github"), or removed before a late delivery.
  if (!rec) return "";
  const std::string at = str(item, "updated_at");
  if (str(*rec, "updatedAt") > at) return "";
  if (action == "archived") return op("archive_item").s("item", id).s("at", at).done();
  if (action == "restored") return op("unarchive_item").s("item", id).s("at", at).done();
  if (action == "deleted") return op("remove_item").s("item", id).done();
  if (action == "edited") {
    // The payload names the field but not the new value (GitHub's design): pick another option.
    const std::string field_id = str(p["changes"]["field_value"], "field_node_id");
    const auto* field = find_by((*board)["fields"], "id", field_id);
    if (!field) throw std::runtime_error("the world has no field " + field_id);
    const std::string name = str(*field, "name");
    const std::string current = str((*rec)["values"], name.c_str());
    for (const auto& o : (*field)["options"].GetArray()) {
      if (str(o, "name") != current) {
        return op("set_field").s("item", id).s("field", name).s("value", str(o, "name")).s("at", at).done();
      }
    }
    throw std::runtime_error("field " + name + " has no other option");
  }
  return "";  // created, converted, reordered: the world already shows the item, its content, its place
}

std::string label_changes(const rapidjson::Value& p, const rapidjson::Value& state) {
  const std::string action = str(p, "action");
  const std::string repo = str(p["repository"], "full_name");
  const auto* r = find_repository(state, repo);
  if (!r) return "";
  const auto& label = p["label"];
  const std::string name = str(label, "name");
  std::string from = name;
  if (auto* changes = member(p, "changes")) {
    if (auto* renamed = member(*changes, "name")) from = str(*renamed, "from");
  }
  const bool exists = find_by((*r)["labels"], "name", from) != nullptr;
  auto description = [&] { return member(label, "description") ? quote(str(label, "description")) : "null"; };
  if (action == "deleted") return exists ? op("delete_label").s("repo", repo).s("name", name).done() : "";
  if (action == "created") {
    return exists ? "" : op("create_label").s("repo", repo).s("name", name).s("color", str(label, "color"))
                             .raw("description", description()).done();
  }
  // Labels carry no timestamp in payloads: an edit of a label the fake no longer has came late.
  if (!exists) return "";
  return op("edit_label").s("repo", repo).s("name", from).s("new_name", name).s("color", str(label, "color"))
      .raw("description", description()).done();
}

std::string milestone_changes(const rapidjson::Value& p, const rapidjson::Value& state) {
  const std::string action = str(p, "action");
  const std::string repo = str(p["repository"], "full_name");
  const auto* r = find_repository(state, repo);
  if (!r) return "";
  const auto& m = p["milestone"];
  const std::string number = std::to_string(m["number"].GetInt());
  const rapidjson::Value* rec = nullptr;
  for (const auto& x : (*r)["milestones"].GetArray()) {
    if (std::to_string(x["number"].GetInt()) == number) rec = &x;
  }
  if (action == "deleted") return rec ? op("delete_milestone").s("repo", repo).raw("number", number).done() : "";
  const std::string at = str(m, "updated_at");
  if (!rec) {
    if (action != "created") return "";  // deleted before this late delivery
    return op("create_milestone").s("repo", repo).raw("number", number).s("title", str(m, "title"))
        .s("description", str(m, "description")).s("due_on", str(m, "due_on")).s("at", at).done();
  }
  if (str(*rec, "updatedAt") > at) return "";
  return op("edit_milestone").s("repo", repo).raw("number", number).s("title", str(m, "title"))
      .s("description", str(m, "description")).s("state", upper(str(m, "state"))).s("at", at).done();
}

std::string repository_changes(const rapidjson::Value& p, const rapidjson::Value& state) {
  const std::string action = str(p, "action");
  const auto& repo = p["repository"];
  std::string from;
  if (action == "renamed") from = str(repo["owner"], "login") + "/" + str(p["changes"]["repository"]["name"], "from");
  if (action == "transferred") {
    const auto& previous = p["changes"]["owner"]["from"];
    const auto* account = member(previous, "organization");
    from = str(account ? *account : previous["user"], "login") + "/" + str(repo, "name");
  }
  // The examples rename Hello-World to itself and transfer it from octocat, who has no such
  // repository here; a real move would need a rename op in the fake, so say so rather than skip it.
  if (!from.empty() && from != str(repo, "full_name") && find_repository(state, from)) {
    throw std::runtime_error("repository " + from + " moved: the fake needs a rename_repository op for this example");
  }
  return "";  // privacy, description, default branch: neither the fake nor the mirror keeps them
}

}  // namespace

std::vector<signed_example> sign_examples(const std::vector<std::string>& events, const std::string& secret,
                                          const std::filesystem::path& log_dir) {
  std::vector<std::string> argv{"node", (std::filesystem::path(ROADMAPD_FAKE_GITHUB_DIR) / "sign-examples.mjs").string()};
  argv.insert(argv.end(), events.begin(), events.end());
  auto r = run_command(argv, log_dir, std::chrono::seconds(60), {"ROADMAPD_WEBHOOK_SECRET=" + secret});
  if (r.exit_code != 0) throw std::runtime_error("sign-examples.mjs failed (run npm ci in tests/fake-github?): " + r.err);
  std::vector<signed_example> out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    auto doc = parse_json(line);
    out.push_back({str(doc, "event"), str(doc, "action"), str(doc, "delivery"), str(doc, "signature"), str(doc, "body")});
  }
  return out;
}

std::string github_changes(const std::string& event, const rapidjson::Document& payload,
                           const rapidjson::Document& github_state, std::set<std::string>& deleted) {
  std::string ops;
  if (event == "issues" || event == "pull_request") ops = issue_changes(event, payload, github_state, deleted);
  if (event == "projects_v2_item") ops = item_changes(payload, github_state);
  if (event == "label") ops = label_changes(payload, github_state);
  if (event == "milestone") ops = milestone_changes(payload, github_state);
  if (event == "repository") ops = repository_changes(payload, github_state);
  // issue_comment: the fake keeps no comments (nor does the mirror).
  return ops.empty() ? "" : "{\"ops\":[" + ops + "]}";
}

outcome expected_outcome(const std::string& event, const rapidjson::Document& payload,
                         const std::set<std::string>& repositories, const std::set<std::string>& boards) {
  const std::string action = str(payload, "action");
  if (event == "projects_v2_item") {
    const std::string board = str(payload["projects_v2_item"], "project_node_id");
    if (!boards.contains(board)) return {"ignored", "board " + board + " is not configured (or not synced yet)"};
    return {"done", ""};
  }
  const std::string repo = str(payload["repository"], "full_name");
  if (event == "repository" && (action == "renamed" || action == "transferred")) return {"done", ""};
  if (!repositories.contains(repo)) return {"ignored", "repository " + repo + " is not configured"};
  if ((event == "issues" || event == "pull_request") && changes_nothing(action)) {
    return {"ignored", event + " action '" + action + "' changes nothing the mirror keeps"};
  }
  if (event == "issue_comment") return {"ignored", "comments are not mirrored"};
  if (event == "repository") return {"ignored", "repository action '" + action + "' changes nothing the mirror keeps"};
  return {"done", ""};
}

}  // namespace roadmapd::test

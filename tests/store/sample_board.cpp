// The sample roadmap used by the view and documentation tests.
#include "sample_board.hpp"

#include "store/mirror.hpp"

namespace roadmapd::store::testing {

model::field_value select_value(std::string field_id, std::string option_id, std::string name) {
  model::field_value v;
  v.field_id = std::move(field_id);
  v.kind = "single_select";
  v.option_id = std::move(option_id);
  v.text = std::move(name);
  return v;
}

model::field_value text_value(std::string field_id, std::string text) {
  model::field_value v;
  v.field_id = std::move(field_id);
  v.kind = "text";
  v.text = std::move(text);
  return v;
}

namespace {

model::field_value iteration_value(std::string iteration_id, std::string title) {
  model::field_value v;
  v.field_id = "F_quarter";
  v.kind = "iteration";
  v.iteration_id = std::move(iteration_id);
  v.text = std::move(title);
  return v;
}

model::field_value number_value(std::string field_id, double n) {
  model::field_value v;
  v.field_id = std::move(field_id);
  v.kind = "number";
  v.number = n;
  return v;
}

model::field_value date_value(std::string field_id, std::string date) {
  model::field_value v;
  v.field_id = std::move(field_id);
  v.kind = "date";
  v.date = std::move(date);
  return v;
}

model::issue make_issue(std::string id, std::string repo, int number, bool pr, std::string state,
                        std::string title) {
  model::issue i;
  i.id = std::move(id);
  i.repo = std::move(repo);
  i.number = number;
  i.is_pull_request = pr;
  i.title = std::move(title);
  i.body = "";
  i.state = std::move(state);
  i.author = "alice";
  i.url = "https://github.com/" + i.repo + (pr ? "/pull/" : "/issues/") + std::to_string(number);
  i.created_at = "2026-01-05T10:00:00Z";
  i.updated_at = "2026-02-01T10:00:00Z";
  if (i.state != "OPEN") i.closed_at = "2026-02-01T10:00:00Z";
  if (i.state == "MERGED") {
    i.merged = true;
    i.merged_at = i.closed_at;
  }
  return i;
}

}  // namespace

model::project sample_project() {
  model::project p;
  p.id = "PVT_roadmap";
  p.owner = "acme";
  p.number = 1;
  p.title = "Global roadmap";
  p.short_description = "What acme builds this year";
  p.url = "https://github.com/orgs/acme/projects/1";
  p.updated_at = "2026-02-01T09:00:00Z";

  p.fields.push_back({"F_title", "Title", "TITLE", {}, {}});
  model::field status{"F_status", "Status", "SINGLE_SELECT", {}, {}};
  status.options = {{"o_bg", "Background & Motivations"}, {"o_q1", "Q1 2026"}, {"o_q2", "Q2 2026"},
                    {"o_q3", "Q3 2026"}, {"o_q4", "Q4 2026"}, {"o_backlog", "Backlog"}};
  p.fields.push_back(status);
  model::field quarter{"F_quarter", "Quarter", "ITERATION", {}, {}};
  quarter.iterations = {{"it_q1", "Q1 2026", "2026-01-01", 90, true},
                        {"it_q2", "Q2 2026", "2026-04-01", 91, false}};
  p.fields.push_back(quarter);
  model::field priority{"F_priority", "Priority", "SINGLE_SELECT", {}, {}};
  priority.options = {{"o_p0", "P0"}, {"o_p1", "P1"}, {"o_p2", "P2"}};
  p.fields.push_back(priority);
  p.fields.push_back({"F_theme", "Theme", "TEXT", {}, {}});
  p.fields.push_back({"F_owner", "Owner", "TEXT", {}, {}});
  p.fields.push_back({"F_estimate", "Estimate", "NUMBER", {}, {}});
  p.fields.push_back({"F_due", "Due", "DATE", {}, {}});
  p.fields.push_back({"F_assignees", "Assignees", "ASSIGNEES", {}, {}});
  return p;
}

std::vector<model::item> sample_items() {
  std::vector<model::item> items;

  model::item rfc;
  rfc.id = "PVTI_rfc";
  rfc.project_id = "PVT_roadmap";
  rfc.type = "ISSUE";
  rfc.position = 0;
  rfc.updated_at = "2026-02-01T09:00:00Z";
  rfc.content_id = "I_rfc10";
  rfc.title = "RFC: faster builds";
  rfc.content_repo = "acme/rfcs";
  rfc.content_number = 10;
  rfc.content_state = "OPEN";
  rfc.content_url = "https://github.com/acme/rfcs/issues/10";
  rfc.assignees = {"alice", "bob"};
  rfc.labels = {"rfc", "build"};
  rfc.milestone = "2026";
  rfc.values = {text_value("F_title", "RFC: faster builds"),
                select_value("F_status", "o_q2", "Q2 2026"), iteration_value("it_q2", "Q2 2026"),
                select_value("F_priority", "o_p0", "P0"), text_value("F_theme", "Speed"),
                text_value("F_owner", "@carol"), number_value("F_estimate", 3),
                date_value("F_due", "2026-06-30")};
  items.push_back(rfc);

  model::item draft;
  draft.id = "PVTI_draft";
  draft.project_id = "PVT_roadmap";
  draft.type = "DRAFT_ISSUE";
  draft.position = 1;
  draft.content_id = "DI_draft";
  draft.title = "Idea: plugin API";
  draft.body = "Someone should write this up.";
  draft.values = {text_value("F_title", "Idea: plugin API"),
                  select_value("F_status", "o_backlog", "Backlog"),
                  select_value("F_priority", "o_p2", "P2"), text_value("F_owner", "dave"),
                  number_value("F_estimate", 0.5)};
  items.push_back(draft);

  model::item pr;
  pr.id = "PVTI_pr";
  pr.project_id = "PVT_roadmap";
  pr.type = "PULL_REQUEST";
  pr.position = 2;
  pr.content_id = "PR_app7";
  pr.title = "Cache compiler output";
  pr.content_repo = "acme/app";
  pr.content_number = 7;
  pr.content_state = "MERGED";
  pr.content_url = "https://github.com/acme/app/pull/7";
  pr.assignees = {"alice"};
  pr.values = {text_value("F_title", "Cache compiler output"),
               select_value("F_status", "o_q3", "Q3 2026"), text_value("F_theme", "Speed"),
               text_value("F_owner", "alice")};
  items.push_back(pr);

  model::item hidden;
  hidden.id = "PVTI_hidden";
  hidden.project_id = "PVT_roadmap";
  hidden.type = "REDACTED";
  hidden.position = 3;
  hidden.archived = true;
  items.push_back(hidden);
  return items;
}

std::vector<model::issue> sample_issues() {
  auto rfc = make_issue("I_rfc10", "acme/rfcs", 10, false, "OPEN", "Tracking: faster builds");
  rfc.assignees = {"alice"};
  rfc.labels = {"tracking"};
  auto docs = make_issue("I_rfc11", "acme/rfcs", 11, false, "CLOSED", "Design doc");
  auto impl = make_issue("PR_rfc12", "acme/rfcs", 12, true, "MERGED", "Prototype");
  auto rollout = make_issue("I_rfc13", "acme/rfcs", 13, false, "OPEN", "Roll out");
  rollout.assignees = {"bob"};
  auto cache = make_issue("PR_app7", "acme/app", 7, true, "MERGED", "Cache compiler output");
  return {rfc, docs, impl, rollout, cache};
}

std::vector<model::task_entry> sample_tasks() {
  return {
      {0, true, "#11 design doc", "acme/rfcs", 11},
      {1, false, "#12 prototype", "acme/rfcs", 12},
      {2, false, "acme/app#7 cache", "acme/app", 7},
      {3, false, "other/repo#5 upstream fix", "other/repo", 5},
      {4, false, "Write the announcement", std::nullopt, std::nullopt},
      {5, true, "#13 roll out", "acme/rfcs", 13},
  };
}

void populate(database& db) {
  mirror m(db);
  transaction tx(db);
  m.upsert_project(sample_project());
  for (const auto& item : sample_items()) m.upsert_item(item, 1);
  for (const auto& issue : sample_issues()) m.upsert_issue(issue, 1);
  m.set_tracking("I_rfc10", true);
  m.replace_tasks("I_rfc10", sample_tasks());
  m.set_state("board.acme/1.synced", "2026-02-01T09:00:00Z");
  tx.commit();
}

}  // namespace roadmapd::store::testing

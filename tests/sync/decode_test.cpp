// Decoding of GitHub's answers: well-formed pages, per-node failures, and malformed answers whose
// error names the JSON path.
#include <gtest/gtest.h>

#include "sync/decode.hpp"

namespace roadmapd::sync {
namespace {

rapidjson::Document parse(std::string_view text) {
  rapidjson::Document d;
  d.Parse(text.data(), text.size());
  EXPECT_FALSE(d.HasParseError()) << text;
  return d;
}

constexpr std::string_view board_answer = R"({
  "repositoryOwner": { "login": "apache", "projectV2": {
    "id": "PVT_1", "number": 1, "title": "TVM Global Roadmap", "shortDescription": null,
    "url": "https://github.com/orgs/apache/projects/1", "closed": false, "updatedAt": "2026-10-01T00:00:00Z",
    "fields": { "pageInfo": {"hasNextPage": false, "endCursor": null}, "nodes": [
      {"__typename": "ProjectV2Field", "id": "F_title", "name": "Title", "dataType": "TITLE"},
      {"__typename": "ProjectV2SingleSelectField", "id": "F_status", "name": "Status", "dataType": "SINGLE_SELECT",
       "options": [{"id": "o1", "name": "Backlog"}, {"id": "o2", "name": "Q1 2027"}]},
      {"__typename": "ProjectV2IterationField", "id": "F_q", "name": "Quarter", "dataType": "ITERATION",
       "configuration": {"iterations": [{"id": "i2", "title": "Q1 2027", "startDate": "2027-01-01", "duration": 91}],
                         "completedIterations": [{"id": "i1", "title": "Q4 2026", "startDate": "2026-10-01", "duration": 92}]}}
    ]},
    "items": { "totalCount": 4, "pageInfo": {"hasNextPage": true, "endCursor": "Y3Vyc29yOjQ="}, "nodes": [
      {"id": "PVTI_a", "type": "ISSUE", "isArchived": false, "createdAt": "2026-08-01T00:00:00Z", "updatedAt": "2026-09-01T00:00:00Z",
       "content": {"__typename": "Issue", "id": "I_1", "number": 12, "title": "Unify runtime", "issueState": "OPEN",
                   "url": "https://github.com/apache/tvm/issues/12", "repository": {"nameWithOwner": "apache/tvm"},
                   "assignees": {"nodes": [{"login": "areusch"}]}, "labels": {"nodes": [{"name": "tvm:roadmap"}]},
                   "milestone": {"title": "v0.7"}},
       "fieldValues": {"nodes": [
         {"__typename": "ProjectV2ItemFieldTextValue", "text": "Unify runtime", "field": {"id": "F_title"}},
         {"__typename": "ProjectV2ItemFieldSingleSelectValue", "name": "Q1 2027", "optionId": "o2", "field": {"id": "F_status"}},
         {"__typename": "ProjectV2ItemFieldIterationValue", "title": "Q1 2027", "iterationId": "i2", "field": {"id": "F_q"}},
         {"__typename": "ProjectV2ItemFieldLabelValue"},
         {"__typename": "ProjectV2ItemFieldNumberValue", "number": 3, "field": {"id": "F_est"}}
       ]}},
      null,
      {"id": "PVTI_r", "type": "REDACTED", "isArchived": false, "createdAt": "2026-08-01T00:00:00Z", "updatedAt": "2026-09-01T00:00:00Z", "content": null,
       "fieldValues": {"nodes": []}},
      {"id": "PVTI_e", "type": "ISSUE", "isArchived": true, "createdAt": "2026-08-01T00:00:00Z", "updatedAt": "2026-09-01T00:00:00Z", "content": null,
       "fieldValues": {"nodes": []}}
    ]}
  }}
})";

TEST(decode_board, reads_project_fields_items_and_values) {
  auto doc = parse(board_answer);
  auto page = decode_board(doc, "apache");
  ASSERT_TRUE(page) << page.message();
  EXPECT_TRUE(page->found);
  EXPECT_EQ(page->project.id, "PVT_1");
  EXPECT_EQ(page->project.owner, "apache");
  EXPECT_EQ(page->project.short_description, "");
  ASSERT_EQ(page->project.fields.size(), 3u);
  EXPECT_EQ(page->project.fields[1].options.size(), 2u);
  ASSERT_EQ(page->project.fields[2].iterations.size(), 2u);
  EXPECT_FALSE(page->project.fields[2].iterations[0].completed);
  EXPECT_TRUE(page->project.fields[2].iterations[1].completed);
  EXPECT_EQ(page->total_items, 4);
  EXPECT_TRUE(page->page.has_next);
  EXPECT_EQ(page->page.end_cursor, "Y3Vyc29yOjQ=");

  ASSERT_EQ(page->items.size(), 2u);
  const auto& issue = page->items[0];
  EXPECT_EQ(issue.project_id, "PVT_1");
  EXPECT_EQ(issue.content_repo, "apache/tvm");
  EXPECT_EQ(issue.content_number, 12);
  EXPECT_EQ(issue.content_state, "OPEN");
  EXPECT_EQ(issue.created_at, "2026-08-01T00:00:00Z");
  EXPECT_EQ(issue.assignees, std::vector<std::string>{"areusch"});
  EXPECT_EQ(issue.labels, std::vector<std::string>{"tvm:roadmap"});
  EXPECT_EQ(issue.milestone, "v0.7");
  ASSERT_EQ(issue.values.size(), 4u);  // the label value is read from the content instead
  EXPECT_EQ(issue.values[1].kind, "single_select");
  EXPECT_EQ(issue.values[1].option_id, "o2");
  EXPECT_EQ(issue.values[2].iteration_id, "i2");
  EXPECT_EQ(issue.values[3].number, 3.0);

  EXPECT_EQ(page->items[1].type, "REDACTED");
  EXPECT_EQ(page->items[1].position, 2);  // positions count the null node too
  EXPECT_EQ(page->skipped, std::vector<std::string>{"data.repositoryOwner.projectV2.items.nodes[1]"});
  EXPECT_EQ(page->kept_item_ids, std::vector<std::string>{"PVTI_e"});
}

TEST(decode_board, missing_board_is_not_found_not_an_error) {
  auto doc = parse(R"({"repositoryOwner": {"login": "apache", "projectV2": null}})");
  auto page = decode_board(doc, "apache");
  ASSERT_TRUE(page);
  EXPECT_FALSE(page->found);
  auto none = parse(R"({"repositoryOwner": null})");
  EXPECT_FALSE(decode_board(none, "nobody")->found);
}

TEST(decode_board, malformed_answer_names_the_path) {
  std::string text(board_answer);
  text.replace(text.find("\"number\": 12"), 12, "\"number\": \"12\"");
  auto doc = parse(text);
  auto page = decode_board(doc, "apache");
  ASSERT_FALSE(page);
  EXPECT_EQ(page.message(),
            "malformed answer: data.repositoryOwner.projectV2.items.nodes[0].content.number: expected an integer, got a string");
}

TEST(decode_issues, reads_pull_requests_with_merge_state) {
  auto doc = parse(R"({"repository": {"id": "R_1", "nameWithOwner": "apache/tvm", "pullRequests": {
    "totalCount": 1, "pageInfo": {"hasNextPage": false, "endCursor": null}, "nodes": [
      {"id": "PR_1", "number": 7, "title": "Add CI", "body": "", "state": "MERGED", "url": "u",
       "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-02-01T00:00:00Z", "closedAt": "2026-02-01T00:00:00Z",
       "merged": true, "mergedAt": "2026-02-01T00:00:00Z", "isDraft": false, "author": null,
       "assignees": {"nodes": []}, "labels": {"nodes": [{"name": "ci"}]}, "milestone": null}]}}})");
  auto page = decode_issues(doc, true);
  ASSERT_TRUE(page) << page.message();
  ASSERT_EQ(page->issues.size(), 1u);
  const auto& pr = page->issues[0];
  EXPECT_TRUE(pr.is_pull_request);
  EXPECT_TRUE(pr.merged);
  EXPECT_EQ(pr.state, "MERGED");
  EXPECT_EQ(pr.author, "");  // a deleted account
  EXPECT_EQ(pr.repo, "apache/tvm");
  EXPECT_FALSE(pr.milestone.has_value());
}

TEST(decode_issues, wrong_container_type_is_an_error) {
  auto doc = parse(R"({"repository": {"id": "R_1", "nameWithOwner": "apache/tvm", "issues": []}})");
  auto page = decode_issues(doc, false);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.message(), "malformed answer: data.repository.issues: expected an object, got an array");
}

TEST(decode_changes, keeps_positions_for_vanished_nodes) {
  auto doc = parse(R"({"boards": [null, {"id": "PVT_2", "updatedAt": "2026-10-02T00:00:00Z", "items": {"totalCount": 9}}],
    "repositories": [{"id": "R_1", "nameWithOwner": "apache/tvm", "issues": {"nodes": [{"updatedAt": "2026-10-03T00:00:00Z"}]},
                      "pullRequests": {"nodes": []}}]})");
  auto changes = decode_changes(doc);
  ASSERT_TRUE(changes) << changes.message();
  ASSERT_EQ(changes->boards.size(), 2u);
  EXPECT_FALSE(changes->boards[0].found);
  EXPECT_EQ(changes->boards[1].total_items, 9);
  EXPECT_EQ(changes->repositories[0].newest_issue_update, "2026-10-03T00:00:00Z");
  EXPECT_EQ(changes->repositories[0].newest_pull_request_update, "");
}

}  // namespace
}  // namespace roadmapd::sync

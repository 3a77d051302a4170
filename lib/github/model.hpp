// The typed shapes of what roadmapd mirrors: decoded from GitHub's GraphQL answers (github/decode),
// written by the store (store/mirror). Plain data, no behaviour. Times stay ISO-8601 strings as
// GitHub sends them ("2026-11-21T12:00:00Z"): they sort correctly as text in SQLite.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace roadmapd::model {

struct iteration {
  std::string id;
  std::string title;
  std::string start_date;  // YYYY-MM-DD
  int duration_days = 0;
  bool completed = false;
};

struct field_option {
  std::string id;
  std::string name;
};

// A board field. data_type is GitHub's ProjectV2FieldType (TEXT, NUMBER, DATE, SINGLE_SELECT,
// ITERATION, TITLE, ASSIGNEES, LABELS, MILESTONE, REPOSITORY, LINKED_PULL_REQUESTS, ...).
struct field {
  std::string id;
  std::string name;
  std::string data_type;
  std::vector<field_option> options;   // SINGLE_SELECT only
  std::vector<iteration> iterations;   // ITERATION only, active and completed
};

struct project {
  std::string id;
  std::string owner;  // login of the organization or user
  int number = 0;
  std::string title;
  std::string short_description;
  std::string url;
  bool closed = false;
  std::string updated_at;
  std::vector<field> fields;
};

// One value of a board field on an item. Exactly one of the value members is set, according to
// kind: "text", "number", "date", "single_select" (option_id + text = option name),
// "iteration" (iteration_id + text = iteration title).
struct field_value {
  std::string field_id;
  std::string kind;
  std::optional<std::string> text;
  std::optional<double> number;
  std::optional<std::string> date;
  std::optional<std::string> option_id;
  std::optional<std::string> iteration_id;
};

// A board item. type is ISSUE, PULL_REQUEST, DRAFT_ISSUE or REDACTED (the token may not see it).
struct item {
  std::string id;
  std::string project_id;
  std::string type;
  bool archived = false;
  long position = 0;             // index in the board's manual order (items ordered by POSITION)
  std::string created_at;               // when it was added to the board
  std::string updated_at;
  std::string content_id;        // issue, PR or draft issue node id; empty when REDACTED
  std::string title;
  std::string body;              // draft issues only; issue bodies live in model::issue
  std::string content_repo;      // owner/name for issues and PRs
  int content_number = 0;
  std::string content_state;     // OPEN, CLOSED, MERGED
  std::string content_url;
  std::vector<std::string> assignees;
  std::vector<std::string> labels;
  std::optional<std::string> milestone;
  std::vector<field_value> values;
};

// An issue or pull request of a configured repository.
struct issue {
  std::string id;
  std::string repo;  // owner/name
  int number = 0;
  bool is_pull_request = false;
  std::string title;
  std::string body;
  std::string state;         // OPEN, CLOSED (issues); OPEN, CLOSED, MERGED (PRs)
  std::optional<std::string> state_reason;  // issues: COMPLETED, NOT_PLANNED, DUPLICATE, REOPENED; PRs: none
  std::string author;        // empty for a deleted account ("ghost")
  std::string url;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> closed_at;
  std::optional<std::string> merged_at;
  bool merged = false;
  bool draft = false;
  std::optional<std::string> milestone;
  std::vector<std::string> assignees;
  std::vector<std::string> labels;

  // Read by sync passes only (a webhook payload has none of it): sub-issues, linked pull requests
  // and the last comment, for the progress model.
  struct linked_pull_request {
    std::string id, repo, state;
    int number = 0;
  };
  struct progress_signals {
    std::optional<std::string> parent_id;
    int sub_issues_total = 0, sub_issues_completed = 0;
    std::optional<std::string> last_comment_at;  // by anyone but the viewer (roadmapd)
    std::vector<linked_pull_request> linked_pull_requests;
  };
  std::optional<progress_signals> signals;
};

// One entry of a tracking issue's task list ("- [x] #123", "- [ ] owner/repo#4 text").
struct task_entry {
  int position = 0;          // 0-based order in the body
  bool checked = false;
  std::string text;          // the entry's text, Markdown stripped
  std::optional<std::string> ref_repo;  // owner/name of the referenced issue or PR
  std::optional<int> ref_number;
};

}  // namespace roadmapd::model

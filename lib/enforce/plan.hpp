// From verdicts to GitHub writes: what must change on one issue, pull request or draft, given what
// the rules found now and what roadmapd did before (its enforcement_state row). Pure: the same
// inputs give the same plan, and findings that did not change give an empty one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/rules_settings.hpp"
#include "enforce/evaluation.hpp"

namespace roadmapd::enforce {

// What roadmapd did on one issue, pull request or draft (a row of enforcement_state).
struct content_record {
  std::string content_id;
  std::vector<std::string> findings;       // codes last decided on (sorted)
  std::optional<std::string> comment_id;   // its sticky comment, once written
  std::string comment_body;                // as last written
  bool resolved = false;                   // the comment says everything is fixed
  std::vector<std::string> labels;         // labels roadmapd added and still owns
};

// Everything the rules said about one issue, pull request or draft, over the boards showing it.
struct content_verdict {
  std::string content_id;
  std::string type;                        // ISSUE, PULL_REQUEST, DRAFT_ISSUE
  std::string repo;
  int number = 0;
  std::vector<std::string> boards;         // titles of the boards that judged it
  std::vector<const item_verdict*> items;  // the judged items showing it, one per board
  std::vector<const board_verdict*> item_boards;  // the board of each of `items`
  std::vector<rules::finding> findings;    // over all its items, distinct by code, first seen first
  std::vector<std::string> labels;         // the labels now, as mirrored
  std::string waiting;                     // why nothing is done yet ("" = act), from its items
  bool dry_run = true;                     // any of its boards in dry run keeps it in dry run
};

// Groups judged items by their content. Items that were skipped are left out: roadmapd does not
// touch what it does not judge (closed, exempt, done).
std::vector<content_verdict> by_content(const std::vector<board_verdict>& boards);

enum class action_kind {
  add_comment,        // the sticky comment, first time (after looking for one written before)
  edit_comment,       // new findings: the comment says so
  resolve_comment,    // nothing missing any more: edited to say so
  minimize_comment,   // ... or minimized as resolved ([rules] when_resolved = "minimize")
  unminimize_comment, // a minimized comment has findings again
  add_label,
  remove_label,
  move,               // an item to another column (Status option)
};

std::string_view to_string(action_kind k);

struct action {
  action_kind kind;
  std::string content_id;
  std::string body;       // comments
  std::string label;      // labels
  std::string item_id;    // move
  std::string column;     // move: the Status option's name
  std::string board;      // move: the board's name ("owner/number")
};

// The writes that bring GitHub in line with `verdict`, in the order to send them: comment first
// (the explanation arrives with the labels), then labels, then moves. Drafts only ever move.
std::vector<action> plan_content(const content_verdict& verdict, const content_record& record,
                                 const config::rules_settings& settings);

// Where one issue, pull request or draft stands with what its findings call for, for `roadmapd lint`:
// the writes already in place (as the mirror and enforcement_state know them) and the ones still to
// send (plan_content's, in order).
struct action_state {
  std::vector<std::string> done;  // "sticky comment", "label 'x'", "in Backlog"
  std::vector<action> pending;
  std::string comment;            // the sticky comment as roadmapd would write it now ("" = none called for)
};
action_state state_of(const content_verdict& verdict, const content_record& record,
                      const config::rules_settings& settings);

// "sticky comment", "label 'x'", "remove label 'x'", "move to Backlog": an action as lint says it.
std::string describe(const action& a);

// The sorted codes of the findings (what content_record::findings holds).
std::vector<std::string> finding_codes(const std::vector<rules::finding>& findings);

}  // namespace roadmapd::enforce

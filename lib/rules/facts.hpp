// What the rules see: one board item and its board, read from the mirror (facts.cpp). Plain data,
// so every rule is a pure function that tests can feed by hand.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace roadmapd::rules {

// One project field value of an item, by field name. Exactly one member is set, after the kind.
struct field_value {
  std::string kind;                      // TEXT, NUMBER, DATE, SINGLE_SELECT, ITERATION, USERS, ...
  std::optional<std::string> text;       // TEXT; SINGLE_SELECT: the option's name; USERS: logins, comma-separated
  std::optional<double> number;          // NUMBER
  std::optional<std::string> date;       // DATE: YYYY-MM-DD
  // ITERATION: its title and dates (start inclusive, end exclusive, YYYY-MM-DD).
  std::optional<std::string> iteration_title, iteration_start, iteration_end;
};

// A board item as the rules judge it.
struct item_facts {
  std::string item_id;                   // PVTI_...
  std::string type;                      // ISSUE, PULL_REQUEST, DRAFT_ISSUE (REDACTED items are never judged)
  bool archived = false;
  std::string title;
  std::string body;                      // the issue's, PR's or draft's Markdown body ("" when none)
  bool body_known = true;                // false: an issue of a repository roadmapd does not mirror
  std::string content_id;                // node id of the issue, PR or draft
  std::string repo;                      // "owner/name" for issues and PRs, "" for drafts
  int number = 0;                        // issue or PR number, 0 for drafts
  std::string url;                       // the issue's or PR's page on GitHub, "" for drafts
  std::string state;                     // OPEN, CLOSED, MERGED; "OPEN" for drafts
  std::string author;                    // login, "" when unknown
  std::vector<std::string> assignees;    // the issue's (or the draft item's) assignees
  std::vector<std::string> labels;       // the issue's or PR's labels, as GitHub spells them
  std::string created_at;                // when the item was added to the board (ISO-8601 UTC), "" if unknown
  std::string status;                    // the Status field's option name ("" when unset)
  std::map<std::string, field_value> fields;  // every set field value, by field name
};

// A quarterly column: a Status option named like "Q1 2027" (see board_facts::quarters).
struct quarter {
  std::string column;                    // the option name, as on the board
  std::string start;                     // first day, YYYY-MM-DD
  std::string end;                       // the day after the last, YYYY-MM-DD
};

// A card in a column that is not a roadmap item: the column's "Themes & Goals" card, or a theme
// card in "Background & Motivations".
struct card {
  std::string item_id;
  std::string title;
  std::string body;
  std::string column;
};

// The board an item is on, with what the rules derive from its layout.
struct board_facts {
  std::string project_id;
  std::string owner;                     // organization or user login
  int number = 0;
  std::string title;
  std::string name;                      // "owner/number", used in messages and `lint --project`
  std::vector<std::string> statuses;     // the Status field's options, in board order
  std::vector<quarter> quarters;         // the quarterly columns, in board order
  std::vector<card> theme_cards;         // the cards of the themes column (their titles are the themes)
  std::vector<card> goals_cards;         // one per quarterly column that has one ("Themes & Goals")
  std::vector<std::string> themes;       // the board's themes: theme card titles, or the configured list
};

// What the dependency rule needs to know about another issue: is it known, open, and when is it
// scheduled (the quarter of a board item showing it, if any).
struct issue_status {
  bool known = false;
  std::string state;                     // OPEN, CLOSED, MERGED
  std::optional<quarter> scheduled;      // earliest quarter an item showing it sits in
};

}  // namespace roadmapd::rules

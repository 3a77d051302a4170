// The seeds-shaped sample mirror the rules and report benchmarks share (see sample_mirror.hpp).
#include "sample_mirror.hpp"

#include <array>
#include <map>
#include <random>
#include <stdexcept>
#include <string>

#include "board_pages.hpp"
#include "github/json.hpp"
#include "sync/decode.hpp"

namespace roadmapd::bench {
namespace {

namespace model = roadmapd::model;

constexpr int page_size = 100;
constexpr std::array theme_titles{"Coverage", "Ease of Use", "Runtime", "Stability", "Reporting"};
constexpr std::array quarter_columns{"Q1 2027", "Q2 2027", "Q3 2027", "Q4 2027"};


// Fixed-seed picks, as in board_pages.cpp.
class picker {
 public:
  explicit picker(unsigned seed) : rng_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }

 private:
  std::mt19937 rng_;
};

// Filler prose, so that bodies weigh what RFC tracking issues weigh (2-5 KB).
constexpr std::array sentences{
    "The current implementation allocates a fresh workspace for every call, which dominates the profile on small models.",
    "Several downstream projects carry local patches for this; upstreaming them removes a recurring merge burden.",
    "We measured a 1.3x regression on the nightly benchmarks after the last refactor and never recovered it.",
    "Users on the forum ask about this roughly once a week, usually after following the getting-started tutorial.",
    "The change is backwards compatible: the old entry point stays and forwards to the new one for two releases.",
    "Reviewers asked for a design document before the code lands, which is what the linked RFC provides.",
    "CI currently skips these tests on GPU runners because they time out; fixing that is part of the work.",
    "See the discussion in the community meeting notes for the trade-offs that were considered and rejected."};

std::string paragraph(picker& pick, int sentences_count) {
  std::string out;
  for (int k = 0; k < sentences_count; ++k) {
    out += sentences[pick.below(sentences.size())];
    out += k + 1 < sentences_count ? " " : "\n\n";
  }
  return out;
}

// An RFC tracking issue's description. kind: 0-4 complete (headings), 5 bold lead-ins instead of
// headings, 6 missing Scope and Deliverables, 7 a placeholder Goals section, 8 no sections at all.
// About a third name dependencies, some of them unknown to the mirror.
std::string issue_body(picker& pick, const std::string& title, int first_number, int last_number) {
  const auto kind = pick.below(9);
  const bool bold = kind == 5;
  auto heading = [&](const char* name) { return bold ? std::string("**") + name + ":** " : std::string("## ") + name + "\n\n"; };
  std::string body = "This issue tracks " + title + ".\n\n- RFC: https://github.com/apache/tvm-rfcs/pull/" +
                     std::to_string(1 + pick.below(120)) + "\n- Discuss: https://discuss.tvm.apache.org/t/" +
                     std::to_string(10000 + pick.below(9000)) + "\n\n";
  if (kind == 8) return body + paragraph(pick, 6) + paragraph(pick, 5);
  body += heading(pick.below(2) ? "Motivation" : "Background") + paragraph(pick, 4 + static_cast<int>(pick.below(4)));
  body += "```python\nmod = tvm.IRModule.from_expr(func)\nwith tvm.transform.PassContext(opt_level=3):\n    lib = relay.build(mod, target=\"cuda\")\n```\n\n";
  body += heading(pick.below(3) ? "Goals" : "End goals");
  body += kind == 7 ? std::string("TBD\n\n")
                    : "- " + paragraph(pick, 1) + "- " + paragraph(pick, 1) + "- " + paragraph(pick, 1);
  if (kind != 6) {
    body += heading("Deliverables");
    for (int k = 0; k < 4; ++k) body += std::string("- [") + (pick.below(2) ? "x" : " ") + "] " + sentences[pick.below(sentences.size())] + "\n";
    body += "\n";
    body += heading("Scope") + paragraph(pick, 2) + "| in scope | out of scope |\n|---|---|\n| upstream code paths | vendor forks |\n\n";
  }
  if (pick.below(3) == 0) {
    const int span = last_number - first_number + 1;
    const int dep = pick.below(8) == 0 ? 90000 + static_cast<int>(pick.below(1000))
                                       : first_number + static_cast<int>(pick.below(static_cast<std::size_t>(span)));
    body += pick.below(2) ? "Depends on #" + std::to_string(dep) + ".\n\n"
                          : "Blocked by apache/tvm#" + std::to_string(dep) + " and apache/tvm-rfcs#" +
                                std::to_string(1 + pick.below(120)) + ".\n\n";
  }
  body += "## Notes\n\n" + paragraph(pick, 3 + static_cast<int>(pick.below(6)));
  return body;
}


std::vector<model::item> decode_all(const bench::board_pages& board) {
  std::vector<model::item> out;
  for (const auto& page_text : board.pages) {
    auto doc = roadmapd::github::parse_json(page_text);
    auto page = roadmapd::sync::decode_board_items(*roadmapd::github::find_member(**doc, "data"));
    if (!page) throw std::runtime_error("generated page does not decode: " + page.message());
    const long offset = static_cast<long>(out.size());
    for (auto& item : page->items) {
      item.position += offset;
      out.push_back(std::move(item));
    }
  }
  return out;
}

// Sets the item's Status value (the board's field "Status"), or removes it when column is "".
void set_status(model::item& item, const model::project& project, const std::string& column) {
  const model::field* status = nullptr;
  for (const auto& f : project.fields)
    if (f.name == "Status") status = &f;
  std::erase_if(item.values, [&](const auto& v) { return v.field_id == status->id; });
  if (column.empty()) return;
  for (const auto& o : status->options) {
    if (o.name != column) continue;
    model::field_value v;
    v.field_id = status->id;
    v.kind = "single_select";
    v.text = o.name;
    v.option_id = o.id;
    item.values.push_back(std::move(v));
    return;
  }
  throw std::logic_error("no Status option " + column);
}

// Board k: the ingest benchmark's generated board, given its own project, field, item and content
// ids and issue numbers; then laid out like the seeds' boards: theme cards in Background &
// Motivations, a Themes & Goals card atop each quarter, 5% of items with no status.
}  // namespace

mirror_summary add_board(store::mirror& mirror, int k, int items, long pass) {
  const auto tag = "_b" + std::to_string(k);
  const auto pages = bench::make_board_pages(items, page_size, 20261101 + static_cast<unsigned>(k));
  auto project = pages.project;
  auto rows = decode_all(pages);
  project.id += tag;
  project.number = 2 + k;
  project.title = "Component roadmap " + std::to_string(k + 1) + " (benchmark)";
  std::map<std::string, std::string> field_ids;
  for (auto& f : project.fields) f.id = field_ids[f.id] = f.id + tag;
  mirror.upsert_project(project);

  picker pick(7000 + static_cast<unsigned>(k));
  const int number_offset = k * items;
  const int first_number = 1000 + number_offset, last_number = first_number + items - 1;
  mirror_summary summary;
  for (std::size_t n = 0; n < rows.size(); ++n) {
    auto& item = rows[n];
    item.id += tag;
    item.project_id = project.id;
    if (!item.content_id.empty()) item.content_id += tag;
    if (item.content_number != 0) item.content_number += number_offset;
    item.created_at = "2026-06-01T09:00:00Z";
    for (auto& v : item.values) v.field_id = field_ids.at(v.field_id);
    if (n < theme_titles.size()) {
      item.title = theme_titles[n];
      set_status(item, project, "Background & Motivations");
    } else if (n < theme_titles.size() + quarter_columns.size()) {
      const auto* column = quarter_columns[n - theme_titles.size()];
      item.title = std::string("Themes & Goals ") + column;
      item.body = "Themes: Coverage, Runtime.\n\nGoals: ship the quarter's items.";
      set_status(item, project, column);
    } else if (pick.below(20) == 0) {
      set_status(item, project, "");
    } else {
      bool background = false;
      for (const auto& v : item.values) background = background || v.text == "Background & Motivations";
      if (background) set_status(item, project, pick.below(2) ? "Backlog" : quarter_columns[pick.below(4)]);
    }
    // What real boards lack now and then: an owner (no Owner value, nobody assigned), a priority,
    // a theme.
    auto drop = [&](const char* field) {
      for (const auto& f : project.fields)
        if (f.name == field) std::erase_if(item.values, [&](const auto& v) { return v.field_id == f.id; });
    };
    if (pick.below(7) == 0) {
      drop("Owner");
      item.assignees.clear();
    }
    if (pick.below(10) == 0) drop("Priority");
    if (pick.below(10) == 0) drop("Theme");
    mirror.upsert_item(item, pass);
    if (item.type != "ISSUE" && item.type != "PULL_REQUEST") continue;

    model::issue issue;
    issue.id = item.content_id;
    issue.repo = item.content_repo;
    issue.number = item.content_number;
    issue.is_pull_request = item.type == "PULL_REQUEST";
    issue.title = item.title;
    issue.body = issue_body(pick, item.title, first_number, last_number);
    issue.state = item.content_state;
    issue.merged = item.content_state == "MERGED";
    issue.author = "denise-k";
    issue.url = item.content_url;
    issue.created_at = "2026-06-01T09:00:00Z";
    issue.updated_at = "2026-10-01T09:00:00Z";
    issue.assignees = item.assignees;
    issue.labels = item.labels;
    summary.body_bytes += issue.body.size();
    ++summary.issues;
    mirror.upsert_issue(issue, pass);
  }
  return summary;
}

config::settings make_settings(int boards) {
  config::settings s;
  for (int k = 0; k < boards; ++k) s.projects.push_back({.owner = "apache", .number = 2 + k});
  for (const char* name : {"tvm", "tvm-rfcs"}) {
    config::repository_settings r;
    r.owner = "apache";
    r.name = name;
    s.repositories.push_back(std::move(r));
  }
  // Every rule on, including the two that are off by default.
  config::rule_set set;
  set.name = "default";
  set.experts.enabled = true;
  set.backlog.enabled = true;
  set.label.roadmap_label = "tvm:roadmap";
  s.rules.rule_sets["default"] = set;
  s.rules.grace_period = std::chrono::seconds(0);
  return s;
}


}  // namespace roadmapd::bench

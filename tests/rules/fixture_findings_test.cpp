// The rules over a mirror synced from the fake GitHub's seeds-shaped fixture: the facts read back
// from the mirror, and exactly which findings each item of boards apache/1 and denise-k/7 gets.
// Integration test: runs `roadmapd sync --once` against the fake (tests/fake-github/README.md
// describes every fixture item; the expectations below are written from that table).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "config/config.hpp"
#include "fake_github.hpp"
#include "roadmapd_runner.hpp"
#include "rules/facts_loader.hpp"
#include "rules/rule.hpp"
#include "store/database.hpp"

namespace roadmapd::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using findings_by_item = std::map<std::string, std::vector<std::string>>;

std::string json_string(const std::string& s) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  return buffer.GetString();
}

const std::vector<std::string> all_sections{"missing-section:Motivation", "missing-section:Goals",
                                            "missing-section:Deliverables", "missing-section:Scope"};

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class fixture_findings : public ::testing::Test {
 protected:
  temp_dir dir;
  fake_github fake{dir};
  std::filesystem::path config_file = write_config(dir, fake);

  // The rule set the tests judge with: the defaults, the fixture's roadmap label, and the two
  // rules that are off by default switched on, so that every rule has its say.
  static void tune(config::rule_set& rules) {
    rules.label.roadmap_label = "tvm:roadmap";
    rules.experts.enabled = true;
    rules.backlog.enabled = true;
  }

  config::settings settings() {
    auto loaded = config::load(config_file);
    if (!loaded) throw std::runtime_error(loaded.message());
    config::settings s = std::move(loaded.value());
    auto& rules = s.rules.rule_sets["default"];
    rules.name = "default";
    tune(rules);
    return s;
  }

  void sync() {
    auto r = roadmapd({"sync", "--once", "--config", config_file.string()}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  store::database open_mirror() {
    auto db = store::database::open(dir / "mirror.db");
    if (!db) throw std::runtime_error(db.message());
    return std::move(db.value());
  }

  // Every item of the board except its cards, judged: item id -> finding codes.
  static findings_by_item judge_board(store::database& db, const config::settings& s, const rules::board_facts& board,
                                      const std::vector<rules::board_facts>& boards) {
    const auto lookup = rules::issue_lookup(db, boards);
    const auto& rule_set = rules::rule_set_for(s, board);
    findings_by_item out;
    for (const auto& item : rules::load_items(db, board, rule_set)) {
      auto is_card = [&](const rules::card& c) { return c.item_id == item.item_id; };
      if (std::any_of(board.theme_cards.begin(), board.theme_cards.end(), is_card) ||
          std::any_of(board.goals_cards.begin(), board.goals_cards.end(), is_card))
        continue;
      auto& codes = out[item.item_id];
      for (const auto& f : rules::judge({item, board, rule_set, lookup})) codes.push_back(f.code);
    }
    return out;
  }

  static const rules::board_facts& board_named(const std::vector<rules::board_facts>& boards, const std::string& name) {
    for (const auto& b : boards)
      if (b.name == name) return b;
    throw std::runtime_error("no board " + name);
  }
};

TEST_F(fixture_findings, boards_are_read_with_their_layout) {
  sync();
  auto db = open_mirror();
  const auto s = settings();
  const auto boards = rules::load_boards(db, s);
  std::vector<std::string> names;
  for (const auto& b : boards) names.push_back(b.name);
  EXPECT_THAT(names, ElementsAre("apache/1", "apache/2", "apache/3", "denise-k/7")) << "config order";

  const auto& global = board_named(boards, "apache/1");
  EXPECT_EQ(global.title, "TVM Global Roadmap");
  EXPECT_THAT(global.statuses,
              ElementsAre("Background & Motivations", "Q1 2027", "Q2 2027", "Q3 2027", "Q4 2027", "Backlog"));
  ASSERT_EQ(global.quarters.size(), 4u);
  EXPECT_EQ(global.quarters[0].column, "Q1 2027");
  EXPECT_EQ(global.quarters[0].start, "2027-01-01");
  EXPECT_EQ(global.quarters[3].end, "2028-01-01");
  EXPECT_THAT(global.themes, ElementsAre("Performance", "Usability", "Hardware coverage", "Stability", "Community"));
  std::vector<std::string> goals;
  for (const auto& c : global.goals_cards) goals.push_back(c.item_id + " " + c.column);
  EXPECT_THAT(goals, ElementsAre("PVTI_kwDOAFx00006 Q1 2027", "PVTI_kwDOAFx00010 Q2 2027", "PVTI_kwDOAFx00014 Q3 2027",
                                 "PVTI_kwDOAFx00018 Q4 2027"));
  EXPECT_EQ(global.goals_cards[0].body, "### Themes\n\n- Performance\n- Usability\n\n### Goals\n\nShip TVM Unity and make it installable with pip.\n");
  EXPECT_THAT(rules::check_board(global, rules::rule_set_for(s, global)), IsEmpty());

  const auto& process = board_named(boards, "denise-k/7");
  EXPECT_THAT(process.themes, ElementsAre("Process", "Tooling", "Communication"));
  EXPECT_THAT(rules::check_board(process, rules::rule_set_for(s, process)), IsEmpty());

  // A configured theme list replaces the cards'.
  auto listed = s;
  listed.rules.rule_sets["default"].theme.themes = {"Speed"};
  EXPECT_THAT(board_named(rules::load_boards(db, listed), "apache/1").themes, ElementsAre("Speed"));
}

TEST_F(fixture_findings, items_are_read_with_their_fields_issue_and_flags) {
  sync();
  auto db = open_mirror();
  const auto s = settings();
  const auto boards = rules::load_boards(db, s);
  const auto& global = board_named(boards, "apache/1");
  const auto items = rules::load_items(db, global, rules::rule_set_for(s, global));
  ASSERT_EQ(items.size(), 24u) << "25 items, the REDACTED one left out";
  std::map<std::string, const rules::item_facts*> by_id;
  for (const auto& i : items) by_id[i.item_id] = &i;

  const auto& unity = *by_id.at("PVTI_kwDOAFx00007");
  EXPECT_EQ(unity.type, "ISSUE");
  EXPECT_EQ(unity.repo, "apache/tvm");
  EXPECT_EQ(unity.number, 1);
  EXPECT_EQ(unity.state, "OPEN");
  EXPECT_EQ(unity.author, "tqchen");
  EXPECT_EQ(unity.status, "Q1 2027");
  EXPECT_THAT(unity.assignees, ElementsAre("tqchen", "junrushao"));
  EXPECT_THAT(unity.labels, ElementsAre("tvm:roadmap", "area:relax"));
  EXPECT_EQ(unity.body.substr(0, 14), "## Motivation\n");
  EXPECT_EQ(unity.fields.at("Owner").text, "@tqchen");
  EXPECT_EQ(unity.fields.at("Owner").kind, "TEXT");
  EXPECT_EQ(unity.fields.at("Theme").text, "Performance");
  EXPECT_EQ(unity.fields.at("Target date").date, "2027-03-15");
  EXPECT_EQ(unity.fields.at("Estimate").number, 13);
  EXPECT_EQ(unity.fields.at("Quarter").iteration_title, "Q1 2027");
  EXPECT_EQ(unity.fields.at("Quarter").iteration_start, "2026-12-28");
  EXPECT_EQ(unity.fields.at("Quarter").iteration_end, "2027-03-29");
  EXPECT_EQ(unity.created_at, "2026-01-11T14:00:00Z");
  EXPECT_TRUE(unity.body_known);

  EXPECT_TRUE(by_id.at("PVTI_kwDOAFx00024")->archived);
  EXPECT_EQ(by_id.at("PVTI_kwDOAFx00024")->state, "CLOSED");
  EXPECT_FALSE(unity.archived);
  EXPECT_EQ(by_id.at("PVTI_kwDOAFx00009")->type, "PULL_REQUEST");
  EXPECT_EQ(by_id.at("PVTI_kwDOAFx00009")->state, "MERGED");
  const auto& card = *by_id.at("PVTI_kwDOAFx00001");
  EXPECT_EQ(card.type, "DRAFT_ISSUE");
  EXPECT_EQ(card.state, "OPEN");
  EXPECT_EQ(card.body, "**Performance**: what success looks like for performance on this roadmap.");
  EXPECT_EQ(card.repo, "");
}

// Written per item from the fixture table in tests/fake-github/README.md. Cards are not judged.
TEST_F(fixture_findings, the_fixture_yields_exactly_these_findings) {
  sync();
  auto db = open_mirror();
  const auto s = settings();
  const auto boards = rules::load_boards(db, s);

  const findings_by_item global{
      {"PVTI_kwDOAFx00007", {}},  // #1 Unity: complete
      {"PVTI_kwDOAFx00008", {}},  // #2 Unity packaging: complete, "## End goals"
      // PR #8 (merged): Owner set, no SME, no sections, no target
      {"PVTI_kwDOAFx00009", std::vector<std::string>{"missing-experts"} + all_sections +
                                std::vector<std::string>{"no-target", "move-to-backlog:unscheduled"}},
      {"PVTI_kwDOAFx00011", {"missing-section:Scope"}},                               // #4 docs: no Scope
      {"PVTI_kwDOAFx00012", {"empty-section:Deliverables", "empty-section:Scope"}},  // #6 Hexagon: TBD
      {"PVTI_kwDOAFx00015", {}},                                                      // #7 testing overhaul
      {"PVTI_kwDOAFx00016", {}},                         // #14 ONNX: Owner text, no assignee
      {"PVTI_kwDOAFx00017", {"missing-priority"}},       // #17 meta-schedule
      {"PVTI_kwDOAFx00019", {}},                         // #16 TIR pipelining: assignee, no Owner
      {"PVTI_kwDOAFx00020", {"missing-theme"}},          // #19 Relax training
      {"PVTI_kwDOAFx00021", {"no-target", "move-to-backlog:unscheduled"}},  // #21 distributed: no schedule
      {"PVTI_kwDOAFx00022", {"missing-owner", "missing-experts", "help-wanted"}},  // #9 Backlog, nobody
      // #11 quantization: Backlog, only Status set, no sections
      {"PVTI_kwDOAFx00023", std::vector<std::string>{"missing-owner", "missing-experts"} + all_sections +
                                std::vector<std::string>{"missing-priority", "missing-theme", "help-wanted"}},
      {"PVTI_kwDOAFx00024", {}},  // #12 archived and closed, but complete (the caller skips it anyway)
      // #51 tracking issue in Q1: no SME, no sections, no target, tracking label instead of tvm:roadmap
      {"PVTI_kwDOAFx00025", std::vector<std::string>{"missing-experts"} + all_sections +
                                std::vector<std::string>{"no-target", "missing-roadmap-label",
                                                         "move-to-backlog:unscheduled"}},
  };
  EXPECT_EQ(judge_board(db, s, board_named(boards, "apache/1"), boards), global);

  const findings_by_item process{
      {"PVTI_kwDOAFx00177", {}},  // #46 guidelines: complete
      {"PVTI_kwDOAFx00178", {}},  // #47 bot: complete, carries help wanted although owned
      // #49 review meeting in Q2: Theme and Priority only
      {"PVTI_kwDOAFx00180", {"missing-owner", "missing-experts", "no-owner-in-quarter", "no-target",
                             "move-to-backlog:unscheduled", "help-wanted"}},
      {"PVTI_kwDOAFx00183", {"missing-experts", "missing-priority"}},  // #1 again, in Backlog: assignees, Theme
  };
  EXPECT_EQ(judge_board(db, s, board_named(boards, "denise-k/7"), boards), process);
}

// What the fixture lacks (dependencies, a late target, an unknown theme, an item without status),
// made on the fake before the sync.
TEST_F(fixture_findings, edits_on_github_bring_the_remaining_codes) {
  const std::string body =
      "## Motivation\n\nRoadmap reviews.\n\n## Goals\n\nDone.\n\n## Deliverables\n\nA meeting.\n\n## Scope\n\nAll boards.\n\n"
      "Depends on #49 and #999; blocked by apache/tvm#1.\n\n```\nDepends on #998\n```\n";
  fake.edit(R"({"ops":[
    {"op":"edit_issue","repo":"apache/tvm","number":46,"body":)" + json_string(body) + R"(},
    {"op":"set_field","item":"PVTI_kwDOAFx00178","field":"Quarter","value":null},
    {"op":"set_field","item":"PVTI_kwDOAFx00178","field":"Target date","value":"2027-05-01"},
    {"op":"set_field","item":"PVTI_kwDOAFx00183","field":"Status","value":null},
    {"op":"set_field","item":"PVTI_kwDOAFx00183","field":"Priority","value":"P1"},
    {"op":"set_field","item":"PVTI_kwDOAFx00183","field":"SME","value":"@areusch"}
  ]})");
  sync();
  auto db = open_mirror();
  auto s = settings();
  // A configured theme list without "Communication" makes #49's theme unknown.
  s.rules.rule_sets["default"].theme.themes = {"Process", "Tooling"};
  const auto boards = rules::load_boards(db, s);

  const findings_by_item process{
      // #46 in Q1 depends on #49 (open, Q2 on this board) and on #999 (nowhere); apache/tvm#1 is
      // open but only in Q1 and Backlog; the reference in code does not count.
      {"PVTI_kwDOAFx00177", {"dependency-scheduled-later:apache/tvm#49", "unknown-dependency:apache/tvm#999"}},
      {"PVTI_kwDOAFx00178", {"target-after-quarter"}},  // #47 in Q1, target 2027-05-01
      {"PVTI_kwDOAFx00180", {"missing-owner", "missing-experts", "unknown-theme", "no-owner-in-quarter", "no-target",
                             "move-to-backlog:unscheduled", "help-wanted"}},
      {"PVTI_kwDOAFx00183", {"move-to-backlog:no-status"}},  // #1 without a column
  };
  EXPECT_EQ(judge_board(db, s, board_named(boards, "denise-k/7"), boards), process);
}

}  // namespace
}  // namespace roadmapd::test

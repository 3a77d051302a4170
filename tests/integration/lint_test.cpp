// `roadmapd lint` on a mirror synced from the fake GitHub: every finding with the action that would
// follow, items skipped with the reason, a new item waiting out its grace period, errors that name
// their cause, and not one request to GitHub.
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_github.hpp"
#include "github_payloads.hpp"
#include "roadmapd_runner.hpp"

namespace roadmapd::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class lint_test : public ::testing::Test {
 protected:
  temp_dir dir;
  fake_github fake{dir};
  std::filesystem::path config;

  void SetUp() override { write(""); }

  void write(const std::string& rule_set_extra) {
    config = write_config(dir, fake,
                          fixture_targets_toml() +
                              "\n[rules]\ndry_run = true\ngrace_period = \"1h\"\n"
                              "\n[rule_sets.default]\n" + rule_set_extra +
                              "\n[rule_sets.default.label]\nroadmap_label = \"tvm:roadmap\"\n");
  }
  void sync() { ASSERT_EQ(roadmapd({"sync", "--once", "--config", config.string()}, dir).exit_code, 0); }

  run_result lint(std::vector<std::string> extra) {
    std::vector<std::string> args{"lint", "--config", config.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return roadmapd(args, dir);
  }

  // lint --format json of one board: item id -> its JSON object.
  std::map<std::string, rapidjson::Value> items;
  rapidjson::Document doc;
  void lint_json(const std::string& board) {
    const auto r = lint({"--project", board, "--format", "json"});
    ASSERT_EQ(r.exit_code, 1) << r.err;  // findings exist
    doc = parse_json(r.out);
    ASSERT_EQ(doc["boards"].Size(), 1u);
    for (auto& item : doc["boards"][0]["items"].GetArray()) {
      items.emplace(item["item_id"].GetString(), rapidjson::Value(item, doc.GetAllocator()));
    }
  }
  std::vector<std::string> codes(const std::string& item_id) {
    std::vector<std::string> out;
    for (const auto& f : items.at(item_id)["findings"].GetArray()) out.emplace_back(f["code"].GetString());
    return out;
  }
  std::vector<std::string> labels(const std::string& item_id) {
    std::vector<std::string> out;
    for (const auto& l : items.at(item_id)["actions"]["labels"].GetArray()) out.emplace_back(l.GetString());
    return out;
  }
  std::string member(const std::string& item_id, const char* key) {
    const auto& v = items.at(item_id);
    return v.HasMember(key) ? v[key].GetString() : "";
  }
};

TEST_F(lint_test, json_lists_every_item_with_its_findings_the_skipped_ones_and_what_would_follow) {
  sync();
  const auto requests_before = fake.requests().Size();
  lint_json("apache/1");
  EXPECT_EQ(fake.requests().Size(), requests_before) << "lint must not talk to GitHub";

  const auto& board = doc["boards"][0];
  EXPECT_STREQ(board["board"].GetString(), "apache/1");
  EXPECT_STREQ(board["title"].GetString(), "TVM Global Roadmap");
  EXPECT_TRUE(board["dry_run"].GetBool());
  EXPECT_EQ(items.size(), 24u) << "every item but the redacted one";

  // The board's layout is not judged.
  EXPECT_EQ(member("PVTI_kwDOAFx00001", "skipped"), "a theme card in Background & Motivations");
  EXPECT_EQ(member("PVTI_kwDOAFx00006", "skipped"), "the Themes & Goals card of Q1 2027");
  EXPECT_EQ(member("PVTI_kwDOAFx00024", "skipped"), "archived");

  // A complete item: nothing found, nothing to do.
  EXPECT_THAT(codes("PVTI_kwDOAFx00007"), IsEmpty());
  EXPECT_FALSE(items.at("PVTI_kwDOAFx00007")["actions"]["comment"].GetBool());

  // apache/tvm#4 lacks a Scope section: a comment and the section label.
  EXPECT_THAT(codes("PVTI_kwDOAFx00011"), ElementsAre("missing-section:Scope"));
  EXPECT_TRUE(items.at("PVTI_kwDOAFx00011")["actions"]["comment"].GetBool());
  EXPECT_THAT(labels("PVTI_kwDOAFx00011"), ElementsAre("roadmap:needs-details"));

  // apache/tvm#9 in Backlog has no owner: the owner label and "help wanted", which the comment omits.
  EXPECT_THAT(codes("PVTI_kwDOAFx00022"), ElementsAre("missing-owner", "help-wanted"));
  EXPECT_THAT(labels("PVTI_kwDOAFx00022"), ElementsAre("roadmap:needs-owner", "help wanted"));
  const auto& help = items.at("PVTI_kwDOAFx00022")["findings"][1];
  EXPECT_FALSE(help["in_comment"].GetBool());

  // The tracking issue lacks the roadmap label: a comment, and no label of its own.
  EXPECT_THAT(codes("PVTI_kwDOAFx00025"), ::testing::Contains("missing-roadmap-label"));
  EXPECT_EQ(doc["totals"]["boards"].GetInt(), 1);
}

TEST_F(lint_test, the_table_shows_each_finding_its_fix_and_the_action_that_would_follow) {
  sync();
  const auto r = lint({"--project", "TVM Global Roadmap"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("apache/1  TVM Global Roadmap  (rule set default, dry run)\n"));
  EXPECT_THAT(r.out, HasSubstr("  apache/tvm#4 \"[Roadmap] First-time user documentation\"  [Q2 2027]\n"
                               "    sections: missing-section:Scope: The description has no \"Scope\" section.\n"
                               "      fix: Edit the description and add a `## Scope` heading"));
  EXPECT_THAT(r.out, HasSubstr("    -> would: sticky comment; label 'roadmap:needs-details'\n"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("apache/tvm#1 \"")));  // nothing to say about a complete item
  EXPECT_THAT(r.out, HasSubstr("1 boards, 13 items judged, "));
}

TEST_F(lint_test, exempt_closed_and_done_items_are_skipped_and_a_new_item_waits_out_the_grace_period) {
  write("done_statuses = [\"Backlog\"]\n");
  fake.edit(R"({"ops":[
    {"op":"edit_issue","repo":"apache/tvm","number":4,"labels":["tvm:roadmap","roadmap:exempt"]},
    {"op":"close_issue","repo":"apache/tvm","number":6},
    {"op":"create_issue","repo":"apache/tvm","title":"[Roadmap] Something new","body":"An idea.","labels":["tvm:roadmap"]}
  ]})");
  const auto state = fake.state();
  std::string new_issue;
  for (const auto& i : state["issues"].GetArray()) {
    if (std::string(i["title"].GetString()) == "[Roadmap] Something new") new_issue = i["id"].GetString();
  }
  ASSERT_FALSE(new_issue.empty());
  const auto added = parse_json(fake.edit(R"({"ops":[{"op":"add_item","project":1,"owner":"apache","content":")" +
                                          new_issue + R"("}]})"));
  const std::string new_item = added["results"][0]["id"].GetString();
  sync();
  lint_json("apache/1");

  EXPECT_EQ(member("PVTI_kwDOAFx00011", "skipped"), "exempt (label roadmap:exempt)");
  EXPECT_EQ(member("PVTI_kwDOAFx00012", "skipped"), "closed");
  EXPECT_EQ(member("PVTI_kwDOAFx00022", "skipped"), "in the done column Backlog");
  EXPECT_EQ(member(new_item, "skipped"), "");
  EXPECT_THAT(codes(new_item), ::testing::Contains("missing-owner"));
  EXPECT_THAT(member(new_item, "waiting"), HasSubstr("added less than the grace period ago: acted on from "));
}

// After enforcement, lint tells what is in place from what is still to do, and previews the exact
// comment enforcement writes.
TEST_F(lint_test, after_enforcement_what_is_in_place_shows_as_done_and_only_the_rest_as_will) {
  config = write_config(dir, fake,
                        fixture_targets_toml() +
                            "\n[rules]\ndry_run = false\ngrace_period = \"0s\"\nactions_per_minute = 80\n"
                            "actions_per_hour = 500\n\n[rule_sets.default.label]\nroadmap_label = \"tvm:roadmap\"\n");
  sync();
  const auto before = lint({"--project", "apache/1"});
  EXPECT_EQ(before.exit_code, 1) << before.err;
  EXPECT_THAT(before.out, HasSubstr("    -> will: sticky comment; label 'roadmap:needs-details'\n"));

  ASSERT_EQ(roadmapd({"enforce", "--once", "--config", config.string()}, dir).exit_code, 0);
  const auto after = lint({"--project", "apache/1", "--show-comments"});
  EXPECT_EQ(after.exit_code, 1) << "the findings are still there: " << after.err;
  EXPECT_THAT(after.out, HasSubstr("  apache/tvm#4 \"[Roadmap] First-time user documentation\"  [Q2 2027]\n"));
  EXPECT_THAT(after.out, HasSubstr("    -> done: sticky comment; label 'roadmap:needs-details'\n"));
  EXPECT_THAT(after.out, ::testing::Not(HasSubstr("will:")));

  // The preview is the comment GitHub received, line by line.
  std::string issue4, sent;
  const auto state = fake.state();
  for (const auto& i : state["issues"].GetArray()) {
    if (std::string(i["repository"].GetString()) == "apache/tvm" && i["number"].GetInt() == 4) issue4 = i["id"].GetString();
  }
  const auto mutations = fake.mutations();
  for (const auto& m : mutations.GetArray()) {
    if (std::string(m["name"].GetString()) == "addComment" && std::string(m["input"]["subjectId"].GetString()) == issue4) {
      sent = m["input"]["body"].GetString();
    }
  }
  ASSERT_FALSE(sent.empty());
  std::string preview = "    comment, as roadmapd writes it:\n";
  std::size_t start = 0;
  while (start < sent.size()) {
    const auto end = std::min(sent.find('\n', start), sent.size());
    preview += "      | " + sent.substr(start, end - start) + "\n";
    start = end + 1;
  }
  EXPECT_THAT(after.out, HasSubstr(preview));

  // The same in JSON.
  const auto json = lint({"--project", "apache/1", "--format", "json", "--show-comments"});
  const auto doc = parse_json(json.out);
  for (const auto& item : doc["boards"][0]["items"].GetArray()) {
    if (std::string(item["item_id"].GetString()) != "PVTI_kwDOAFx00011") continue;
    EXPECT_EQ(item["actions"]["done"].Size(), 2u);
    EXPECT_EQ(item["actions"]["pending"].Size(), 0u);
    EXPECT_EQ(std::string(item["comment_body"].GetString()), sent);
  }

  // Someone removes the label on GitHub: that one is to do again, the comment stays done.
  fake.edit(R"({"ops":[{"op":"edit_issue","repo":"apache/tvm","number":4,"labels":["tvm:roadmap"]}]})");
  sync();
  EXPECT_THAT(lint({"--project", "apache/1"}).out, HasSubstr("    -> done: sticky comment | will: label 'roadmap:needs-details'\n"));
}

// Each judged item's progress (lib/progress), with the inconsistencies the model reports: the
// tracking issue apache/tvm#51 gets its "Relax VM" task ticked while that pull request is open.
TEST_F(lint_test, each_item_shows_its_progress_state_and_inconsistencies) {
  const auto state = fake.state();
  std::string body;
  for (const auto& i : state["issues"].GetArray()) {
    if (std::string(i["repository"].GetString()) == "apache/tvm" && i["number"].GetInt() == 51) body = i["body"].GetString();
  }
  const std::string unticked = "- [ ] https://github.com/apache/tvm/pull/10 Relax VM";
  ASSERT_NE(body.find(unticked), std::string::npos);
  body.replace(body.find(unticked), 5, "- [x]");
  fake.edit(R"({"ops":[{"op":"edit_issue","repo":"apache/tvm","number":51,"body":)" + json_string(body) + "}]}");
  sync();
  const auto table = lint({"--project", "apache/1"});
  EXPECT_THAT(table.out, HasSubstr("    progress: 3/8 (37%, task list); "));
  EXPECT_THAT(table.out, ::testing::ContainsRegex("progress of the judged items: [0-9]+ "));
  const auto r = lint({"--format", "json"});
  const auto doc = parse_json(r.out);
  bool seen51 = false, seen6 = false;
  for (const auto& b : doc["boards"].GetArray()) {
    for (const auto& item : b["items"].GetArray()) {
      if (!item.HasMember("number") || !item.HasMember("progress")) continue;
      const auto& p = item["progress"];
      if (item["number"].GetInt() == 51) {
        seen51 = true;
        EXPECT_STREQ(p["source"].GetString(), "task list");
        ASSERT_EQ(p["inconsistencies"].Size(), 1u);
        EXPECT_STREQ(p["inconsistencies"][0].GetString(),
                     "the task \"Relax VM\" is ticked, but apache/tvm#10 is still open");
        EXPECT_EQ(p["done"].GetInt(), 3) << "a ticked task whose pull request is open is not done";
      }
      if (item["number"].GetInt() == 6 && std::string(item["repo"].GetString()) == "apache/tvm") {
        seen6 = true;  // its progress comes from sub-issues only (no task list)
        EXPECT_STREQ(p["source"].GetString(), "sub-issues");
        EXPECT_EQ(p["total"].GetInt(), 3);
        EXPECT_EQ(p["done"].GetInt(), 1);
      }
    }
  }
  EXPECT_TRUE(seen51);
  EXPECT_TRUE(seen6);
}

TEST_F(lint_test, errors_name_their_cause) {
  const auto no_mirror = lint({});
  EXPECT_EQ(no_mirror.exit_code, 3) << "not 1, which means findings";
  EXPECT_THAT(no_mirror.err, HasSubstr("lint: no mirror at "));
  EXPECT_THAT(no_mirror.err, HasSubstr("run roadmapd sync --once"));

  sync();
  const auto unknown = lint({"--project", "apache/99"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("lint: no board 'apache/99' in the mirror; there are: apache/1 (TVM Global Roadmap), "));

  const auto format = lint({"--format", "xml"});
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_THAT(format.err, HasSubstr("lint: unknown --format 'xml' (table or json)"));
}

}  // namespace
}  // namespace roadmapd::test

// Enforcement against the fake GitHub: `roadmapd enforce --once` comments, labels and moves by the
// rules; the same findings again send nothing; fixing an item resolves its comment and takes the
// labels away; a person's comment is never edited; dry run sends nothing; the budget holds.
#include <csignal>
#include <map>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_github.hpp"
#include "github_payloads.hpp"
#include "http_call.hpp"
#include "webhook/signature.hpp"
#include "roadmapd_runner.hpp"

namespace roadmapd::test {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct mutation {
  std::string name;
  std::string subject;  // subjectId, labelableId, id or itemId: what it touched
  std::string detail;   // body, label name or option id
  bool ok = false;
};

class enforce_test : public ::testing::Test {
 protected:
  temp_dir dir;
  fake_github fake{dir};
  std::filesystem::path config;
  std::map<int, std::string> issue_ids;  // apache/tvm number -> node id
  std::map<std::string, std::string> label_names;  // label node id -> name (from the fake's state)

  void SetUp() override {
    configure("dry_run = false\nactions_per_minute = 80\nactions_per_hour = 500\n");
    const auto state = fake.state();
    for (const auto& i : state["issues"].GetArray()) {
      if (std::string(i["repository"].GetString()) == "apache/tvm") issue_ids[i["number"].GetInt()] = i["id"].GetString();
    }
  }

  void configure(const std::string& rules) {
    config = write_config(dir, fake,
                          fixture_targets_toml() + "\n[rules]\ngrace_period = \"0s\"\n" + rules +
                              "\n[rule_sets.default.label]\nroadmap_label = \"tvm:roadmap\"\n");
  }

  run_result enforce() { return roadmapd({"enforce", "--once", "--config", config.string()}, dir); }

  void refresh_labels() {
    const auto state = fake.state();
    for (const auto& r : state["repositories"].GetArray()) {
      if (!r.HasMember("labels")) continue;
      for (const auto& l : r["labels"].GetArray()) label_names[l["id"].GetString()] = l["name"].GetString();
    }
  }

  std::vector<mutation> mutations() {
    refresh_labels();
    std::vector<mutation> out;
    const auto all = fake.mutations();
    for (const auto& m : all.GetArray()) {
      mutation x;
      x.name = m["name"].GetString();
      x.ok = m["ok"].GetBool();
      const auto& in = m["input"];
      for (const char* key : {"subjectId", "labelableId", "id", "itemId"}) {
        if (in.HasMember(key) && in[key].IsString()) {
          x.subject = in[key].GetString();
          break;
        }
      }
      if (in.HasMember("body")) x.detail = in["body"].GetString();
      if (in.HasMember("name")) x.detail = in["name"].GetString();
      if (in.HasMember("labelIds")) {
        for (const auto& id : in["labelIds"].GetArray()) x.detail += (x.detail.empty() ? "" : ",") + label_names[id.GetString()];
      }
      out.push_back(x);
    }
    return out;
  }
  std::vector<mutation> on(const std::vector<mutation>& all, const std::string& subject, const std::string& name) {
    std::vector<mutation> out;
    for (const auto& m : all) {
      if (m.subject == subject && m.name == name) out.push_back(m);
    }
    return out;
  }
};

TEST_F(enforce_test, findings_become_one_comment_and_labels_and_the_same_findings_again_send_nothing) {
  const auto first = enforce();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr(" failed, 0 held back"));
  const auto sent = mutations();
  for (const auto& m : sent) EXPECT_TRUE(m.ok) << m.name << " " << m.subject;

  // apache/tvm#4 lacks its Scope section: one comment saying so, and the label.
  const auto comments = on(sent, issue_ids.at(4), "addComment");
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_TRUE(comments[0].detail.starts_with("<!-- roadmapd:sticky -->\n"));
  EXPECT_THAT(comments[0].detail, HasSubstr("\"Scope\""));
  EXPECT_THAT(comments[0].detail, HasSubstr("## Scope"));
  const auto labels = on(sent, issue_ids.at(4), "addLabelsToLabelable");
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_EQ(labels[0].detail, "roadmap:needs-details");
  // Created once in the repository, however many issues need it.
  int created = 0;
  for (const auto& m : sent) created += m.name == "createLabel" && m.detail == "roadmap:needs-details";
  EXPECT_EQ(created, 1);

  // apache/tvm#2 is complete: nothing at all.
  EXPECT_THAT(on(sent, issue_ids.at(2), "addComment"), IsEmpty());
  EXPECT_THAT(on(sent, issue_ids.at(2), "addLabelsToLabelable"), IsEmpty());

  // apache/tvm#6 has a person's comment that imitates roadmapd's: roadmapd writes its own and
  // never touches theirs.
  EXPECT_EQ(on(sent, issue_ids.at(6), "addComment").size(), 1u);
  EXPECT_THAT(on(sent, "IC_kwDOAFx00003", "updateIssueComment"), IsEmpty());

  // Nothing changed: nothing is sent, even after a restart (a new process).
  fake.clear_mutations();
  const auto second = enforce();
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_THAT(mutations(), IsEmpty());
  EXPECT_THAT(second.out, HasSubstr("0 mutations sent"));
}

TEST_F(enforce_test, fixing_an_item_resolves_its_comment_and_removes_the_labels_roadmapd_added) {
  ASSERT_EQ(enforce().exit_code, 0);
  const auto before = mutations();
  ASSERT_EQ(on(before, issue_ids.at(11), "addComment").size(), 1u);

  // #4 gets its Scope section; #11 (no owner, in Backlog) gets an owner.
  const auto state = fake.state();
  std::string body4;
  for (const auto& i : state["issues"].GetArray()) {
    if (i["id"].GetString() == issue_ids.at(4)) body4 = i["body"].GetString();
  }
  fake.edit(R"({"ops":[{"op":"edit_issue","repo":"apache/tvm","number":4,"body":)" +
            json_string(body4 + "\n\n## Scope\nThe getting-started guide only.\n") + "}]}");
  fake.edit(R"({"ops":[{"op":"edit_issue","repo":"apache/tvm","number":11,"assignees":["tqchen"]}]})");
  fake.clear_mutations();
  ASSERT_EQ(enforce().exit_code, 0);
  const auto after = mutations();

  const auto resolved = on(after, issue_ids.at(4), "updateIssueComment");
  ASSERT_TRUE(resolved.empty());  // updateIssueComment names the comment, not the issue
  std::vector<mutation> edits;
  for (const auto& m : after) {
    if (m.name == "updateIssueComment") edits.push_back(m);
  }
  ASSERT_FALSE(edits.empty());
  EXPECT_THAT(edits[0].detail, HasSubstr("Everything the roadmap guidelines ask for is in place"));
  const auto removed4 = on(after, issue_ids.at(4), "removeLabelsFromLabelable");
  ASSERT_EQ(removed4.size(), 1u);
  EXPECT_EQ(removed4[0].detail, "roadmap:needs-details");
  const auto removed11 = on(after, issue_ids.at(11), "removeLabelsFromLabelable");
  std::string gone;
  for (const auto& m : removed11) gone += m.detail + ";";
  EXPECT_THAT(gone, HasSubstr("roadmap:needs-owner"));
  EXPECT_THAT(gone, HasSubstr("help wanted"));
}

TEST_F(enforce_test, backlog_moves_go_through_while_exempt_items_and_new_items_are_left_alone) {
  // The grace period is an hour, so the item added now must wait; #4 is exempted by a maintainer.
  config = write_config(dir, fake,
                        fixture_targets_toml() +
                            "\n[rules]\ndry_run = false\ngrace_period = \"1h\"\nactions_per_minute = 80\n"
                            "actions_per_hour = 500\n\n[rule_sets.default.backlog]\nenabled = true\n"
                            "\n[rule_sets.default.label]\nroadmap_label = \"tvm:roadmap\"\n");
  fake.edit(R"({"ops":[{"op":"edit_issue","repo":"apache/tvm","number":4,"labels":["tvm:roadmap","roadmap:exempt"]},
    {"op":"create_issue","repo":"apache/tvm","title":"[Roadmap] Brand new","body":"An idea.","labels":["tvm:roadmap"]}]})");
  std::string fresh;
  const auto with_fresh = fake.state();  // kept alive: the loop reads into it
  for (const auto& i : with_fresh["issues"].GetArray()) {
    if (std::string(i["title"].GetString()) == "[Roadmap] Brand new") fresh = i["id"].GetString();
  }
  fake.edit(R"({"ops":[{"op":"add_item","project":1,"owner":"apache","content":")" + fresh + R"("}]})");
  const auto r = enforce();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto sent = mutations();

  // apache/tvm#21 sits in Q4 2027 without a target: moved to Backlog on the global roadmap.
  const auto moves = on(sent, "PVTI_kwDOAFx00021", "updateProjectV2ItemFieldValue");
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_TRUE(moves[0].ok);
  const auto after = fake.state();
  std::string status;
  for (const auto& item : after["projects"][0]["items"].GetArray()) {
    if (std::string(item["id"].GetString()) == "PVTI_kwDOAFx00021") status = item["values"]["Status"].GetString();
  }
  EXPECT_EQ(status, "Backlog");
  for (const auto& m : sent) {
    EXPECT_NE(m.subject, issue_ids.at(4)) << m.name << " on an exempt issue";
    EXPECT_NE(m.subject, fresh) << m.name << " on an item still in its grace period";
  }
}

TEST_F(enforce_test, dry_run_sends_nothing_and_records_what_it_would_have_done) {
  configure("dry_run = true\n");
  const auto r = enforce();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(mutations(), IsEmpty());
  EXPECT_THAT(r.out, HasSubstr("0 mutations sent"));
  EXPECT_NE(scalar(dir / "mirror.db", "SELECT count(*) FROM enforcement_audit WHERE outcome = 'dry-run'"), "0");
  EXPECT_NE(scalar(dir / "mirror.db", "SELECT count(*) FROM enforcement_audit WHERE action = 'found'"), "0");
}

TEST_F(enforce_test, the_action_budget_holds_back_what_is_over_the_cap) {
  configure("dry_run = false\nactions_per_minute = 3\nactions_per_hour = 10\n");
  const auto r = enforce();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int writes = 0;
  for (const auto& m : mutations()) writes += m.name != "createLabel";
  EXPECT_LE(writes, 3);
  EXPECT_THAT(r.out, HasSubstr("3 mutations sent"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr(" 0 held back")));
  EXPECT_NE(scalar(dir / "mirror.db", "SELECT count(*) FROM enforcement_audit WHERE outcome = 'deferred'"), "0");
}

TEST_F(enforce_test, the_caps_hold_when_500_items_need_work_at_once_and_across_a_restart) {
  // 500 new roadmap issues with nothing filled in, all on the global roadmap.
  std::string ops = R"({"ops":[)";
  for (int i = 0; i < 500; ++i) {
    ops += std::string(i ? "," : "") + R"({"op":"create_issue","repo":"apache/tvm","title":"[Roadmap] Idea )" +
           std::to_string(i) + R"(","body":"Just an idea.","labels":["tvm:roadmap"]})";
  }
  const auto created = parse_json(fake.edit(ops + "]}"));
  ops = R"({"ops":[)";
  for (rapidjson::SizeType i = 0; i < created["results"].Size(); ++i) {
    ops += std::string(i ? "," : "") + R"({"op":"add_item","project":1,"owner":"apache","content":")" +
           created["results"][i]["id"].GetString() + R"("})";
  }
  fake.edit(ops + "]}");
  configure("dry_run = false\nactions_per_minute = 40\nactions_per_hour = 100\n");

  const auto first = enforce();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto sent = mutations();
  int writes = 0;
  for (const auto& m : sent) {
    EXPECT_TRUE(m.ok) << m.name << ": GitHub's own secondary limit must never be reached";
    writes += m.name != "createLabel";
  }
  EXPECT_LE(writes, 40);
  EXPECT_GE(writes, 30) << "the budget is used, not wasted";
  EXPECT_THAT(first.out, HasSubstr("40 mutations sent"));

  // A new process within the same minute: what was sent still counts, so nothing more goes out.
  fake.clear_mutations();
  const auto second = enforce();
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_THAT(mutations(), IsEmpty());
  EXPECT_THAT(second.out, HasSubstr("0 mutations sent"));
}

// The way a service is first started: `run` on an empty database with dry_run = false, over two
// passes (the fixture's interval is 10 s), so that passes, their notifications and rule runs overlap. It must send
// what `enforce --once` sends on the same data and nothing more: one comment per issue that needs
// one, no comment edits, no label twice and no label an issue already carries; a restart sends
// nothing.
TEST_F(enforce_test, the_first_run_on_an_empty_database_is_never_spammy_and_a_restart_sends_nothing) {
  // What a single judgement of the fixture sends, on a separate world.
  std::map<std::string, int> expected;
  {
    temp_dir other_dir;
    fake_github other{other_dir};
    const auto other_config = write_config(other_dir, other,
                                           fixture_targets_toml() + "\n[rules]\ngrace_period = \"0s\"\ndry_run = false\n"
                                           "actions_per_minute = 80\nactions_per_hour = 500\n"
                                           "\n[rule_sets.default.label]\nroadmap_label = \"tvm:roadmap\"\n");
    const auto once = roadmapd({"enforce", "--once", "--config", other_config.string()}, other_dir);
    ASSERT_EQ(once.exit_code, 0) << once.err;
    for (const auto& m : other.mutations().GetArray()) ++expected[m["name"].GetString()];
  }
  ASSERT_GT(expected["addComment"], 3) << "the fixture has issues that need a comment";

  // What each issue carries before roadmapd touches it: name -> labels, by node id.
  std::map<std::string, std::vector<std::string>> carried;
  {
    const auto state = fake.state();
    for (const auto& i : state["issues"].GetArray()) {
      auto& labels = carried[i["id"].GetString()];
      for (const auto& l : i["labels"].GetArray()) labels.push_back(l.IsString() ? l.GetString() : l["name"].GetString());
    }
  }

  auto run_for_passes = [&](int passes) {
    process daemon({ROADMAPD_BINARY, "run", "--config", config.string()}, dir.path());
    auto count = [&] {
      const auto log = daemon.err();
      int n = 0;
      for (auto at = log.find(" pass: "); at != std::string::npos; at = log.find(" pass: ", at + 1)) ++n;
      return n;
    };
    for (int i = 0; i < 1500 && count() < passes && daemon.running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the rule run after the last pass
    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait(std::chrono::seconds(20)), 0) << daemon.err();
    EXPECT_GE(count(), passes) << daemon.err();
    return daemon.err();
  };
  const auto log = run_for_passes(2);

  const auto sent = mutations();
  std::map<std::string, int> kinds;
  std::map<std::string, int> comments_on;
  std::map<std::string, int> label_adds;  // subject + label
  for (const auto& m : sent) {
    EXPECT_TRUE(m.ok) << m.name << " on " << m.subject;
    ++kinds[m.name];
    if (m.name == "addComment") ++comments_on[m.subject];
    if (m.name == "addLabelsToLabelable") {
      const auto& before = carried[m.subject];
      std::size_t start = 0;
      while (start <= m.detail.size()) {
        const auto end = std::min(m.detail.find(',', start), m.detail.size());
        const auto label = m.detail.substr(start, end - start);
        ++label_adds[m.subject + " " + label];
        EXPECT_EQ(std::count(before.begin(), before.end(), label), 0) << label << " added to " << m.subject << ", which carries it";
        start = end + 1;
      }
    }
  }
  EXPECT_EQ(kinds, expected) << log;
  EXPECT_EQ(kinds["updateIssueComment"], 0);
  for (const auto& [subject, n] : comments_on) EXPECT_EQ(n, 1) << "comments on " << subject;
  for (const auto& [what, n] : label_adds) EXPECT_EQ(n, 1) << what;
  // The record of owned labels is a set.
  EXPECT_EQ(scalar(dir / "mirror.db",
                   "WITH RECURSIVE split(content_id, label, rest) AS ("
                   " SELECT content_id, '', labels || char(10) FROM enforcement_state UNION ALL"
                   " SELECT content_id, substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1)"
                   " FROM split WHERE rest <> '') "
                   "SELECT count(*) FROM (SELECT 1 FROM split WHERE label <> '' GROUP BY content_id, lower(label) "
                   "HAVING count(*) > 1)"),
            "0");
  EXPECT_EQ(scalar(dir / "mirror.db",
                   "SELECT count(*) FROM (SELECT 1 FROM enforcement_audit WHERE outcome = 'sent' AND action = 'add-label' "
                   "GROUP BY content_id, detail HAVING count(*) > 1)"),
            "0");

  // A restart: the same world, nothing to do.
  fake.clear_mutations();
  const auto again = run_for_passes(1);
  EXPECT_THAT(mutations(), IsEmpty()) << again;
}

TEST_F(enforce_test, an_issue_edited_webhook_is_judged_and_commented_on_by_the_running_daemon) {
  dir.write("webhook-secret", "enforce-webhook-secret\n");
  configure("dry_run = false\nactions_per_minute = 80\nactions_per_hour = 500\n"
            "\n[webhook]\nlisten = \"127.0.0.1:0\"\nsecret_files = [\"webhook-secret\"]\n");
  std::string text = read_file(config);
  const std::string often = "interval = \"10s\"";
  text.replace(text.find(often), often.size(), "interval = \"1h\"");  // only the webhook can tell it
  dir.write("roadmapd.toml", text);
  const auto settled = enforce();
  ASSERT_EQ(settled.exit_code, 0) << settled.err;  // the first judgement, so the daemon starts from a settled state
  fake.clear_mutations();

  process daemon({ROADMAPD_BINARY, "run", "--config", config.string()}, dir.path());
  const auto port = wait_for_listening_port(daemon);
  ASSERT_NE(port, 0) << daemon.err();
  const std::string base = "http://127.0.0.1:" + std::to_string(port);

  // apache/tvm#2 loses its sections on GitHub, and GitHub says so.
  fake.edit(R"({"ops":[{"op":"edit_issue","repo":"apache/tvm","number":2,"body":"Only a sentence now."}]})");
  const auto state = fake.state();
  std::string payload;
  for (const auto& i : state["issues"].GetArray()) {
    if (i["id"].GetString() == issue_ids.at(2)) payload = issue_edited_payload(i, i["title"].GetString(), i["updatedAt"].GetString());
  }
  const auto r = http_call("POST", base + "/webhook", payload, "application/json",
                           {{"X-GitHub-Event", "issues"},
                            {"X-GitHub-Delivery", "7c2d4e00-0000-4000-8000-000000000001"},
                            {"X-Hub-Signature-256", webhook::sign(payload, "enforce-webhook-secret")}});
  ASSERT_EQ(r.status, 202) << r.body;

  std::vector<mutation> comments;
  for (int i = 0; i < 500 && comments.empty(); ++i) {
    comments = on(mutations(), issue_ids.at(2), "addComment");
    if (comments.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // time for a second one, if it were coming
  comments = on(mutations(), issue_ids.at(2), "addComment");
  ASSERT_EQ(comments.size(), 1u) << daemon.err() << fake.mutations()[0]["name"].GetString();
  EXPECT_THAT(comments[0].detail, HasSubstr("\"Motivation\""));

  const auto metrics = http_call("GET", base + "/metrics").body;
  EXPECT_THAT(metrics, HasSubstr("roadmapd_board_check_ok{board=\"apache/1\",check=\"goals-card\"} 1"));
  EXPECT_THAT(metrics, ::testing::ContainsRegex("roadmapd_rule_actions_total\\{outcome=\"sent\"\\} [1-9]"));
  daemon.signal(SIGTERM);
  daemon.wait(std::chrono::seconds(10));
}

}  // namespace
}  // namespace roadmapd::test

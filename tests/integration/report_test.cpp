// `roadmapd report` over a scripted history on the fixture, GitHub's clock stopped at known times:
// each kind (changes, quarter review, release roadmap) in each format is compared with its golden
// file (tests/integration/report_golden; ROADMAPD_UPDATE_GOLDEN=1 rewrites them after a deliberate
// change, to be read in the diff before committing), the JSON validates against
// docs/report.schema.json, the Markdown's tables come out of cmark-gfm as tables, and bad input gets
// one line and the exit code lint gives.
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_github.hpp"
#include "github_payloads.hpp"
#include "roadmapd_runner.hpp"

namespace roadmapd::test {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path golden_dir = std::filesystem::path(ROADMAPD_SOURCE_DIR) / "tests/integration/report_golden";
constexpr const char* pinned_now = "2027-01-05T00:00:00Z";

class report_test : public ::testing::Test {
 protected:
  temp_dir dir;
  fake_github fake{dir};
  std::filesystem::path config = write_config(dir, fake,
                                              fixture_targets_toml() +
                                                  "\n[rule_sets.default.label]\nroadmap_label = \"tvm:roadmap\"\n");

  void sync() {
    const auto r = roadmapd({"sync", "--once", "--config", config.string()}, dir);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  std::string body_of(int number) {
    const auto state = fake.state();
    for (const auto& i : state["issues"].GetArray()) {
      if (std::string(i["repository"].GetString()) == "apache/tvm" && i["number"].GetInt() == number) return i["body"].GetString();
    }
    return {};
  }

  // Three weeks of roadmap work, as the change log records it.
  void script() {
    fake.clock("2026-12-14T09:00:00Z");
    sync();  // the baseline
    fake.clock("2026-12-21T10:00:00Z");
    std::string body = body_of(51);
    const std::string todo = "- [ ] Write tutorials";
    body.replace(body.find(todo), todo.size(), "- [x] Write tutorials");
    fake.edit(R"({"ops":[
      {"op":"move_item","item":"PVTI_kwDOAFx00008","status":"Q2 2027"},
      {"op":"set_field","item":"PVTI_kwDOAFx00032","field":"Owner","value":"@areusch"},
      {"op":"close_issue","repo":"apache/tvm","number":1},
      {"op":"edit_issue","repo":"apache/tvm","number":51,"body":)" + json_string(body) + R"(},
      {"op":"remove_item","item":"PVTI_kwDOAFx00009"},
      {"op":"create_issue","repo":"apache/tvm","title":"[Roadmap] Wasm runtime <script>alert(1)</script> | pipes","body":"## Motivation\nx","labels":["tvm:roadmap"]}]})");
    std::string fresh;
    const auto state = fake.state();
    for (const auto& i : state["issues"].GetArray()) {
      if (std::string(i["title"].GetString()).starts_with("[Roadmap] Wasm")) fresh = i["id"].GetString();
    }
    fake.edit(R"({"ops":[{"op":"add_item","project":1,"owner":"apache","content":")" + fresh + R"("}]})");
    sync();
    fake.clock("2027-01-04T09:00:00Z");
    fake.edit(R"({"ops":[{"op":"close_issue","repo":"apache/tvm","number":4,"reason":"NOT_PLANNED"}]})");
    sync();
  }

  run_result report(std::vector<std::string> args) {
    args.insert(args.begin(), {"report", "--config", config.string(), "--now", pinned_now});
    return roadmapd(args, dir);
  }

  void expect_golden(const std::string& name, const std::string& text) {
    const auto path = golden_dir / name;
    if (std::getenv("ROADMAPD_UPDATE_GOLDEN") != nullptr) {
      std::ofstream(path, std::ios::binary) << text;
      return;
    }
    EXPECT_EQ(text, read_file(path)) << "differs from " << path << " (ROADMAPD_UPDATE_GOLDEN=1 rewrites it)";
  }

  void expect_valid_json(const std::string& text) {
    const auto file = dir.write("report.json", text);
    const auto r = run_command({"node", std::string(ROADMAPD_FAKE_GITHUB_DIR) + "/validate-json.js",
                                std::string(ROADMAPD_SOURCE_DIR) + "/docs/report.schema.json", file.string()},
                               dir.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST_F(report_test, each_kind_in_each_format_matches_its_golden_file_and_the_json_its_schema) {
  script();
  const std::vector<std::pair<std::string, std::vector<std::string>>> kinds{
      {"changes", {"--since", "2026-12-15T00:00:00Z"}},
      {"quarter", {"--quarter", "Q1 2027"}},
      {"release", {"--milestone", "v0.23.0"}},
  };
  for (const auto& [name, args] : kinds) {
    for (const char* format : {"md", "html", "json"}) {
      SCOPED_TRACE(name + "." + format);
      auto full = args;
      full.insert(full.end(), {"--format", format});
      const auto r = report(full);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      expect_golden(name + "." + format, r.out);
      if (std::string(format) == "json") expect_valid_json(r.out);
    }
  }
}

TEST_F(report_test, what_changed_says_each_change_once_escapes_github_text_and_renders_tables) {
  script();
  const auto md = report({"--since", "2026-12-15T00:00:00Z"}).out;
  // Finished, slipped, owner, dropped two ways, added, tracking progress.
  EXPECT_THAT(md, HasSubstr("| [apache/tvm#1 \\[Roadmap\\] Unity: one IR"));
  EXPECT_THAT(md, HasSubstr("| Q1 2027 | Q2 2027 | later, 2026-12-21 |"));
  EXPECT_THAT(md, HasSubstr(": `driazati` → `areusch`, 2026-12-21"));
  EXPECT_THAT(md, HasSubstr(": removed from the board, 2026-12-21"));
  EXPECT_THAT(md, HasSubstr(": closed as not planned, 2027-01-04"));
  EXPECT_THAT(md, HasSubstr("(task list)"));
  // A title with HTML and a pipe cannot break the table or inject markup, in Markdown or HTML.
  EXPECT_THAT(md, HasSubstr("Wasm runtime \\<script\\>alert(1)\\</script\\> \\| pipes"));
  const auto html = report({"--since", "2026-12-15T00:00:00Z", "--format", "html"}).out;
  EXPECT_THAT(html, ::testing::Not(HasSubstr("<script>")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("<table>\n<thead>\n<tr>\n<th>Item</th>\n<th>Board</th>\n<th>How</th>"));
  EXPECT_THAT(html, HasSubstr("<!DOCTYPE html>"));
}

TEST_F(report_test, closed_and_reopened_in_the_window_is_neither_finished_nor_dropped) {
  script();
  fake.clock("2027-01-04T10:00:00Z");
  fake.edit(R"({"ops":[{"op":"close_issue","repo":"apache/tvm","number":2}]})");
  sync();
  fake.clock("2027-01-04T11:00:00Z");
  fake.edit(R"({"ops":[{"op":"reopen_issue","repo":"apache/tvm","number":2}]})");
  sync();
  const auto json = report({"--since", "2026-12-15T00:00:00Z", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto doc = parse_json(json.out);
  const auto& changes = doc["changes"];
  for (const char* section : {"finished", "dropped"}) {
    for (const auto& e : changes[section].GetArray()) {
      EXPECT_STRNE(e["item"]["ref"].GetString(), "apache/tvm#2") << section;
    }
  }
  // #1 was closed and stays closed: still finished.
  bool one = false;
  for (const auto& e : changes["finished"].GetArray()) one = one || std::string(e["item"]["ref"].GetString()) == "apache/tvm#1";
  EXPECT_TRUE(one);
}

TEST_F(report_test, an_empty_history_is_an_honest_empty_report) {
  fake.clock("2026-12-14T09:00:00Z");
  sync();
  const auto r = report({"--since", "2026-12-01T00:00:00Z"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("> History starts on 2026-12-14"));
  EXPECT_THAT(r.out, HasSubstr("Nothing was finished."));
  EXPECT_THAT(r.out, HasSubstr("Nothing moved between quarters."));
}

TEST_F(report_test, bad_input_gets_one_line_and_lints_exit_codes) {
  const auto no_mirror = report({"--since", "7d"});
  EXPECT_EQ(no_mirror.exit_code, 3);
  EXPECT_THAT(no_mirror.err, HasSubstr("report: no mirror at "));
  sync();
  const struct {
    std::vector<std::string> args;
    std::string message;
  } cases[] = {
      {{"--since", "2027-02-01T00:00:00Z"}, "report: --since 2027-02-01T00:00:00Z is in the future (now is 2027-01-05T00:00:00Z)"},
      {{"--since", "last tuesday"}, "report: --since: \"last tuesday\" is neither a time like 2026-11-20T00:00:00Z nor a duration like 30d"},
      {{"--board", "apache/99"}, "report: no board 'apache/99' in the mirror; there are: apache/1 (TVM Global Roadmap), "},
      {{"--milestone", "v9.9"}, "report: no mirrored issue or pull request is in milestone 'v9.9'; milestones there are: v0.21.0, v0.22.0, v0.23.0"},
      {{"--quarter", "Summer"}, "report: \"Summer\" is not a quarter (write it like \"Q3 2027\")"},
      {{"--format", "pdf"}, "report: unknown --format 'pdf' (md, html or json)"},
      {{"--quarter", "Q1 2027", "--since", "7d"}, "report: --since is for a report of changes"},
  };
  for (const auto& c : cases) {
    const auto r = report(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args.front() << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.message)) << c.args.front();
    EXPECT_EQ(r.out, "");
  }
}

TEST_F(report_test, output_is_written_at_once_and_the_next_report_starts_where_it_ended) {
  script();
  const auto file = dir / "weekly.md";
  auto r = report({"--since", "2026-12-15T00:00:00Z", "--output", file.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(read_file(file), HasSubstr("# Roadmap changes from 2026-12-15 to 2027-01-05"));
  EXPECT_FALSE(std::filesystem::exists(file.string() + ".partial"));
  // Without --since, the next one covers what came after it.
  r = roadmapd({"report", "--config", config.string(), "--now", "2027-01-12T00:00:00Z"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("# Roadmap changes from 2027-01-05 to 2027-01-12"));
}

// [report] publish_issue: one comment, kept up to date, never a second one; dry run sends nothing;
// the daemon publishes after a pass when it is due.
TEST_F(report_test, publishing_keeps_one_comment_up_to_date_within_dry_run) {
  auto configure = [&](const std::string& rules) {
    config = write_config(dir, fake, fixture_targets_toml() + "\n[rules]\n" + rules +
                                         "\n[report]\npublish_issue = \"apache/tvm#52\"\npublish_every = \"7d\"\n");
  };
  configure("dry_run = true\n");
  sync();
  auto r = roadmapd({"report", "--publish", "--config", config.string()}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("report for apache/tvm#52: dry-run"));
  EXPECT_EQ(fake.mutations().Size(), 0u);

  configure("dry_run = false\n");
  r = roadmapd({"report", "--publish", "--config", config.string(), "--now", "2027-01-05T00:00:00Z"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("report for apache/tvm#52: sent"));
  r = roadmapd({"report", "--publish", "--config", config.string(), "--now", "2027-01-12T00:00:00Z"}, dir);
  EXPECT_THAT(r.out, HasSubstr("report for apache/tvm#52: sent"));
  std::vector<std::string> names;
  std::string last_body;
  const auto mutations = fake.mutations();
  for (const auto& m : mutations.GetArray()) {
    names.emplace_back(m["name"].GetString());
    if (m["input"].HasMember("body")) last_body = m["input"]["body"].GetString();
  }
  EXPECT_THAT(names, ::testing::ElementsAre("addComment", "updateIssueComment")) << "one comment, edited in place";
  EXPECT_TRUE(last_body.starts_with("<!-- roadmapd:report -->\n# Roadmap changes from 2027-01-05 to 2027-01-12"));
  EXPECT_EQ(scalar(dir / "mirror.db", "SELECT count(*) FROM enforcement_audit WHERE action = 'publish-report' AND outcome = 'sent'"),
            "2");

  // The running daemon publishes after its first pass (nothing since 2027-01-12 is due... until it is).
  execute(dir / "mirror.db", "UPDATE sync_state SET value = '2020-01-01T00:00:00Z' WHERE key = 'report/published_at'");
  fake.clear_mutations();
  process daemon({ROADMAPD_BINARY, "run", "--config", config.string()}, dir.path());
  for (int i = 0; i < 500 && daemon.err().find("report: publishing to apache/tvm#52: ") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(std::chrono::seconds(20)), 0) << daemon.err();
  EXPECT_THAT(daemon.err(), HasSubstr("report: publishing to apache/tvm#52: sent"));
  // (The rules comment on other issues meanwhile: only the report's comment counts here.)
  std::vector<std::string> again;
  const auto later = fake.mutations();
  for (const auto& m : later.GetArray()) {
    const auto& in = m["input"];
    if (in.HasMember("body") && std::string(in["body"].GetString()).starts_with("<!-- roadmapd:report -->")) {
      again.emplace_back(m["name"].GetString());
    }
  }
  EXPECT_THAT(again, ::testing::ElementsAre("updateIssueComment")) << "the same comment, never a second";
}

TEST_F(report_test, publishing_to_an_issue_roadmapd_does_not_mirror_is_a_config_error) {
  config = write_config(dir, fake, fixture_targets_toml() + "\n[report]\npublish_issue = \"apache/other#1\"\n");
  const auto r = roadmapd({"check-config", config.string()}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("report.publish_issue: apache/other is not a configured [[repository]]"));
}

}  // namespace
}  // namespace roadmapd::test

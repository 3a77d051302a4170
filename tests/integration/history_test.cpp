// The change log against the fake GitHub: the same edits (a quarter move, an owner change, a close and
// a reopen, a merge, a label, a removal from a board, an archive), once read by sync passes and once
// told by webhooks, give exactly the expected rows; a pass that finds nothing new, and a restart, add
// none; a board's first read is the baseline, marked and otherwise silent.
#include <csignal>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_github.hpp"
#include "github_payloads.hpp"
#include "http_call.hpp"
#include "roadmapd_runner.hpp"
#include "webhook/signature.hpp"

namespace roadmapd::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

constexpr const char* quarter_item = "PVTI_kwDOAFx00008";   // apache/1: apache/tvm#2, Q1 2027
constexpr const char* owner_item = "PVTI_kwDOAFx00032";     // apache/2: Owner @driazati
constexpr const char* removed_item = "PVTI_kwDOAFx00009";   // apache/1: apache/tvm#3 (a pull request)
constexpr const char* archived_item = "PVTI_kwDOAFx00163";  // apache/3

class history_test : public ::testing::Test {
 protected:
  temp_dir dir;
  fake_github fake{dir};
  std::filesystem::path db = dir / "mirror.db";

  // "kind|attribute|item or content|old|new|source" per row after the baseline, in the order recorded.
  std::vector<std::string> changes() {
    std::vector<std::string> out;
    for (const auto& r : query(db, "SELECT kind, attribute, coalesce(item_id, content_ref), coalesce(old_value, '-'), "
                                   "coalesce(new_value, '-'), source FROM changes WHERE attribute <> 'history-start' "
                                   "ORDER BY seq")) {
      out.push_back(r[0] + "|" + r[1] + "|" + r[2] + "|" + r[3] + "|" + r[4] + "|" + r[5]);
    }
    return out;
  }

  // The title of the pull request shown by removed_item.
  std::string removed_title() {
    const auto state = fake.state();
    for (const auto& p : state["pull_requests"].GetArray()) {
      if (std::string(p["id"].GetString()) == "PR_kwDOAFx00003") return p["title"].GetString();
    }
    return {};
  }

  void first_edits() {
    fake.edit(std::string(R"({"ops":[
      {"op":"move_item","item":")") + quarter_item + R"(","status":"Q4 2027"},
      {"op":"set_field","item":")" + quarter_item + R"(","field":"Quarter","value":"Q4 2027"},
      {"op":"set_field","item":")" + owner_item + R"(","field":"Owner","value":"@areusch"},
      {"op":"close_issue","repo":"apache/tvm","number":1},
      {"op":"merge_pr","repo":"apache/tvm","number":10},
      {"op":"edit_issue","repo":"apache/tvm","number":2,"labels":["tvm:roadmap","help wanted"]},
      {"op":"remove_item","item":")" + removed_item + R"("},
      {"op":"archive_item","item":")" + archived_item + R"("}]})");
  }

  std::vector<std::string> expected_first(const std::string& source, const std::string& removed_title) {
    return {"field|Status|" + std::string(quarter_item) + "|Q1 2027|Q4 2027|" + source,
            "field|Quarter|" + std::string(quarter_item) + "|Q1 2027|Q4 2027|" + source,
            "field|Owner|" + std::string(owner_item) + "|@driazati|@areusch|" + source,
            "issue|state|apache/tvm#1|OPEN|CLOSED|" + source,
            "issue|state_reason|apache/tvm#1|-|COMPLETED|" + source,
            "issue|state|apache/tvm#10|OPEN|MERGED|" + source,
            "issue|label|apache/tvm#2|-|help wanted|" + source,
            "field|Owner|" + std::string(removed_item) + "|@driazati|-|" + source,
            "field|Priority|" + std::string(removed_item) + "|P1|-|" + source,
            "field|Status|" + std::string(removed_item) + "|Q1 2027|-|" + source,
            "field|Theme|" + std::string(removed_item) + "|Usability|-|" + source,
            "item|removed|" + std::string(removed_item) + "|" + removed_title + "|-|" + source,
            "item|archived|" + std::string(archived_item) + "|false|true|" + source};
  }
};

TEST_F(history_test, sync_passes_record_each_change_once_and_a_quiet_pass_or_a_restart_records_nothing) {
  const auto config = write_config(dir, fake);
  auto sync = [&] { return roadmapd({"sync", "--once", "--config", config.string()}, dir); };
  ASSERT_EQ(sync().exit_code, 0);
  // The baseline: one mark per board and per repository's issues and pull requests, nothing else.
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM changes WHERE attribute = 'history-start'"), "8");
  EXPECT_THAT(changes(), IsEmpty());
  ASSERT_EQ(sync().exit_code, 0);
  EXPECT_THAT(changes(), IsEmpty()) << "a pass that reads nothing new records nothing";

  const auto removed = removed_title();
  first_edits();
  ASSERT_EQ(sync().exit_code, 0);
  EXPECT_THAT(changes(), UnorderedElementsAreArray(expected_first("poll", removed)));

  fake.edit(R"({"ops":[{"op":"reopen_issue","repo":"apache/tvm","number":1}]})");
  ASSERT_EQ(sync().exit_code, 0);
  auto all = expected_first("poll", removed);
  all.push_back("issue|state|apache/tvm#1|CLOSED|OPEN|poll");
  all.push_back("issue|state_reason|apache/tvm#1|COMPLETED|REOPENED|poll");
  EXPECT_THAT(changes(), UnorderedElementsAreArray(all));

  // Nothing new: neither another pass, nor a full one that re-reads everything.
  ASSERT_EQ(sync().exit_code, 0);
  ASSERT_EQ(roadmapd({"sync", "--once", "--full", "--config", config.string()}, dir).exit_code, 0);
  EXPECT_THAT(changes(), UnorderedElementsAreArray(all));
  // When GitHub's time is known, the row carries it.
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM changes c JOIN issues s ON s.id = c.content_id "
                       "WHERE c.attribute = 'state' AND c.content_ref = 'apache/tvm#10' AND c.at = s.updated_at"),
            "1");
}

TEST_F(history_test, webhooks_record_the_same_changes_and_the_next_pass_adds_none) {
  dir.write("webhook-secret", "history-webhook-secret\n");
  const auto config = write_config(dir, fake,
                                   fixture_targets_toml() +
                                       "\n[webhook]\nlisten = \"127.0.0.1:0\"\nsecret_files = [\"webhook-secret\"]\n",
                                   "[sync]\ninterval = \"1h\"\nfull_resync = \"6h\"\n");
  process daemon({ROADMAPD_BINARY, "run", "--config", config.string()}, dir.path());
  const auto port = wait_for_listening_port(daemon);
  ASSERT_NE(port, 0) << daemon.err();
  for (int i = 0; i < 500 && daemon.err().find(" pass: ") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(scalar(db, "SELECT count(*) FROM changes WHERE attribute = 'history-start'"), "8") << daemon.err();

  const auto removed = removed_title();
  first_edits();
  const auto state = fake.state();
  auto record = [&](const char* list, int number) -> const rapidjson::Value& {
    for (const auto& r : state[list].GetArray()) {
      if (std::string(r["repository"].GetString()) == "apache/tvm" && r["number"].GetInt() == number) return r;
    }
    throw std::runtime_error("no apache/tvm#" + std::to_string(number));
  };
  std::vector<std::pair<std::string, std::string>> deliveries{  // event, payload
      {"projects_v2_item", project_item_payload("edited", quarter_item, "PVT_kwDOAFx00001", "I_kwDOAFx00002", "Issue")},
      {"projects_v2_item", project_item_payload("edited", owner_item, "PVT_kwDOAFx00002", "I_kwDOAFx00014", "Issue")},
      {"issues", issue_event_payload(state, record("issues", 1), "closed", false)},
      {"pull_request", issue_event_payload(state, record("pull_requests", 10), "closed", true)},
      {"issues", issue_event_payload(state, record("issues", 2), "labeled", false)},
      {"projects_v2_item", project_item_payload("deleted", removed_item, "PVT_kwDOAFx00001", "PR_kwDOAFx00003", "PullRequest")},
      {"projects_v2_item", project_item_payload("archived", archived_item, "PVT_kwDOAFx00003", "I_kwDOAFx00023", "Issue")},
  };
  int n = 0;
  for (const auto& [event, payload] : deliveries) {
    const std::string id = "5f0c1a00-0000-4000-8000-00000000000" + std::to_string(++n);
    const auto r = http_call("POST", "http://127.0.0.1:" + std::to_string(port) + "/webhook", payload, "application/json",
                             {{"X-GitHub-Event", event},
                              {"X-GitHub-Delivery", id},
                              {"X-Hub-Signature-256", webhook::sign(payload, "history-webhook-secret")}});
    ASSERT_EQ(r.status, 202) << event << ": " << r.body;
  }
  for (int i = 0; i < 500 && scalar(db, "SELECT count(*) FROM webhook_deliveries WHERE status = 'done'") != "7"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(scalar(db, "SELECT count(*) FROM webhook_deliveries WHERE status = 'done'"), "7") << daemon.err();
  EXPECT_THAT(changes(), UnorderedElementsAreArray(expected_first("webhook", removed)));

  daemon.signal(SIGTERM);
  ASSERT_EQ(daemon.wait(std::chrono::seconds(20)), 0) << daemon.err();
  // The next pass (after a restart) reads those targets again, and finds nothing new.
  ASSERT_EQ(roadmapd({"sync", "--once", "--config", config.string()}, dir).exit_code, 0);
  EXPECT_THAT(changes(), UnorderedElementsAreArray(expected_first("webhook", removed)));
}

}  // namespace
}  // namespace roadmapd::test

// The worker applies every @octokit/webhooks-examples payload of the events roadmapd uses: the
// mirror then shows what the payload (or, for board items, the fake GitHub) says; deliveries for
// targets outside the config are ignored with the reason; bad payloads fail alone; restarts resume.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>
#include <gmock/gmock.h>
#include <set>

#include "worker_fixture.hpp"

namespace roadmapd::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string issue_1 = "MDU6SXNzdWU0NDQ1MDAwNDE=";           // Codertocat/Hello-World#1 in the examples
const std::string board_issue = "I_kwDOCG5vGM5La0aB";              // Octocoders/Hello-World#1, on board 1
const std::string board_item = "PVTI_lADOAWcTxs4ACgDdzgBWqxo";     // its item on board 1

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string str(const rapidjson::Value& v) { return v.IsString() ? v.GetString() : ""; }

std::string names(const rapidjson::Value& list, const char* member) {
  std::string out;
  if (!list.IsArray()) return out;
  for (const auto& e : list.GetArray()) out += (out.empty() ? "" : ",") + str(e[member]);
  return out;
}

class worker_test : public worker_fixture {
 protected:
  // What the mirror holds of an issue or PR, including its labels and assignees in order.
  std::optional<std::vector<std::string>> issue_row(const std::string& id) {
    auto r = sql("SELECT title, state, coalesce(milestone, ''), updated_at, coalesce(author, ''), draft, url, "
                 "(SELECT coalesce(group_concat(name, ','), '') FROM (SELECT name FROM issue_labels WHERE issue_id = "
                 "issues.id ORDER BY position)), "
                 "(SELECT coalesce(group_concat(login, ','), '') FROM (SELECT login FROM issue_assignees WHERE "
                 "issue_id = issues.id ORDER BY position)) "
                 "FROM issues WHERE id = '" + id + "'");
    if (r.empty()) return std::nullopt;
    return r[0];
  }

  std::string first_example(const std::string& event, const std::string& action) {
    for (auto& json : examples(event)) {
      if (str(parse(json)["action"]) == action) return json;
    }
    throw std::runtime_error("no " + event + "." + action + " example");
  }

  void expect_issue_matches_payload(const rapidjson::Value& issue, bool pull_request) {
    auto row = issue_row(issue["node_id"].GetString());
    ASSERT_TRUE(row);
    const bool merged = pull_request && issue["merged"].IsBool() && issue["merged"].GetBool();
    EXPECT_EQ((*row)[0], str(issue["title"]));
    EXPECT_EQ((*row)[1], merged ? "MERGED" : upper(str(issue["state"])));
    EXPECT_EQ((*row)[2], issue["milestone"].IsObject() ? str(issue["milestone"]["title"]) : "");
    EXPECT_EQ((*row)[3], str(issue["updated_at"]));
    EXPECT_EQ((*row)[4], str(issue["user"]["login"]));
    if (pull_request) {
      EXPECT_EQ((*row)[5], issue["draft"].GetBool() ? "1" : "0");
    }
    EXPECT_EQ((*row)[6], str(issue["html_url"]));
    EXPECT_EQ((*row)[7], names(issue["labels"], "name"));
    EXPECT_EQ((*row)[8], names(issue["assignees"], "login"));
  }

  // Feeds every example of an issues-like event and checks the rule it must follow.
  void feed_issue_examples(const std::string& event, const char* member, bool pull_request) {
    std::set<std::string> deleted;  // GitHub never brings a deleted issue back: later deliveries are stale
    for (const auto& json : examples(event)) {
      auto p = parse(json);
      const std::string action = str(p["action"]);
      const std::string repo = str(p["repository"]["full_name"]);
      const auto& issue = p[member];
      const std::string id = str(issue["node_id"]);
      SCOPED_TRACE(event + "." + action + " " + id + " in " + repo);
      const auto before = issue_row(id);

      const auto r = deliver(event, json);
      if (repo != "Codertocat/Hello-World") {
        EXPECT_EQ(r.status, "ignored");
        EXPECT_EQ(r.reason, "repository " + repo + " is not configured");
        continue;
      }
      if (action == "locked" || action == "unlocked" || action == "pinned" || action == "unpinned" ||
          action == "review_requested" || action == "review_request_removed") {
        EXPECT_EQ(r.status, "ignored");
        EXPECT_EQ(r.reason, event + " action '" + action + "' changes nothing the mirror keeps");
        EXPECT_EQ(issue_row(id), before);
        continue;
      }
      EXPECT_EQ(r.status, "done") << r.reason;
      if (action == "deleted") deleted.insert(id);
      if (action == "deleted" || action == "transferred" || deleted.contains(id)) {
        EXPECT_FALSE(issue_row(id));
      } else if (before && (*before)[3] > str(issue["updated_at"])) {
        EXPECT_EQ(issue_row(id), before) << "an older payload must not overwrite newer data";
      } else {
        expect_issue_matches_payload(issue, pull_request);
      }
    }
  }

  // The board item as the fake GitHub has it now: archived, type, content, Status.
  std::vector<std::string> github_item(const std::string& id) {
    auto state = fake.state();
    for (const auto& board : state["projects"].GetArray()) {
      for (const auto& item : board["items"].GetArray()) {
        if (str(item["id"]) != id) continue;
        const auto& values = item["values"];
        const auto status = values.HasMember("Status") ? str(values["Status"]) : "NULL";
        return {item["isArchived"].GetBool() ? "1" : "0", str(item["type"]), str(item["content"]), status};
      }
    }
    return {};
  }

  std::vector<std::string> mirror_item(const std::string& id) {
    auto r = sql("SELECT archived, type, coalesce(content_id, ''), "
                 "coalesce((SELECT v.text FROM item_field_values v JOIN project_fields f ON f.id = v.field_id "
                 "WHERE v.item_id = items.id AND f.name = 'Status'), 'NULL') FROM items WHERE id = '" + id + "'");
    return r.empty() ? std::vector<std::string>{} : r[0];
  }
};

TEST_F(worker_test, every_issues_example_is_written_unless_it_changes_nothing_or_is_older_than_the_mirror) {
  feed_issue_examples("issues", "issue", false);
}

TEST_F(worker_test, every_pull_request_example_is_written_unless_it_changes_nothing) {
  feed_issue_examples("pull_request", "pull_request", true);
}

TEST_F(worker_test, an_issue_edit_reaches_the_board_items_showing_it_and_the_rule_seam) {
  const auto json = edited(first_example("issues", "edited"), [](rapidjson::Document& d) {
    auto& a = d.GetAllocator();
    d["repository"]["full_name"].SetString("Octocoders/Hello-World", a);
    auto& issue = d["issue"];
    issue["node_id"].SetString(board_issue.c_str(), a);
    issue["title"].SetString("Roadmap item, retitled", a);
    issue["updated_at"].SetString("2030-01-01T00:00:00Z", a);
    issue["labels"].SetArray();
    issue["milestone"].SetNull();
  });
  const auto r = deliver("issues", json);
  EXPECT_EQ(r.status, "done") << r.reason;
  EXPECT_EQ(one("SELECT title FROM items WHERE id = '" + board_item + "'"), "Roadmap item, retitled");
  EXPECT_EQ(one("SELECT v.text FROM item_field_values v JOIN project_fields f ON f.id = v.field_id "
                "WHERE v.item_id = '" + board_item + "' AND f.data_type = 'TITLE'"),
            "Roadmap item, retitled");
  EXPECT_THAT(changed, ElementsAre(ElementsAre(board_item)));
}

TEST_F(worker_test, every_issue_comment_example_is_ignored_because_comments_are_not_mirrored) {
  for (const auto& json : examples("issue_comment")) {
    const auto r = deliver("issue_comment", json);
    EXPECT_EQ(r.status, "ignored");
    EXPECT_EQ(r.reason, "comments are not mirrored");
  }
}

TEST_F(worker_test, label_examples_remove_a_deleted_label_and_leave_others_alone) {
  ASSERT_EQ(deliver("issues", first_example("issues", "opened")).status, "done");
  execute(db_path, "INSERT INTO issue_labels (issue_id, position, name) VALUES ('" + issue_1 + "', 9, ':bug: Bugfix')");
  for (const auto& json : examples("label")) {
    auto p = parse(json);
    const std::string action = str(p["action"]);
    const std::string name = str(p["label"]["name"]);
    SCOPED_TRACE("label." + action + " " + name);
    const auto before = issue_row(issue_1);
    const auto r = deliver("label", json);
    EXPECT_EQ(r.status, "done") << r.reason;
    if (action == "deleted") {
      EXPECT_EQ(one("SELECT count(*) FROM issue_labels WHERE name = '" + name + "'"), "0");
      EXPECT_EQ((*issue_row(issue_1))[7], "bug");
    } else {
      EXPECT_EQ(issue_row(issue_1), before);
    }
  }
}

TEST_F(worker_test, a_renamed_label_is_renamed_on_issues_and_can_make_an_issue_a_tracking_issue) {
  ASSERT_EQ(deliver("issues", first_example("issues", "opened")).status, "done");
  EXPECT_EQ(one("SELECT is_tracking FROM issues WHERE id = '" + issue_1 + "'"), "0");
  const auto json = edited(first_example("label", "edited"), [](rapidjson::Document& d) {
    auto& a = d.GetAllocator();
    d["label"]["name"].SetString("type:rfc-tracking", a);
    rapidjson::Value from(rapidjson::kObjectType);
    from.AddMember("from", "bug", a);
    d["changes"].SetObject().AddMember("name", from, a);
  });
  const auto r = deliver("label", json);
  EXPECT_EQ(r.status, "done") << r.reason;
  EXPECT_EQ((*issue_row(issue_1))[7], "type:rfc-tracking");
  EXPECT_EQ(one("SELECT is_tracking FROM issues WHERE id = '" + issue_1 + "'"), "1");
}

TEST_F(worker_test, milestone_examples_clear_a_deleted_milestone_and_a_retitled_one_is_renamed) {
  ASSERT_EQ(deliver("issues", first_example("issues", "opened")).status, "done");
  ASSERT_EQ((*issue_row(issue_1))[2], "v1.0");
  const auto retitle = edited(first_example("milestone", "created"), [](rapidjson::Document& d) {
    auto& a = d.GetAllocator();
    d["action"].SetString("edited", a);
    d["milestone"]["title"].SetString("v1.0-final", a);
    rapidjson::Value from(rapidjson::kObjectType);
    from.AddMember("from", "v1.0", a);
    if (!d.HasMember("changes")) d.AddMember("changes", rapidjson::Value(rapidjson::kObjectType), a);
    d["changes"].SetObject().AddMember("title", from, a);
  });
  EXPECT_EQ(deliver("milestone", retitle).status, "done");
  EXPECT_EQ((*issue_row(issue_1))[2], "v1.0-final");
  execute(db_path, "UPDATE issues SET milestone = 'v1.0'");

  for (const auto& json : examples("milestone")) {
    auto p = parse(json);
    const std::string action = str(p["action"]);
    SCOPED_TRACE("milestone." + action);
    const auto r = deliver("milestone", json);
    EXPECT_EQ(r.status, "done") << r.reason;
    EXPECT_EQ((*issue_row(issue_1))[2], action == "deleted" ? "" : "v1.0");
    execute(db_path, "UPDATE issues SET milestone = 'v1.0'");
  }
}

TEST_F(worker_test, repository_examples_apply_renames_and_transfers_and_ignore_other_actions) {
  for (const auto& json : examples("repository")) {
    auto p = parse(json);
    const std::string action = str(p["action"]);
    SCOPED_TRACE("repository." + action + " " + str(p["repository"]["full_name"]));
    const auto r = deliver("repository", json);
    if (action == "renamed" || action == "transferred") {
      EXPECT_EQ(r.status, "done") << r.reason;
    } else {
      EXPECT_EQ(r.status, "ignored");
      EXPECT_EQ(r.reason, "repository action '" + action + "' changes nothing the mirror keeps");
    }
  }
  EXPECT_EQ(one("SELECT repo FROM issues WHERE id = '" + board_issue + "'"), "Octocoders/Hello-World");
}

TEST_F(worker_test, a_renamed_repository_moves_its_issues_items_and_sync_state) {
  const auto json = edited(first_example("repository", "renamed"), [](rapidjson::Document& d) {
    auto& a = d.GetAllocator();
    d["repository"]["full_name"].SetString("Octocoders/New-World", a);
    d["repository"]["name"].SetString("New-World", a);
  });
  const auto r = deliver("repository", json);
  EXPECT_EQ(r.status, "done") << r.reason;
  EXPECT_EQ(one("SELECT repo || ' ' || url FROM issues WHERE id = '" + board_issue + "'"),
            "Octocoders/New-World https://github.com/Octocoders/New-World/issues/1");
  EXPECT_EQ(one("SELECT content_repo FROM items WHERE id = '" + board_item + "'"), "Octocoders/New-World");
  EXPECT_EQ(one("SELECT count(*) FROM sync_state WHERE key LIKE 'repository/Octocoders/Hello-World/%'"), "0");
  EXPECT_NE(one("SELECT count(*) FROM sync_state WHERE key = 'repository/Octocoders/New-World/id'"), "0");
  EXPECT_THAT(changed, ElementsAre(ElementsAre(board_item)));
}

TEST_F(worker_test, every_projects_v2_item_example_leaves_the_item_as_github_has_it) {
  for (const auto& json : examples("projects_v2_item")) {
    auto p = parse(json);
    const std::string action = str(p["action"]);
    const std::string item = str(p["projects_v2_item"]["node_id"]);
    const std::string board = str(p["projects_v2_item"]["project_node_id"]);
    SCOPED_TRACE("projects_v2_item." + action + " " + item);
    if (board == "PVT_kwAEAQ") {
      const auto r = deliver("projects_v2_item", json);
      EXPECT_EQ(r.status, "ignored");
      EXPECT_EQ(r.reason, "board PVT_kwAEAQ is not configured (or not synced yet)");
      continue;
    }
    // GitHub (the fake) and the mirror as they were when GitHub sent the event.
    if (action == "archived") fake.edit(R"({"ops":[{"op":"archive_item","item":")" + item + R"("}]})");
    if (action == "restored") fake.edit(R"({"ops":[{"op":"unarchive_item","item":")" + item + R"("}]})");
    if (action == "edited") {
      fake.edit(R"({"ops":[{"op":"set_field","item":")" + item + R"(","field":"Status","value":"Done"}]})");
    }
    if (action == "created") execute(db_path, "DELETE FROM items WHERE id = '" + item + "'");
    if (action == "converted") {
      execute(db_path, "UPDATE items SET type = 'DRAFT_ISSUE', content_id = 'DI_before' WHERE id = '" + item + "'");
    }
    changed.clear();
    passes_requested = 0;

    const auto r = deliver("projects_v2_item", json);
    EXPECT_EQ(r.status, "done") << r.reason;
    if (action == "reordered") {
      EXPECT_EQ(one("SELECT value FROM sync_state WHERE key = 'board/Octocoders/1/updated_at'"), "");
      EXPECT_EQ(passes_requested, 1);
      EXPECT_TRUE(changed.empty());
      continue;
    }
    EXPECT_EQ(mirror_item(item), github_item(item));
    EXPECT_THAT(changed, ElementsAre(ElementsAre(item)));
  }
}

TEST_F(worker_test, a_deleted_item_leaves_the_mirror_and_so_does_one_gone_before_its_edit_was_applied) {
  auto event = [&](const std::string& action, const std::string& item) {
    return edited(first_example("projects_v2_item", "edited"), [&](rapidjson::Document& d) {
      auto& a = d.GetAllocator();
      d["action"].SetString(action.c_str(), a);
      d["projects_v2_item"]["node_id"].SetString(item.c_str(), a);
    });
  };
  EXPECT_EQ(deliver("projects_v2_item", event("deleted", "PVTI_lADOAWcTxs07G84AVqWu")).status, "done");
  EXPECT_EQ(one("SELECT count(*) FROM items WHERE id = 'PVTI_lADOAWcTxs07G84AVqWu'"), "0");

  fake.edit(R"({"ops":[{"op":"remove_item","item":")" + board_item + R"("}]})");
  auto moved = edited(event("edited", board_item), [](rapidjson::Document& d) {
    d["projects_v2_item"]["project_node_id"].SetString("PVT_kwDOAWcTxs4ACgDd", d.GetAllocator());
  });
  EXPECT_EQ(deliver("projects_v2_item", moved).status, "done");
  EXPECT_EQ(one("SELECT count(*) FROM items WHERE id = '" + board_item + "'"), "0");
}

TEST_F(worker_test, a_board_edit_updates_the_project_and_a_deletion_removes_it) {
  auto board_event = [](const std::string& action, const std::string& id, const std::string& title) {
    return R"({"action":")" + action + R"(","projects_v2":{"id":1,"node_id":")" + id +
           R"(","owner":{"login":"Octocoders"},"title":")" + title +
           R"(","short_description":"Where TVM goes","public":true,"closed_at":)" +
           (action == "closed" ? R"("2030-01-02T00:00:00Z")" : "null") +
           R"(,"created_at":"2022-01-01T00:00:00Z","updated_at":"2030-01-0)" + (action == "closed" ? "2" : "1") +
           R"(T00:00:00Z","number":1},"organization":{"login":"Octocoders"}})";
  };
  EXPECT_EQ(deliver("projects_v2", board_event("edited", "PVT_kwDOAWcTxs4ACgDd", "Roadmap 2030")).status, "done");
  EXPECT_EQ(one("SELECT title || ' / ' || short_description || ' / ' || closed FROM projects WHERE id = "
                "'PVT_kwDOAWcTxs4ACgDd'"),
            "Roadmap 2030 / Where TVM goes / 0");
  EXPECT_EQ(deliver("projects_v2", board_event("closed", "PVT_kwDOAWcTxs4ACgDd", "Roadmap 2030")).status, "done");
  EXPECT_EQ(one("SELECT closed FROM projects WHERE id = 'PVT_kwDOAWcTxs4ACgDd'"), "1");

  const auto other = deliver("projects_v2", board_event("edited", "PVT_elsewhere", "Not ours"));
  EXPECT_EQ(other.status, "ignored");
  EXPECT_EQ(other.reason, "board PVT_elsewhere is not configured (or not synced yet)");

  EXPECT_EQ(deliver("projects_v2", board_event("deleted", "PVT_kwDOAWcTxs4ACgDd", "Roadmap 2030")).status, "done");
  EXPECT_EQ(one("SELECT count(*) FROM projects WHERE id = 'PVT_kwDOAWcTxs4ACgDd'"), "0");
  EXPECT_EQ(one("SELECT count(*) FROM items WHERE project_id = 'PVT_kwDOAWcTxs4ACgDd'"), "0");
}

TEST_F(worker_test, a_malformed_payload_fails_with_its_json_path_and_the_next_delivery_is_still_applied) {
  const auto not_json = enqueue("issues", "{\"action\": \"opened\", ");
  const auto wrong_type = enqueue("issues", edited(first_example("issues", "opened"), [](rapidjson::Document& d) {
    d["issue"]["number"].SetString("1", d.GetAllocator());
  }));
  const auto good = enqueue("issues", first_example("issues", "opened"));
  EXPECT_EQ(drain(), 3);

  const auto a = result_of(not_json);
  EXPECT_EQ(a.status, "failed");
  EXPECT_THAT(a.reason, StartsWith("malformed payload: not JSON: "));
  const auto b = result_of(wrong_type);
  EXPECT_EQ(b.status, "failed");
  EXPECT_EQ(b.reason, "malformed payload: payload.issue.number: expected an integer, got a string");
  EXPECT_EQ(result_of(good).status, "done");
  EXPECT_TRUE(issue_row(issue_1));
}

TEST_F(worker_test, events_roadmapd_does_not_use_are_ignored_with_the_reason) {
  const auto r = deliver("star", R"({"action":"created","repository":{"full_name":"Codertocat/Hello-World"}})");
  EXPECT_EQ(r.status, "ignored");
  EXPECT_EQ(r.reason, "event 'star' is not used");
}

TEST_F(worker_test, after_a_restart_pending_deliveries_are_applied_once_and_a_crashing_one_is_given_up) {
  const auto opened = enqueue("issues", first_example("issues", "opened"));
  const auto edited_item = enqueue("projects_v2_item", first_example("projects_v2_item", "edited"));
  const auto crashing = enqueue("issues", first_example("issues", "edited"));
  execute(db_path, "UPDATE webhook_deliveries SET attempts = 5 WHERE delivery_id = '" + crashing + "'");

  reopen();  // as after a crash: a new connection, inbox and worker
  EXPECT_EQ(drain(), 3);
  const auto a = result_of(opened);
  EXPECT_EQ(a.status, "done");
  EXPECT_EQ(a.attempts, 1);
  EXPECT_EQ(result_of(edited_item).status, "done");
  const auto c = result_of(crashing);
  EXPECT_EQ(c.status, "failed");
  EXPECT_EQ(c.reason, "gave up after 5 attempts: the last one did not finish (the daemon stopped while applying it)");
  EXPECT_EQ(drain(), 0);
}

TEST_F(worker_test, a_github_failure_is_retried_and_given_up_after_the_attempt_limit) {
  const auto item_edit = first_example("projects_v2_item", "edited");
  fake.faults(R"({"faults":[{"status":502}]})");
  const auto retried = deliver("projects_v2_item", item_edit);
  EXPECT_EQ(retried.status, "done") << retried.reason;
  EXPECT_EQ(retried.attempts, 2);

  webhook::worker_options options;
  options.max_attempts = 2;
  reopen(options);
  fake.faults(R"({"faults":[{"status":502,"repeat":5}]})");
  const auto failed = deliver("projects_v2_item", item_edit);
  fake.clear_faults();
  EXPECT_EQ(failed.status, "failed");
  EXPECT_EQ(failed.attempts, 2);
  EXPECT_THAT(failed.reason, StartsWith("re-reading item PVTI_lADOAWcTxs07G84AVqWu from GitHub: "));
  EXPECT_THAT(failed.reason, HasSubstr("(delivery given up after 2 attempts)"));
}

TEST_F(worker_test, a_backlog_is_applied_in_arrival_order_and_a_retry_holds_back_only_what_follows_it) {
  const auto star_1 = enqueue("star", "{}");
  const auto star_2 = enqueue("star", "{}");
  const auto item = enqueue("projects_v2_item", first_example("projects_v2_item", "edited"));
  const auto opened = enqueue("issues", first_example("issues", "opened"));
  fake.faults(R"({"faults":[{"status":502}]})");

  std::vector<std::string> seen;  // "delivery outcome", as reported
  std::string while_retrying;     // the inbox as it stood when the item's first attempt failed
  worker->on_processed([&](const webhook::delivery& d, webhook::delivery_outcome o, auto) {
    seen.push_back(d.delivery_id + " " + std::string(webhook::to_string(o)));
    if (o == webhook::delivery_outcome::retry) {
      for (const auto& r : sql("SELECT delivery_id, status, attempts FROM webhook_deliveries ORDER BY seq")) {
        while_retrying += r[0] + "=" + r[1] + "/" + r[2] + " ";
      }
    }
  });
  EXPECT_EQ(drain(), 4);

  EXPECT_EQ(seen, (std::vector<std::string>{star_1 + " ignored", star_2 + " ignored", item + " retry", item + " done",
                                            opened + " done"}));
  // What came before the failure was committed; what follows it was not attempted yet.
  EXPECT_EQ(while_retrying,
            star_1 + "=ignored/1 " + star_2 + "=ignored/1 " + item + "=pending/1 " + opened + "=pending/0 ");
  EXPECT_EQ(result_of(item).attempts, 2);
  EXPECT_EQ(result_of(opened).attempts, 1);
  EXPECT_TRUE(issue_row(issue_1));
}

TEST_F(worker_test, run_purges_expired_deliveries_and_applies_what_notify_announces) {
  ASSERT_EQ(deliver("star", "{}").status, "ignored");
  execute(db_path, "UPDATE webhook_deliveries SET received_at = '2000-01-01T00:00:00Z'");

  std::string announced;
  worker->on_processed([&](const webhook::delivery& d, webhook::delivery_outcome, auto) {
    if (d.delivery_id == announced) worker->stop();
  });
  boost::asio::steady_timer give_up(ioc, std::chrono::seconds(30));
  give_up.async_wait([&](auto ec) {
    if (!ec) worker->stop();
  });
  auto running = boost::asio::co_spawn(ioc, worker->run(), boost::asio::use_future);
  boost::asio::post(ioc, [&] {
    announced = enqueue("issues", first_example("issues", "opened"));
    worker->notify();
  });
  ioc.restart();
  while (running.wait_for(std::chrono::seconds(0)) != std::future_status::ready && ioc.run_one() > 0) {
  }
  running.get();
  give_up.cancel();

  EXPECT_EQ(result_of(announced).status, "done");
  EXPECT_EQ(one("SELECT count(*) FROM webhook_deliveries WHERE received_at < '2001'"), "0");
}

}  // namespace
}  // namespace roadmapd::test

// github_actions against the fake GitHub (seeds-shaped fixture): each write changes the fake's world
// as GitHub would, a person's comment is never taken for roadmapd's nor edited, labels are created
// once, and a comment is never sent twice even when GitHub's answer is lost.
#include "enforce/github_actions.hpp"

#include <gtest/gtest.h>

#include "fake_github.hpp"
#include "temp_dir.hpp"
#include "test_server.hpp"

namespace roadmapd::enforce {
namespace {

using namespace std::chrono_literals;

constexpr const char* marker = "<!-- roadmapd:sticky -->";
constexpr const char* human_sticky_lookalike = "IC_kwDOAFx00003";  // kparzysz-quic's comment on apache/tvm#6

std::string str(const rapidjson::Value& v, const char* name) {
  auto m = v.FindMember(name);
  return m != v.MemberEnd() && m->value.IsString() ? std::string(m->value.GetString()) : std::string();
}

class github_actions_test : public ::testing::Test {
 protected:
  github::client_options options() const {
    github::client_options o;
    o.graphql_url = fake_.api_url() + "/graphql";
    o.token = test::fake_github::token;
    o.ca_file = fake_.ca_file();
    o.request_timeout = 5s;
    o.secondary_limit_wait = 1s;
    o.backoff_base = 1ms;
    o.backoff_max = 1s;
    o.max_attempts = 4;
    return o;
  }

  template <class T>
  T run(boost::asio::awaitable<T> aw) {
    return test::run_until_done(io_, std::move(aw));
  }

  // The issue or pull request as the fake holds it now.
  rapidjson::Value issue(const std::string& repo, int number) {
    state_ = fake_.state();
    for (const char* kind : {"issues", "pull_requests"}) {
      for (auto& i : state_[kind].GetArray()) {
        if (str(i, "repository") == repo && i["number"].GetInt() == number) return rapidjson::Value(i, state_.GetAllocator());
      }
    }
    ADD_FAILURE() << repo << "#" << number << " is not in the fake's state";
    return rapidjson::Value(rapidjson::kObjectType);
  }
  std::string issue_id(const std::string& repo, int number) { return str(issue(repo, number), "id"); }

  rapidjson::Value comment(const std::string& repo, int number, const std::string& id) {
    auto i = issue(repo, number);
    for (auto& c : i["comments"].GetArray()) {
      if (str(c, "id") == id) return rapidjson::Value(c, state_.GetAllocator());
    }
    ADD_FAILURE() << "comment " << id << " is not on " << repo << "#" << number;
    return rapidjson::Value(rapidjson::kObjectType);
  }

  std::vector<std::string> labels_of(const std::string& repo, int number) {
    std::vector<std::string> out;
    for (auto& l : issue(repo, number)["labels"].GetArray()) out.emplace_back(l.GetString());
    return out;
  }

  // The repository's label as the fake holds it, or an empty object.
  rapidjson::Value repository_label(const std::string& owner, const std::string& name, const std::string& label) {
    state_ = fake_.state();
    for (auto& r : state_["repositories"].GetArray()) {
      if (str(r, "owner") != owner || str(r, "name") != name) continue;
      for (auto& l : r["labels"].GetArray()) {
        if (str(l, "name") == label) return rapidjson::Value(l, state_.GetAllocator());
      }
    }
    return rapidjson::Value(rapidjson::kObjectType);
  }

  // Names of the mutations the fake ran (or refused), in order, as "name" or "name!" when refused.
  std::vector<std::string> mutations() const {
    std::vector<std::string> out;
    auto m = fake_.mutations();
    for (auto& r : m.GetArray()) out.push_back(str(r, "name") + (r["ok"].GetBool() ? "" : "!"));
    return out;
  }

  // How many API requests carried a document containing `text`.
  int requests_containing(const std::string& text) const {
    int n = 0;
    auto reqs = fake_.requests();
    for (auto& r : reqs.GetArray()) {
      if (str(r, "query").find(text) != std::string::npos) ++n;
    }
    return n;
  }

  test::temp_dir dir_;
  test::fake_github fake_{dir_};
  boost::asio::io_context io_;
  github::graphql_client client_{io_.get_executor(), options()};
  github_actions actions_{client_};
  rapidjson::Document state_;
};

TEST_F(github_actions_test, a_persons_comment_with_the_marker_is_not_roadmapds) {
  auto found = run(actions_.find_sticky_comment(issue_id("apache/tvm", 6), marker));
  ASSERT_TRUE(found) << found.message();
  EXPECT_FALSE(found->has_value()) << "took " << (*found)->id << " for roadmapd's comment";
}

TEST_F(github_actions_test, an_added_comment_is_the_viewers_and_is_found_again) {
  const std::string subject = issue_id("apache/tvm", 6);
  const std::string body = std::string(marker) + "\n**Roadmap check**: add a `## Scope` section.";
  auto added = run(actions_.add_comment(subject, body));
  ASSERT_TRUE(std::holds_alternative<std::string>(added)) << std::get<write_failure>(added).message;
  const std::string id = std::get<std::string>(added);
  EXPECT_NE(id, human_sticky_lookalike);

  auto c = comment("apache/tvm", 6, id);
  EXPECT_EQ(str(c, "author"), "roadmapd-bot");
  EXPECT_EQ(str(c, "body"), body);

  auto found = run(actions_.find_sticky_comment(subject, marker));
  ASSERT_TRUE(found) << found.message();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, id);
  EXPECT_EQ((*found)->body, body);
  EXPECT_FALSE((*found)->minimized);
  EXPECT_EQ(mutations(), (std::vector<std::string>{"addComment"}));
  EXPECT_EQ(actions_.mutations_sent(), 1);
}

TEST_F(github_actions_test, the_newest_of_the_viewers_comments_wins_and_others_are_skipped) {
  const std::string subject = issue_id("apache/tvm", 4);
  auto first = run(actions_.add_comment(subject, std::string(marker) + "\nfirst"));
  auto unmarked = run(actions_.add_comment(subject, "a comment without the marker"));
  auto second = run(actions_.add_comment(subject, std::string(marker) + "\nsecond"));
  ASSERT_TRUE(std::holds_alternative<std::string>(second));
  auto third = run(actions_.add_comment(subject, "another comment without the marker"));
  ASSERT_TRUE(std::holds_alternative<std::string>(third));
  auto found = run(actions_.find_sticky_comment(subject, marker));
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->id, std::get<std::string>(second));
}

TEST_F(github_actions_test, roadmapds_comment_is_found_behind_more_than_a_page_of_newer_comments) {
  const std::string subject = issue_id("apache/tvm", 9);
  auto added = run(actions_.add_comment(subject, std::string(marker) + "\nplease add an owner"));
  ASSERT_TRUE(std::holds_alternative<std::string>(added));
  std::string ops = R"({"ops":[)";
  for (int i = 0; i < 130; ++i) {
    if (i > 0) ops += ",";
    // People quoting roadmapd's comment copy its marker too.
    ops += R"({"op":"add_comment","repo":"apache/tvm","number":9,"author":"tqchen","body":"<!-- roadmapd:sticky --> reply )" +
           std::to_string(i) + R"("})";
  }
  fake_.edit(ops + "]}");
  auto found = run(actions_.find_sticky_comment(subject, marker));
  ASSERT_TRUE(found) << found.message();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, std::get<std::string>(added));
}

TEST_F(github_actions_test, finding_comments_on_a_draft_issue_says_it_cannot_have_any) {
  state_ = fake_.state();
  const std::string draft = str(state_["draft_issues"][0], "id");
  auto found = run(actions_.find_sticky_comment(draft, marker));
  ASSERT_FALSE(found);
  EXPECT_EQ(found.message(), "looking for roadmapd's comment on " + draft + ": it is a DraftIssue, which cannot have comments");
}

TEST_F(github_actions_test, edit_minimize_and_unminimize_change_roadmapds_comment) {
  const std::string subject = issue_id("apache/tvm", 4);
  auto added = run(actions_.add_comment(subject, std::string(marker) + "\nmissing: Scope"));
  ASSERT_TRUE(std::holds_alternative<std::string>(added));
  const std::string id = std::get<std::string>(added);

  const std::string fixed = std::string(marker) + "\nAll roadmap checks pass now. Thank you!";
  auto edited = run(actions_.edit_comment(id, fixed));
  ASSERT_TRUE(std::holds_alternative<bool>(edited)) << std::get<write_failure>(edited).message;
  EXPECT_EQ(str(comment("apache/tvm", 4, id), "body"), fixed);

  auto minimized = run(actions_.minimize_comment(id));
  ASSERT_TRUE(std::holds_alternative<bool>(minimized)) << std::get<write_failure>(minimized).message;
  auto c = comment("apache/tvm", 4, id);
  EXPECT_TRUE(c["isMinimized"].GetBool());
  EXPECT_EQ(str(c, "minimizedReason"), "resolved");
  auto found = run(actions_.find_sticky_comment(subject, marker));
  ASSERT_TRUE(found && found->has_value());
  EXPECT_TRUE((*found)->minimized);

  auto shown = run(actions_.unminimize_comment(id));
  ASSERT_TRUE(std::holds_alternative<bool>(shown)) << std::get<write_failure>(shown).message;
  EXPECT_FALSE(comment("apache/tvm", 4, id)["isMinimized"].GetBool());
  EXPECT_EQ(mutations(),
            (std::vector<std::string>{"addComment", "updateIssueComment", "minimizeComment", "unminimizeComment"}));
}

TEST_F(github_actions_test, editing_a_persons_comment_fails_and_leaves_it_alone) {
  const std::string before = str(comment("apache/tvm", 6, human_sticky_lookalike), "body");
  auto edited = run(actions_.edit_comment(human_sticky_lookalike, std::string(marker) + "\nreplaced"));
  ASSERT_TRUE(std::holds_alternative<write_failure>(edited));
  const auto& failure = std::get<write_failure>(edited);
  EXPECT_EQ(failure.message, std::string("editing comment ") + human_sticky_lookalike +
                                 ": FORBIDDEN: roadmapd-bot does not have the correct permissions to execute `UpdateIssueComment`");
  EXPECT_FALSE(failure.maybe_applied);
  EXPECT_EQ(failure.message.find(test::fake_github::token), std::string::npos);
  EXPECT_EQ(str(comment("apache/tvm", 6, human_sticky_lookalike), "body"), before);

  auto minimized = run(actions_.minimize_comment(human_sticky_lookalike));
  ASSERT_TRUE(std::holds_alternative<write_failure>(minimized));
  EXPECT_NE(std::get<write_failure>(minimized).message.find("FORBIDDEN"), std::string::npos);
  EXPECT_EQ(mutations(), (std::vector<std::string>{"updateIssueComment!", "minimizeComment!"}));
}

TEST_F(github_actions_test, a_comment_on_something_that_is_not_an_issue_names_it) {
  state_ = fake_.state();
  const std::string draft = str(state_["draft_issues"][0], "id");
  auto added = run(actions_.add_comment(draft, std::string(marker) + "\nhello"));
  ASSERT_TRUE(std::holds_alternative<write_failure>(added));
  const auto& failure = std::get<write_failure>(added);
  EXPECT_TRUE(failure.message.starts_with("adding a comment to " + draft + ": NOT_FOUND: ")) << failure.message;
  EXPECT_FALSE(failure.maybe_applied);
}

TEST_F(github_actions_test, ensure_label_creates_a_missing_label_once_and_then_reuses_it) {
  auto created = run(actions_.ensure_label("apache/tvm", "roadmap:needs-owner", "#d93f0b", "Roadmap item without an owner"));
  ASSERT_TRUE(std::holds_alternative<std::string>(created)) << std::get<write_failure>(created).message;
  auto label = repository_label("apache", "tvm", "roadmap:needs-owner");
  EXPECT_EQ(str(label, "id"), std::get<std::string>(created));
  EXPECT_EQ(str(label, "color"), "d93f0b");
  EXPECT_EQ(str(label, "description"), "Roadmap item without an owner");

  auto again = run(actions_.ensure_label("apache/tvm", "roadmap:needs-owner", "d93f0b", "Roadmap item without an owner"));
  ASSERT_TRUE(std::holds_alternative<std::string>(again));
  EXPECT_EQ(std::get<std::string>(again), std::get<std::string>(created));

  // A new process (empty cache) finds the label instead of creating it again.
  github_actions fresh(client_);
  auto found = run(fresh.ensure_label("apache/tvm", "roadmap:needs-owner", "d93f0b", "Roadmap item without an owner"));
  ASSERT_TRUE(std::holds_alternative<std::string>(found));
  EXPECT_EQ(std::get<std::string>(found), std::get<std::string>(created));

  auto existing = run(actions_.ensure_label("apache/tvm", "help wanted", "008672", "Extra attention is needed"));
  ASSERT_TRUE(std::holds_alternative<std::string>(existing));
  EXPECT_EQ(std::get<std::string>(existing), str(repository_label("apache", "tvm", "help wanted"), "id"));
  EXPECT_EQ(mutations(), (std::vector<std::string>{"createLabel"}));
}

TEST_F(github_actions_test, label_errors_name_the_label_and_the_repository) {
  auto bad_color = run(actions_.ensure_label("apache/tvm", "roadmap:needs-owner", "not-a-color", "x"));
  ASSERT_TRUE(std::holds_alternative<write_failure>(bad_color));
  EXPECT_EQ(std::get<write_failure>(bad_color).message,
            "creating label \"roadmap:needs-owner\" in apache/tvm: UNPROCESSABLE: Color is invalid");
  auto no_repo = run(actions_.ensure_label("apache/nope", "roadmap:needs-owner", "d93f0b", "x"));
  ASSERT_TRUE(std::holds_alternative<write_failure>(no_repo));
  EXPECT_TRUE(std::get<write_failure>(no_repo).message.starts_with(
      "looking up label \"roadmap:needs-owner\" in apache/nope: NOT_FOUND: "))
      << std::get<write_failure>(no_repo).message;
  auto not_a_repo = run(actions_.find_label("tvm", "help wanted"));
  ASSERT_FALSE(not_a_repo);
  EXPECT_EQ(not_a_repo.message(), "looking up label \"help wanted\" in tvm: repository \"tvm\" is not of the form owner/name");
}

TEST_F(github_actions_test, labels_are_added_and_removed) {
  const std::string subject = issue_id("apache/tvm", 9);
  auto owner = run(actions_.ensure_label("apache/tvm", "roadmap:needs-owner", "d93f0b", "Roadmap item without an owner"));
  auto help = run(actions_.ensure_label("apache/tvm", "help wanted", "008672", ""));
  ASSERT_TRUE(std::holds_alternative<std::string>(owner) && std::holds_alternative<std::string>(help));

  auto added = run(actions_.add_labels(subject, {std::get<std::string>(owner)}));
  ASSERT_TRUE(std::holds_alternative<bool>(added)) << std::get<write_failure>(added).message;
  EXPECT_EQ(labels_of("apache/tvm", 9), (std::vector<std::string>{"tvm:roadmap", "help wanted", "roadmap:needs-owner"}));

  auto removed = run(actions_.remove_labels(subject, {std::get<std::string>(owner), std::get<std::string>(help)}));
  ASSERT_TRUE(std::holds_alternative<bool>(removed)) << std::get<write_failure>(removed).message;
  EXPECT_EQ(labels_of("apache/tvm", 9), (std::vector<std::string>{"tvm:roadmap"}));
  EXPECT_EQ(mutations(), (std::vector<std::string>{"createLabel", "addLabelsToLabelable", "removeLabelsFromLabelable"}));
}

TEST_F(github_actions_test, a_label_of_another_repository_is_refused) {
  auto other = run(actions_.ensure_label("apache/tvm-rfcs", "status:accepted", "0e8a16", ""));
  ASSERT_TRUE(std::holds_alternative<std::string>(other));
  const std::string subject = issue_id("apache/tvm", 9);
  auto added = run(actions_.add_labels(subject, {std::get<std::string>(other)}));
  ASSERT_TRUE(std::holds_alternative<write_failure>(added));
  EXPECT_TRUE(std::get<write_failure>(added).message.starts_with("adding labels to " + subject + ": NOT_FOUND: "))
      << std::get<write_failure>(added).message;
  EXPECT_EQ(labels_of("apache/tvm", 9), (std::vector<std::string>{"tvm:roadmap", "help wanted"}));
}

TEST_F(github_actions_test, set_single_select_moves_an_item_to_backlog) {
  state_ = fake_.state();
  const std::string content = issue_id("apache/tvm", 4);
  std::string project, field, backlog, item;
  for (auto& p : state_["projects"].GetArray()) {
    if (p["number"].GetInt() != 1) continue;
    project = str(p, "id");
    for (auto& f : p["fields"].GetArray()) {
      if (str(f, "name") != "Status") continue;
      field = str(f, "id");
      for (auto& o : f["options"].GetArray()) {
        if (str(o, "name") == "Backlog") backlog = str(o, "id");
      }
    }
    for (auto& i : p["items"].GetArray()) {
      if (str(i, "content") == content) item = str(i, "id");
    }
  }
  ASSERT_FALSE(project.empty() || field.empty() || backlog.empty() || item.empty());

  auto moved = run(actions_.set_single_select(project, item, field, backlog));
  ASSERT_TRUE(std::holds_alternative<bool>(moved)) << std::get<write_failure>(moved).message;
  state_ = fake_.state();
  std::string status;
  for (auto& p : state_["projects"].GetArray()) {
    for (auto& i : p["items"].GetArray()) {
      if (str(i, "id") == item) status = str(i["values"], "Status");
    }
  }
  EXPECT_EQ(status, "Backlog");

  auto wrong = run(actions_.set_single_select(project, item, field, "no-such-option"));
  ASSERT_TRUE(std::holds_alternative<write_failure>(wrong));
  EXPECT_EQ(std::get<write_failure>(wrong).message, "setting field " + field + " of item " + item + " in project " + project +
                                                         ": VALIDATION: The single select option Id does not belong to the field");
}

TEST_F(github_actions_test, a_lost_add_comment_is_reported_as_maybe_applied_and_not_sent_again) {
  const std::string subject = issue_id("apache/tvm", 4);
  fake_.clear_requests();
  fake_.faults(R"({"faults":[{"status":502}]})");
  auto added = run(actions_.add_comment(subject, std::string(marker) + "\nmissing: Scope"));
  ASSERT_TRUE(std::holds_alternative<write_failure>(added));
  const auto& failure = std::get<write_failure>(added);
  EXPECT_TRUE(failure.maybe_applied);
  EXPECT_TRUE(failure.message.starts_with("adding a comment to " + subject + ": GitHub answered 502")) << failure.message;
  EXPECT_EQ(requests_containing("addComment"), 1);
  EXPECT_TRUE(mutations().empty());
  EXPECT_TRUE(issue("apache/tvm", 4)["comments"].Empty());
}

TEST_F(github_actions_test, a_502_on_an_edit_is_retried_and_succeeds) {
  auto added = run(actions_.add_comment(issue_id("apache/tvm", 4), std::string(marker) + "\nmissing: Scope"));
  ASSERT_TRUE(std::holds_alternative<std::string>(added));
  const std::string id = std::get<std::string>(added);
  fake_.clear_requests();
  fake_.faults(R"({"faults":[{"status":502}]})");
  auto edited = run(actions_.edit_comment(id, std::string(marker) + "\nmissing: nothing"));
  ASSERT_TRUE(std::holds_alternative<bool>(edited)) << std::get<write_failure>(edited).message;
  EXPECT_EQ(requests_containing("updateIssueComment"), 2);
  EXPECT_EQ(str(comment("apache/tvm", 4, id), "body"), std::string(marker) + "\nmissing: nothing");
  EXPECT_EQ(mutations(), (std::vector<std::string>{"addComment", "updateIssueComment"}));
}

// The race ensure_label must survive: the label appears between roadmapd's look-up and its
// createLabel (a person, or roadmapd's own earlier createLabel whose answer was lost). Scripted,
// because the fake answers each request in order and cannot interleave a person's edit.
TEST(github_actions_race_test, a_label_created_meanwhile_is_looked_up_again_and_used) {
  auto lookups = std::make_shared<int>(0);
  test::test_server server([lookups](const test::received_request& r) {
    test::scripted_reply reply;
    if (r.body.find("query repository_label") != std::string::npos) {
      reply.body = ++*lookups == 1 ? R"({"data":{"repository":{"id":"R_1","label":null}}})"
                                   : R"({"data":{"repository":{"id":"R_1","label":{"id":"LA_9","name":"roadmap:needs-theme"}}}})";
    } else if (r.body.find("mutation create_label") != std::string::npos) {
      reply.body = R"({"data":{"createLabel":null},"errors":[{"type":"UNPROCESSABLE","path":["createLabel"],)"
                   R"("message":"Name has already been taken"}]})";
    } else {
      reply.status = 400;
      reply.body = R"({"message":"unexpected request"})";
    }
    return reply;
  });
  boost::asio::io_context io;
  github::client_options o;
  o.graphql_url = server.url() + "/graphql";
  o.token = "t";
  o.backoff_base = 1ms;
  github::graphql_client client(io.get_executor(), o);
  github_actions actions(client);
  auto ensured = test::run_until_done(io, actions.ensure_label("apache/tvm", "roadmap:needs-theme", "fbca04", "Set the Theme field"));
  ASSERT_TRUE(std::holds_alternative<std::string>(ensured)) << std::get<write_failure>(ensured).message;
  EXPECT_EQ(std::get<std::string>(ensured), "LA_9");
  EXPECT_EQ(server.requests().size(), 3u);  // look-up, refused createLabel, look-up
}

}  // namespace
}  // namespace roadmapd::enforce

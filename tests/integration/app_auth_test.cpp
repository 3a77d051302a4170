// roadmapd as a GitHub App against the fake GitHub, which verifies each JWT with the App's public key:
// `sync --once` mirrors what a personal token sees, a token that expires mid-run is replaced before
// GitHub refuses it, a revoked token gets one retry with a fresh one, bad keys and unknown
// installations stop with a clear message, and no key, JWT or installation token reaches the log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <thread>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "fake_github.hpp"
#include "http_call.hpp"
#include "mirror_snapshot.hpp"
#include "roadmapd_runner.hpp"

namespace roadmapd::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr std::int64_t app_id = 4242;
constexpr std::int64_t installation_id = 777001;

// Makes dir/app-key.pem (PKCS#1, as GitHub hands it out) and returns the public key's PEM.
std::string make_app_key(const temp_dir& dir, const std::string& name = "app-key.pem") {
  auto gen = run_command({"openssl", "genrsa", "-traditional", "-out", (dir / name).string(), "2048"}, dir.path());
  if (gen.exit_code != 0) throw std::runtime_error("openssl genrsa: " + gen.err);
  auto pub = run_command({"openssl", "rsa", "-in", (dir / name).string(), "-pubout"}, dir.path());
  if (pub.exit_code != 0) throw std::runtime_error("openssl rsa -pubout: " + pub.err);
  return pub.out;
}

// write_config's file with token_file replaced by the App keys.
std::filesystem::path write_app_config(const temp_dir& dir, const fake_github& fake, const std::string& app_keys,
                                       std::string_view body = {}) {
  auto path = write_config(dir, fake, body);
  std::string text = read_file(path);
  const std::string token_line = "token_file = \"github-token\"\n";
  text.replace(text.find(token_line), token_line.size(), app_keys);
  std::filesystem::remove(dir / "github-token");  // App mode must not lean on it
  return dir.write("roadmapd.toml", text);
}

class app_auth_sync : public ::testing::Test {
 protected:
  temp_dir dir;
  std::string public_pem = make_app_key(dir);
  fake_github fake{dir, {write_state_with_app(dir, app_id, public_pem, {{installation_id, "apache"}}), true, "server"}};
  std::string app_keys = "app_id = " + std::to_string(app_id) + "\ninstallation_id = " +
                         std::to_string(installation_id) + "\nprivate_key_file = \"app-key.pem\"\n";
  std::filesystem::path config = write_app_config(dir, fake, app_keys);
  std::filesystem::path db = dir / "mirror.db";

  run_result sync() { return roadmapd({"sync", "--once", "--config", config.string()}, dir); }

  rapidjson::Document apps_view() const { return parse_json(http_call("GET", fake.control_url() + "/apps").body); }

  void control_apps(std::string_view body) const {
    auto r = http_call("POST", fake.control_url() + "/apps", body);
    if (r.status != 200) throw std::runtime_error("POST /apps: " + r.body);
  }

  // "METHOD path status" of every request the fake saw.
  std::vector<std::string> request_log() const {
    std::vector<std::string> out;
    auto reqs = fake.requests();
    for (const auto& r : reqs.GetArray()) {
      out.push_back(std::string(r["method"].GetString()) + " " + r["path"].GetString() + " " +
                    (r["status"].IsInt() ? std::to_string(r["status"].GetInt()) : "-"));
    }
    return out;
  }

  long count(const std::vector<std::string>& log, std::string_view entry) const {
    return std::count(log.begin(), log.end(), std::string(entry));
  }

  // The key's base64 lines, every JWT the fake received and every installation token it issued.
  std::vector<std::string> secrets() const {
    std::vector<std::string> out;
    std::istringstream key(read_file(dir / "app-key.pem"));
    for (std::string line; std::getline(key, line);) {
      if (!line.starts_with("-----") && line.size() > 16) out.push_back(line);
    }
    auto view = apps_view();
    for (const auto& j : view["jwts"].GetArray()) out.emplace_back(j.GetString());
    for (const auto& t : view["tokens"].GetArray()) out.emplace_back(t["token"].GetString());
    return out;
  }

  void expect_no_secret_in(const std::string& output) const {
    const auto all = secrets();
    ASSERT_GT(all.size(), 10u);  // key lines, at least one JWT and one token
    for (const auto& secret : all) EXPECT_EQ(output.find(secret), std::string::npos) << "leaked: " << secret.substr(0, 12);
    EXPECT_EQ(output.find("PRIVATE KEY"), std::string::npos);
    EXPECT_EQ(output.find("ghs_"), std::string::npos);
    EXPECT_EQ(output.find("eyJ"), std::string::npos);  // the start of any JWT
  }
};

// check-config --online as an App: the installation token works, and the permissions GitHub gave it
// are checked against what the configured features need.
TEST_F(app_auth_sync, check_config_online_checks_the_permissions_of_the_installation) {
  const auto r = roadmapd({"check-config", "--online", config.string()}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("online: authenticated as roadmapd-app[bot]"));
  EXPECT_THAT(r.out, HasSubstr("online: OK (4 boards and 2 repositories visible)"));

  // An installation that may read issues only, while the config enforces the rules.
  temp_dir other;
  std::filesystem::copy_file(dir / "app-key.pem", other / "app-key.pem");
  auto state = parse_json(read_file(write_state_with_app(other, app_id, public_pem, {{installation_id, "apache"}})));
  auto& a = state.GetAllocator();
  rapidjson::Value permissions(rapidjson::kObjectType);
  permissions.AddMember("issues", "read", a);
  permissions.AddMember("metadata", "read", a);
  state["apps"][0]["installations"][0].AddMember("permissions", permissions, a);
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  state.Accept(w);
  fake_github limited{other, {other.write("limited.json", std::string(out.GetString(), out.GetSize())), true, "server"}};
  const auto limited_config = write_app_config(other, limited, app_keys, fixture_targets_toml() + "\n[rules]\ndry_run = false\n");
  const auto refused = roadmapd({"check-config", "--online", limited_config.string()}, other);
  EXPECT_EQ(refused.exit_code, 1) << refused.out;
  EXPECT_THAT(refused.err, HasSubstr("roadmapd: online: github: the App's installation has no organization_projects "
                                     "permission; it needs organization_projects: read to read the boards"));
  EXPECT_THAT(refused.err, HasSubstr("roadmapd: online: github: the App's installation has issues: read; it needs issues: "
                                     "write to comment on and label issues"));
  EXPECT_THAT(refused.err, HasSubstr("it needs pull_requests: write"));
  EXPECT_THAT(refused.out + refused.err, ::testing::Not(HasSubstr("ghs_")));
}

TEST_F(app_auth_sync, sync_once_as_an_app_mirrors_what_a_personal_token_sees) {
  auto r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto log = request_log();
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.front(), "POST /app/installations/777001/access_tokens 201");
  EXPECT_EQ(count(log, "POST /app/installations/777001/access_tokens 201"), 1) << "one token serves the whole pass";
  EXPECT_EQ(count(log, "POST /graphql 401"), 0);
  EXPECT_GT(count(log, "POST /graphql 200"), 5);
  expect_no_secret_in(r.out + r.err);

  temp_dir token_dir;
  auto token_config = write_config(token_dir, fake);
  auto with_token = roadmapd({"sync", "--once", "--config", token_config.string()}, token_dir);
  ASSERT_EQ(with_token.exit_code, 0) << with_token.err;
  const auto expected = snapshot(token_dir / "mirror.db");
  EXPECT_GT(expected.at("items").size(), 150u);
  EXPECT_EQ(difference(expected, snapshot(db)), "");
}

TEST_F(app_auth_sync, the_installation_is_looked_up_from_the_first_board_owner) {
  config = write_app_config(dir, fake, "app_id = 4242\nprivate_key_file = \"app-key.pem\"\n");
  auto r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto log = request_log();
  ASSERT_GE(log.size(), 2u);
  EXPECT_EQ(log[0], "GET /orgs/apache/installation 200");
  EXPECT_EQ(log[1], "POST /app/installations/777001/access_tokens 201");
  EXPECT_THAT(r.err, HasSubstr("GitHub App 4242: using installation 777001 on \"apache\""));
}

TEST_F(app_auth_sync, a_token_that_expires_mid_run_is_replaced_before_github_refuses_it) {
  control_apps(R"({"lifetime_seconds":6})");
  // Slow requests stretch the pass over more than one token lifetime.
  fake.faults(R"({"faults":[{"delay_ms":1500,"repeat":7}]})");
  auto r = sync();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto log = request_log();
  EXPECT_GE(count(log, "POST /app/installations/777001/access_tokens 201"), 2) << ::testing::PrintToString(log);
  EXPECT_EQ(count(log, "POST /graphql 401"), 0) << "refreshed before expiry, not after a refusal";
  EXPECT_THAT(r.err, HasSubstr("new installation token"));
  expect_no_secret_in(r.out + r.err);
}

TEST_F(app_auth_sync, a_revoked_token_gets_one_retry_with_a_fresh_token) {
  // The third request is held back long enough to revoke the token while the pass runs.
  fake.faults(R"({"faults":[{"delay_ms":1},{"delay_ms":1},{"delay_ms":3000}]})");
  process daemon({ROADMAPD_BINARY, "sync", "--once", "--config", config.string()}, dir.path());
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (fake.requests().GetArray().Size() < 3) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the pass never reached its third request";
    ASSERT_TRUE(daemon.running()) << daemon.err();
    std::this_thread::sleep_for(20ms);
  }
  control_apps(R"({"revoke":true})");
  auto code = daemon.wait(180s);
  ASSERT_TRUE(code.has_value());
  ASSERT_EQ(*code, 0) << daemon.err();
  auto log = request_log();
  EXPECT_EQ(count(log, "POST /graphql 401"), 1) << ::testing::PrintToString(log);
  EXPECT_EQ(count(log, "POST /app/installations/777001/access_tokens 201"), 2);
  auto refused = std::find(log.begin(), log.end(), "POST /graphql 401");
  ASSERT_NE(refused, log.end());
  ASSERT_LT(refused + 2, log.end());
  EXPECT_EQ(*(refused + 1), "POST /app/installations/777001/access_tokens 201");
  EXPECT_EQ(*(refused + 2), "POST /graphql 200");
  EXPECT_THAT(daemon.err(), HasSubstr("retrying once with a fresh one"));
  expect_no_secret_in(daemon.out() + daemon.err());
}

TEST_F(app_auth_sync, keys_and_installations_that_do_not_work_stop_with_a_clear_message) {
  dir.write("broken.pem", "-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----\n");
  config = write_app_config(dir, fake, "app_id = 4242\nprivate_key_file = \"broken.pem\"\n");
  auto broken = sync();
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_THAT(broken.err, HasSubstr("github.private_key_file: \"" + (dir / "broken.pem").string() +
                                    "\" does not hold a usable private key"));
  EXPECT_EQ(broken.err.find("bm90IGEga2V5"), std::string::npos);

  make_app_key(dir, "other-key.pem");  // a real key, but not the App's
  config = write_app_config(dir, fake, "app_id = 4242\ninstallation_id = 777001\nprivate_key_file = \"other-key.pem\"\n");
  auto wrong_key = sync();
  EXPECT_EQ(wrong_key.exit_code, 1);
  EXPECT_THAT(wrong_key.err, HasSubstr("GitHub App 4242: installation 777001: GitHub rejected the token (401 A JSON "
                                       "web token could not be decoded)"));

  config = write_app_config(dir, fake, "app_id = 4242\ninstallation_id = 5\nprivate_key_file = \"app-key.pem\"\n");
  auto unknown = sync();
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("GitHub App 4242: installation 5: GitHub answered 404: Not Found"));
  EXPECT_EQ(count(request_log(), "POST /graphql 200"), 0) << "nothing is mirrored without a token";
  expect_no_secret_in(broken.out + broken.err + wrong_key.out + wrong_key.err + unknown.out + unknown.err);
}

// The sticky comment is recognised by GitHub's viewerDidAuthor, so as an App roadmapd writes its
// comments as the bot and later edits exactly those.
TEST_F(app_auth_sync, enforcement_comments_as_the_bot_and_keeps_editing_its_own_comment) {
  config = write_app_config(dir, fake, app_keys,
                            fixture_targets_toml() +
                                "\n[rules]\ngrace_period = \"0s\"\ndry_run = false\nactions_per_minute = 80\n"
                                "actions_per_hour = 500\n\n[rule_sets.default.label]\nroadmap_label = \"tvm:roadmap\"\n");
  auto first = roadmapd({"enforce", "--once", "--config", config.string()}, dir);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto sent = fake.mutations();
  ASSERT_GT(sent.GetArray().Size(), 0u);
  for (const auto& m : sent.GetArray()) {
    EXPECT_EQ(std::string(m["viewer"].GetString()), "roadmapd-app[bot]");
    EXPECT_TRUE(m["ok"].GetBool()) << m["name"].GetString();
  }

  // apache/tvm#4 got the bot's comment (it lacks its Scope section); the Scope is added.
  std::string comment_id, issue_body;
  const auto state = fake.state();
  for (const auto& i : state["issues"].GetArray()) {
    if (std::string(i["repository"].GetString()) != "apache/tvm" || i["number"].GetInt() != 4) continue;
    issue_body = i["body"].GetString();
    for (const auto& c : i["comments"].GetArray()) {
      if (c["author"].IsString() && std::string(c["author"].GetString()) == "roadmapd-app[bot]") comment_id = c["id"].GetString();
    }
  }
  ASSERT_FALSE(comment_id.empty());
  rapidjson::Document op(rapidjson::kObjectType);
  auto& a = op.GetAllocator();
  rapidjson::Value edit(rapidjson::kObjectType);
  edit.AddMember("op", "edit_issue", a);
  edit.AddMember("repo", "apache/tvm", a);
  edit.AddMember("number", 4, a);
  edit.AddMember("body", rapidjson::Value((issue_body + "\n\n## Scope\n\nThe tutorials only.\n").c_str(), a), a);
  rapidjson::Value ops(rapidjson::kArrayType);
  ops.PushBack(edit, a);
  op.AddMember("ops", ops, a);
  rapidjson::StringBuffer text;
  rapidjson::Writer<rapidjson::StringBuffer> w(text);
  op.Accept(w);
  fake.edit(text.GetString());
  fake.clear_mutations();

  auto second = roadmapd({"enforce", "--once", "--config", config.string()}, dir);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  int on_comment = 0;
  for (const auto& m : fake.mutations().GetArray()) {
    EXPECT_TRUE(m["ok"].GetBool()) << m["name"].GetString() << ": " << (m["error"].IsString() ? m["error"].GetString() : "");
    const auto& in = m["input"];
    for (const char* key : {"id", "subjectId"}) {
      if (in.HasMember(key) && in[key].IsString() && std::string(in[key].GetString()) == comment_id) ++on_comment;
    }
  }
  EXPECT_GT(on_comment, 0) << "the bot's own comment is resolved, not left or duplicated";
  expect_no_secret_in(first.out + first.err + second.out + second.err);
}

}  // namespace
}  // namespace roadmapd::test

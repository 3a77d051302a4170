// `roadmapd check-config --online` against the fake GitHub: the token, its scopes against what the
// configured features need, every board and repository visible; one line per problem, exit 1 when
// there is one, and the token never printed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "fake_github.hpp"
#include "roadmapd_runner.hpp"

namespace roadmapd::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The fixture's state with the test token listed as a classic token holding `scopes`.
std::filesystem::path state_with_scopes(const temp_dir& dir, const std::string& scopes) {
  auto state = parse_json(read_file(fake_github::fixture()));
  auto& a = state.GetAllocator();
  rapidjson::Value map(rapidjson::kObjectType);
  map.AddMember(rapidjson::Value(fake_github::token, a), rapidjson::Value(scopes.c_str(), a), a);
  state.AddMember("token_scopes", map, a);
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  state.Accept(w);
  return dir.write("state-with-scopes.json", std::string(out.GetString(), out.GetSize()));
}

run_result check_online(const temp_dir& dir, const std::filesystem::path& config) {
  return roadmapd({"check-config", "--online", config.string()}, dir);
}

TEST(check_config_online, a_token_that_sees_everything_passes_and_says_what_it_checked) {
  temp_dir dir;
  fake_github fake{dir};
  const auto config = write_config(dir, fake);
  const auto r = check_online(dir, config);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("online: authenticated as "));
  EXPECT_THAT(r.out, HasSubstr("online: OK (4 boards and 2 repositories visible)"));
  EXPECT_THAT(r.out, HasSubstr("GitHub lists no scopes for this token (a fine-grained token)"));
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(r.out + r.err, Not(HasSubstr(fake_github::token)));
}

TEST(check_config_online, a_board_and_a_repository_it_cannot_see_are_one_line_each) {
  temp_dir dir;
  fake_github fake{dir};
  const auto config = write_config(dir, fake, fixture_targets_toml() +
                                                  "\n[[project]]\nowner = \"apache\"\nnumber = 99\n"
                                                  "\n[[project]]\nowner = \"nobody-here\"\nnumber = 1\n"
                                                  "\n[[repository]]\nname = \"apache/no-such-repo\"\n");
  const auto r = check_online(dir, config);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.err, HasSubstr("roadmapd: online: board apache/99: not visible with this token (no project number 99 of "
                               "\"apache\", or no access to it)"));
  EXPECT_THAT(r.err, HasSubstr("roadmapd: online: board nobody-here/1: GitHub has no user or organization \"nobody-here\""));
  EXPECT_THAT(r.err, HasSubstr("roadmapd: online: repository apache/no-such-repo: not visible with this token"));
  EXPECT_THAT(r.err, HasSubstr("roadmapd: online: 3 problem(s)"));
  EXPECT_THAT(r.err, Not(HasSubstr("board apache/1:")));
}

TEST(check_config_online, scopes_are_checked_against_what_the_configured_features_need) {
  temp_dir dir;
  fake_github fake{dir, {state_with_scopes(dir, "read:project"), true, "server"}};
  // Enforcement writes comments and labels, moves cards, and redeliver reads the organization hook.
  const auto config = write_config(dir, fake, fixture_targets_toml() +
                                                  "\n[rules]\ndry_run = false\n"
                                                  "\n[rule_sets.default.backlog]\nenabled = true\n"
                                                  "\n[webhook]\nlisten = \"127.0.0.1:0\"\nsecret_files = [\"github-token\"]\n"
                                                  "hook_id = 4242\nhook_organization = \"apache\"\n");
  const auto r = check_online(dir, config);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.err, HasSubstr("roadmapd: online: github: the token lacks the project scope, needed to move items to Backlog"));
  EXPECT_THAT(r.err, HasSubstr("roadmapd: online: github: the token lacks the public_repo scope, needed to comment on and "
                               "label issues ([rules] dry_run = false)"));
  EXPECT_THAT(r.err, HasSubstr("roadmapd: online: github: the token lacks the admin:org_hook scope, needed for `roadmapd "
                               "redeliver` on the organization hook"));
  EXPECT_THAT(r.out, HasSubstr("online: token scopes: read:project"));

  // The same with what they need: repo covers public_repo.
  temp_dir ok_dir;
  fake_github enough{ok_dir, {state_with_scopes(ok_dir, "repo, project, admin:org_hook"), true, "server"}};
  ok_dir.write("github-token", std::string(fake_github::token) + "\n");
  std::string text = read_file(config);
  text.replace(text.find(fake.api_url()), fake.api_url().size(), enough.api_url());
  text.replace(text.find(fake.ca_file().string()), fake.ca_file().string().size(), enough.ca_file().string());
  const auto ok_config = ok_dir.write("roadmapd.toml", text);
  const auto fine = check_online(ok_dir, ok_config);
  EXPECT_EQ(fine.exit_code, 0) << fine.err;
  EXPECT_THAT(fine.out, HasSubstr("online: OK"));
}

TEST(check_config_online, a_refused_token_is_one_line_and_nothing_else_is_asked) {
  temp_dir dir;
  fake_github fake{dir};
  const auto config = write_config(dir, fake);
  dir.write("github-token", "ghp_notthetokenthefakeknows000000000000\n");
  fake.clear_requests();
  const auto r = check_online(dir, config);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("roadmapd: online: github: GitHub rejected the token (401"));
  EXPECT_THAT(r.err, Not(HasSubstr("ghp_notthetoken")));
  EXPECT_EQ(fake.graphql_request_count(), 1);
}

}  // namespace
}  // namespace roadmapd::test

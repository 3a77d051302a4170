// Integration: bad input to the real roadmapd (a broken config, an unusable API URL or certificate, a
// revoked token, a board that does not exist). Each gives its exit code and one line naming the cause,
// and leaves the mirror of the last good pass untouched.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

#include "fake_github.hpp"
#include "mirror_snapshot.hpp"
#include "roadmapd_runner.hpp"
#include "temp_dir.hpp"

namespace roadmapd::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> failure_lines(const std::string& err) {
  std::vector<std::string> out;
  for (auto& line : lines_of(err)) {
    if (line.starts_with("roadmapd: ")) out.push_back(line);
  }
  return out;
}

// A loopback port nobody listens on: bound, then released.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// A mirror from one good pass, then the input is broken and roadmapd run again.
class faults_bad_input_test : public ::testing::Test {
 protected:
  void SetUp() override {
    write_config(dir_, fake_);
    auto r = sync();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    last_good_ = snapshot(db());
    ASSERT_FALSE(last_good_.at("items").empty());
  }

  void TearDown() override {
    for (const auto& secret : secrets_) {
      EXPECT_THAT(seen_output_, Not(HasSubstr(secret)));
      for (const char* file : {"mirror.db", "mirror.db-wal", "mirror.db-journal"}) {
        if (std::filesystem::exists(dir_ / file)) {
          EXPECT_THAT(read_file(dir_ / file), Not(HasSubstr(secret))) << file;
        }
      }
    }
  }

  run_result sync(const std::filesystem::path& config_file = {}) {
    const auto file = config_file.empty() ? config() : config_file;
    auto r = roadmapd({"sync", "--once", "--config", file.string()}, dir_);
    seen_output_ += r.out + r.err;
    return r;
  }

  void change_config(const std::string& from, const std::string& to) {
    auto text = read_file(config());
    auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << "config has no " << from;
    text.replace(at, from.size(), to);
    dir_.write("roadmapd.toml", text);
  }

  // Expects exit code `code`, exactly one "roadmapd: " line that contains every `parts`, and the
  // mirror of the last good pass.
  void expect_clean_failure(const run_result& r, int code, std::vector<std::string> parts) {
    EXPECT_EQ(r.exit_code, code) << r.err;
    auto lines = failure_lines(r.err);
    ASSERT_EQ(lines.size(), 1u) << r.err;
    for (const auto& p : parts) EXPECT_THAT(lines[0], HasSubstr(p));
    EXPECT_EQ(difference(last_good_, snapshot(db())), "");
  }

  std::filesystem::path config() const { return dir_ / "roadmapd.toml"; }
  std::filesystem::path db() const { return dir_ / "mirror.db"; }

  temp_dir dir_;
  fake_github fake_{dir_};
  mirror_snapshot last_good_;
  std::string seen_output_;
  std::vector<std::string> secrets_{fake_github::token};
};

TEST_F(faults_bad_input_test, config_syntax_error_names_file_and_line) {
  const auto lines = lines_of(read_file(config())).size();
  dir_.write("roadmapd.toml", read_file(config()) + "[sync\n");

  auto r = sync();

  expect_clean_failure(r, 2, {config().string() + ":" + std::to_string(lines + 1) + ":", "invalid TOML"});
  EXPECT_EQ(lines_of(r.err).size(), 1u) << "more than the one line:\n" << r.err;
}

TEST_F(faults_bad_input_test, unknown_config_key_names_file_line_and_key) {
  change_config("[github]\n", "[github]\ncolour = \"blue\"\n");  // line 2

  auto r = sync();

  expect_clean_failure(r, 2, {config().string() + ":2", "colour", "unknown key"});
  EXPECT_EQ(lines_of(r.err).size(), 1u) << "more than the one line:\n" << r.err;
}

TEST_F(faults_bad_input_test, unreachable_api_url_names_the_connect_failure) {
  // Connection refused is retried like any outage; two attempts keep the test short.
  change_config("max_attempts = 4", "max_attempts = 2");
  const std::string origin = "127.0.0.1:" + std::to_string(closed_port());
  change_config(fake_.api_url(), "https://" + origin);

  auto r = sync();

  expect_clean_failure(r, 1, {"roadmapd: sync failed: board apache/1: ", "connect to " + origin + " failed: Connection refused"});
}

TEST_F(faults_bad_input_test, wrong_api_url_path_names_the_404) {
  change_config(fake_.api_url(), fake_.api_url() + "/nope");

  auto r = sync();

  expect_clean_failure(r, 1, {"roadmapd: sync failed: board apache/1: ", "404", "Not Found"});
  auto log = fake_.requests();
  ASSERT_GT(log.Size(), 0u);
  EXPECT_STREQ(log[log.Size() - 1]["path"].GetString(), "/nope/graphql");
}

TEST_F(faults_bad_input_test, untrusted_certificate_fails_verification) {
  fake_github untrusted(dir_, {.cert = "untrusted"});
  change_config(fake_.api_url(), untrusted.api_url());

  auto r = sync();

  expect_clean_failure(r, 1, {"roadmapd: sync failed: board apache/1: ", "TLS handshake", "certificate verify failed"});
  EXPECT_EQ(untrusted.graphql_request_count(), 0);
}

TEST_F(faults_bad_input_test, certificate_for_another_host_fails_verification) {
  fake_github wronghost(dir_, {.cert = "wronghost"});
  change_config(fake_.api_url(), wronghost.api_url());

  auto r = sync();

  expect_clean_failure(r, 1, {"roadmapd: sync failed: board apache/1: ", "TLS handshake", "certificate verify failed"});
  EXPECT_EQ(wronghost.graphql_request_count(), 0);
}

TEST_F(faults_bad_input_test, revoked_token_is_named_and_never_shown) {
  const std::string revoked = "ghp_revoked0123456789abcdefREVOKED";
  secrets_.push_back(revoked);
  dir_.write("github-token", revoked + "\n");

  auto r = sync();

  expect_clean_failure(r, 1, {"roadmapd: sync failed: board apache/1: ", "GitHub rejected the token"});
}

TEST_F(faults_bad_input_test, missing_board_is_named_and_the_other_targets_are_mirrored) {
  // A fresh mirror, so the other targets are shown to be mirrored by this very pass.
  temp_dir fresh;
  write_config(fresh, fake_, fixture_targets_toml() + "\n[[project]]\nowner = \"apache\"\nnumber = 99\n");
  auto r = roadmapd({"sync", "--once", "--config", (fresh / "roadmapd.toml").string()}, fresh);
  seen_output_ += r.out + r.err;

  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto lines = failure_lines(r.err);
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_THAT(lines[0], StartsWith("roadmapd: sync failed: board apache/99: GitHub has no project number 99 owned by "
                                   "'apache'"));
  EXPECT_EQ(difference(last_good_, snapshot(fresh / "mirror.db")), "");
  EXPECT_THAT(read_file(fresh / "mirror.db"), Not(HasSubstr(fake_github::token)));
}

}  // namespace
}  // namespace roadmapd::test

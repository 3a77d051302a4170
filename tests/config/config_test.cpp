// Config loading as a maintainer meets it: the shipped example works, and every mistake stops
// start-up with one "file:line: key: what is wrong" message that never reveals the token.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "config/config.hpp"

#include "temp_dir.hpp"

namespace roadmapd::config {
namespace {

namespace fs = std::filesystem;

using temp_dir = roadmapd::test::temp_dir;  // tests/support

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

const std::string token = "ghp_0123456789abcdefABCDEF0123456789abcd";
const fs::path config_file = "/etc/roadmapd/roadmapd.toml";

// Lines 1-9; tests append from line 10 on.
const std::string minimal = R"([github]
token_file = "github-token"

[storage]
database = "roadmapd.db"

[[project]]
owner = "apache"
number = 42
)";

// From the blank line after [github]'s keys: "[github]\n<keys>\n" + after_github keeps lines 4-9.
const std::string after_github = minimal.substr(minimal.find("\n[storage]"));
// From token_file on: "[github]\n<one key>\n" + github_keys_onward shifts the rest by one line.
const std::string github_keys_onward = minimal.substr(minimal.find("token_file"));

class config_test : public ::testing::Test {
 protected:
  void SetUp() override { write_file(credentials_.path() / "github-token", token + "\n"); }

  // Parses as if read from /etc/roadmapd/roadmapd.toml with secrets in a systemd credentials dir.
  result<settings> parse_text(std::string_view text) { return parse(text, config_file, credentials_.path()); }

  // The single error line `text` produces.
  std::string error_of(std::string_view text) {
    auto s = parse_text(text);
    if (s.has_value()) return "(no error)";
    return s.message();
  }

  temp_dir credentials_;
};

TEST_F(config_test, example_file_passes_validation_with_a_token_next_to_it) {
  temp_dir dir;
  fs::copy_file(fs::path(ROADMAPD_SOURCE_DIR) / "config/roadmapd.example.toml", dir.path() / "roadmapd.toml");
  write_file(dir.path() / "github-token", "  " + token + "\r\n");
  ::unsetenv("CREDENTIALS_DIRECTORY");

  auto s = load(dir.path() / "roadmapd.toml");
  ASSERT_TRUE(s.has_value()) << s.message();
  EXPECT_EQ(s->source, dir.path() / "roadmapd.toml");
  EXPECT_EQ(s->github.api_url, "https://api.github.com");
  EXPECT_EQ(s->github.graphql_url, "https://api.github.com/graphql");
  EXPECT_EQ(s->github.token_file, dir.path() / "github-token");
  EXPECT_EQ(s->github.token, token);
  EXPECT_TRUE(s->github.ca_file.empty());
  EXPECT_EQ(s->github.request_timeout, std::chrono::seconds(30));
  EXPECT_EQ(s->github.secondary_limit_wait, std::chrono::seconds(60));
  EXPECT_EQ(s->github.max_attempts, 6);
  EXPECT_EQ(s->storage.database, "/var/lib/roadmapd/roadmapd.db");
  EXPECT_EQ(s->sync.interval, std::chrono::minutes(5));
  EXPECT_EQ(s->sync.full_resync, std::chrono::hours(6));
  EXPECT_EQ(s->log.level, "info");
  ASSERT_EQ(s->projects.size(), 2u);
  EXPECT_EQ(s->projects[0].owner, "apache");
  EXPECT_EQ(s->projects[0].number, 42);
  EXPECT_EQ(s->projects[0].name, "TVM Global Roadmap");
  EXPECT_GT(s->projects[1].line, s->projects[0].line);
  ASSERT_EQ(s->repositories.size(), 2u);
  EXPECT_EQ(s->repositories[0].full_name(), "apache/tvm");
  EXPECT_TRUE(s->repositories[0].is_tracking_issue({}, "[RFC][Tracking] Relax"));
  EXPECT_EQ(s->repositories[1].owner, "apache");
  EXPECT_EQ(s->repositories[1].name, "tvm-rfcs");
}

TEST_F(config_test, defaults_fill_what_is_not_written) {
  auto s = parse_text(minimal);
  ASSERT_TRUE(s.has_value()) << s.message();
  EXPECT_EQ(s->source, config_file);
  EXPECT_EQ(s->github.api_url, "https://api.github.com");
  EXPECT_EQ(s->github.graphql_url, "https://api.github.com/graphql");
  EXPECT_EQ(s->github.user_agent.rfind("roadmapd/", 0), 0u) << s->github.user_agent;
  EXPECT_GT(s->github.user_agent.size(), std::string("roadmapd/").size());
  EXPECT_EQ(s->storage.database, "/etc/roadmapd/roadmapd.db");
  EXPECT_EQ(s->sync.interval, std::chrono::minutes(5));
  EXPECT_EQ(s->sync.full_resync, std::chrono::hours(6));
  EXPECT_EQ(s->log.level, "info");
  ASSERT_EQ(s->projects.size(), 1u);
  EXPECT_EQ(s->projects[0].name, "");
  EXPECT_EQ(s->projects[0].line, 7);
  EXPECT_TRUE(s->repositories.empty());
}

TEST_F(config_test, toml_syntax_error_names_line_and_column) {
  const std::string message = error_of(minimal + "name = \"unterminated\n");
  EXPECT_EQ(message.rfind("/etc/roadmapd/roadmapd.toml:10:", 0), 0u) << message;
  EXPECT_NE(message.find(": invalid TOML: "), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST_F(config_test, unknown_key_suggests_the_closest_known_one) {
  EXPECT_EQ(error_of(minimal + "\n[[project]]\nowner = \"apache\"\nnmber = 43\n"),
            "/etc/roadmapd/roadmapd.toml:11: project[1].number: required key is missing\n"
            "/etc/roadmapd/roadmapd.toml:13: project[1].nmber: unknown key (did you mean \"number\"?)");
}

TEST_F(config_test, unknown_key_without_a_close_match_lists_the_known_ones) {
  EXPECT_EQ(error_of(minimal + "\n[log]\ncolour = true\n"),
            "/etc/roadmapd/roadmapd.toml:12: log.colour: unknown key (known keys: level)");
}

TEST_F(config_test, unknown_nested_table_is_an_unknown_key) {
  EXPECT_EQ(error_of(minimal + "\n[sync.webhook]\nport = 8080\n"),
            "/etc/roadmapd/roadmapd.toml:11: sync.webhook: unknown key (known keys: interval, full_resync)");
}

TEST_F(config_test, unknown_section_suggests_the_closest_known_one) {
  EXPECT_EQ(error_of(minimal + "\n[[projects]]\nowner = \"apache\"\nnumber = 43\n"),
            "/etc/roadmapd/roadmapd.toml:11: projects: unknown section (did you mean \"project\"?)");
}

TEST_F(config_test, wrong_type_names_expected_and_found) {
  EXPECT_EQ(error_of("[github]\ntoken_file = \"github-token\"\nmax_attempts = \"6\"\n" + after_github),
            "/etc/roadmapd/roadmapd.toml:3: github.max_attempts: expected an integer, got a string");
  EXPECT_EQ(error_of(minimal + "\n[sync]\ninterval = 300\n"),
            "/etc/roadmapd/roadmapd.toml:12: sync.interval: expected a duration string such as \"30s\", \"5m\" or "
            "\"6h\", got an integer");
  EXPECT_EQ(error_of(minimal + "\n[[repository]]\nname = \"apache/tvm\"\ntracking_issue_labels = \"rfc\"\n"),
            "/etc/roadmapd/roadmapd.toml:13: repository[0].tracking_issue_labels: expected an array of strings, "
            "got a string");
  EXPECT_EQ(error_of(minimal + "\n[[repository]]\nname = \"apache/tvm\"\ntracking_issue_labels = [\"rfc\", 7]\n"),
            "/etc/roadmapd/roadmapd.toml:13: repository[0].tracking_issue_labels[1]: expected a string, got an "
            "integer");
  EXPECT_EQ(error_of(minimal + "\n[log]\nlevel = 3\n"),
            "/etc/roadmapd/roadmapd.toml:12: log.level: expected a string, got an integer");
}

TEST_F(config_test, section_of_the_wrong_shape) {
  EXPECT_EQ(error_of(minimal + "sync = \"5m\"\n"),
            "/etc/roadmapd/roadmapd.toml:10: project[0].sync: unknown key (known keys: owner, number, name, "
            "rule_set)");
  EXPECT_EQ(error_of("log = \"debug\"\n" + minimal),
            "/etc/roadmapd/roadmapd.toml:1: log: expected a table ([log]), got a string");
  EXPECT_EQ(error_of(minimal + "\n[repository]\nname = \"apache/tvm\"\n"),
            "/etc/roadmapd/roadmapd.toml:11: repository: expected [[repository]] blocks, got a table");
}

TEST_F(config_test, bad_duration) {
  EXPECT_EQ(error_of(minimal + "\n[sync]\ninterval = \"5 minutes\"\n"),
            "/etc/roadmapd/roadmapd.toml:12: sync.interval: invalid duration \"5 minutes\" (use a number and a "
            "unit: 30s, 5m, 6h, 1d)");
  EXPECT_EQ(error_of(minimal + "\n[sync]\ninterval = \"5s\"\n"),
            "/etc/roadmapd/roadmapd.toml:12: sync.interval: \"5s\" is too short (at least 10s)");
}

TEST_F(config_test, full_resync_must_not_be_shorter_than_interval) {
  EXPECT_EQ(error_of(minimal + "\n[sync]\ninterval = \"1h\"\nfull_resync = \"30m\"\n"),
            "/etc/roadmapd/roadmapd.toml:13: sync.full_resync: full_resync (30m) must not be shorter than "
            "interval (1h)");
  // With the default full_resync, the interval is the line the maintainer wrote.
  EXPECT_EQ(error_of(minimal + "\n[sync]\ninterval = \"7h\"\n"),
            "/etc/roadmapd/roadmapd.toml:12: sync.interval: full_resync (6h) must not be shorter than interval "
            "(7h)");
}

TEST_F(config_test, missing_required_key_points_at_its_section) {
  EXPECT_EQ(error_of(minimal + "\n[[project]]\nowner = \"apache\"\n"),
            "/etc/roadmapd/roadmapd.toml:11: project[1].number: required key is missing");
  EXPECT_EQ(error_of("[github]\napi_url = \"https://api.github.com\"\n" + after_github),
            "/etc/roadmapd/roadmapd.toml:1: github.token_file: required key is missing (or authenticate as a "
            "GitHub App: set app_id and private_key_file)");
}

TEST_F(config_test, missing_required_section) {
  EXPECT_EQ(error_of(after_github), "/etc/roadmapd/roadmapd.toml: required section [github] is missing");
}

TEST_F(config_test, nothing_to_mirror) {
  EXPECT_EQ(error_of(minimal.substr(0, minimal.find("[[project]]"))),
            "/etc/roadmapd/roadmapd.toml: nothing to mirror: add at least one [[project]] or [[repository]]");
}

TEST_F(config_test, missing_or_empty_token_file_names_the_resolved_path) {
  const std::string path = (credentials_.path() / "no-such-token").string();
  EXPECT_EQ(error_of("[github]\ntoken_file = \"no-such-token\"\n" + after_github),
            "/etc/roadmapd/roadmapd.toml:2: github.token_file: cannot read \"" + path +
                "\": No such file or directory");

  write_file(credentials_.path() / "empty-token", " \n\n");
  EXPECT_EQ(error_of("[github]\ntoken_file = \"empty-token\"\n" + after_github),
            "/etc/roadmapd/roadmapd.toml:2: github.token_file: \"" + (credentials_.path() / "empty-token").string() +
                "\" is empty (it should hold the token and nothing else)");
}

TEST_F(config_test, bad_regex) {
  const std::string message =
      error_of(minimal + "\n[[repository]]\nname = \"apache/tvm\"\ntracking_issue_title = '(RFC'\n");
  EXPECT_EQ(message.rfind("/etc/roadmapd/roadmapd.toml:13: repository[0].tracking_issue_title: invalid regular "
                          "expression '(RFC': ",
                          0),
            0u)
      << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST_F(config_test, duplicates_name_both_lines) {
  EXPECT_EQ(error_of(minimal + "\n[[project]]\nowner = \"Apache\"\nnumber = 42\n"),
            "/etc/roadmapd/roadmapd.toml:13: project[1].number: Apache #42 is already configured by the "
            "[[project]] at line 7");
  EXPECT_EQ(error_of(minimal + "\n[[repository]]\nname = \"apache/tvm\"\n\n[[repository]]\nname = \"apache/TVM\"\n"),
            "/etc/roadmapd/roadmapd.toml:15: repository[1].name: \"apache/TVM\" is already configured by the "
            "[[repository]] at line 11");
}

TEST_F(config_test, numbers_out_of_range) {
  EXPECT_EQ(error_of(minimal + "\n[[project]]\nowner = \"apache\"\nnumber = 0\n"),
            "/etc/roadmapd/roadmapd.toml:13: project[1].number: 0 is out of range (1 to 2147483647)");
  EXPECT_EQ(error_of("[github]\ntoken_file = \"github-token\"\nmax_attempts = 99\n" + after_github),
            "/etc/roadmapd/roadmapd.toml:3: github.max_attempts: 99 is out of range (1 to 20)");
}

TEST_F(config_test, bad_url) {
  const auto with_url = [&](const std::string& url) {
    return error_of("[github]\napi_url = \"" + url + "\"\n" + github_keys_onward);
  };
  EXPECT_EQ(with_url("ftp://github.example.com"),
            "/etc/roadmapd/roadmapd.toml:2: github.api_url: unsupported scheme in \"ftp://github.example.com\" (use "
            "http(s)://host[:port][/path], e.g. https://api.github.com)");
  EXPECT_EQ(with_url("api.github.com"),
            "/etc/roadmapd/roadmapd.toml:2: github.api_url: invalid URL \"api.github.com\" (use "
            "http(s)://host[:port][/path], e.g. https://api.github.com)");
  EXPECT_EQ(with_url("https://api.github.com/?x=1"),
            "/etc/roadmapd/roadmapd.toml:2: github.api_url: must not have a query or fragment: "
            "\"https://api.github.com/?x=1\" (use http(s)://host[:port][/path], e.g. https://api.github.com)");
  EXPECT_EQ(with_url("https://github.example.com:99999/api/v3"),
            "/etc/roadmapd/roadmapd.toml:2: github.api_url: invalid port in \"https://github.example.com:99999/api/v3\" "
            "(use http(s)://host[:port][/path], e.g. https://api.github.com)");
  EXPECT_EQ(with_url("https:///api/v3"),
            "/etc/roadmapd/roadmapd.toml:2: github.api_url: no host in \"https:///api/v3\" "
            "(use http(s)://host[:port][/path], e.g. https://api.github.com)");
  EXPECT_EQ(with_url("https://" + token + "@api.github.com"),
            "/etc/roadmapd/roadmapd.toml:2: github.api_url: must not contain a user name or password (put the token "
            "in github.token_file)");
}

TEST_F(config_test, bad_names_and_levels) {
  EXPECT_EQ(error_of(minimal + "\n[[repository]]\nname = \"tvm\"\n"),
            "/etc/roadmapd/roadmapd.toml:12: repository[0].name: \"tvm\" is not of the form \"owner/name\"");
  EXPECT_EQ(error_of(minimal + "\n[log]\nlevel = \"verbose\"\n"),
            "/etc/roadmapd/roadmapd.toml:12: log.level: unknown level \"verbose\" (use trace, debug, info, warn or "
            "error)");
}

TEST_F(config_test, all_problems_are_reported_in_file_order) {
  const std::string text = R"([sync]
interval = "5 minutes"

[github]
token_file = "github-token"
tokn_file = "github-token"

[storage]
database = "roadmapd.db"
)";
  EXPECT_EQ(error_of(text),
            "/etc/roadmapd/roadmapd.toml:2: sync.interval: invalid duration \"5 minutes\" (use a number and a unit: "
            "30s, 5m, 6h, 1d)\n"
            "/etc/roadmapd/roadmapd.toml:6: github.tokn_file: unknown key (did you mean \"token_file\"?)\n"
            "/etc/roadmapd/roadmapd.toml: nothing to mirror: add at least one [[project]] or [[repository]]");
}

TEST_F(config_test, relative_token_file_is_taken_from_the_credentials_dir) {
  auto s = parse_text(minimal);
  ASSERT_TRUE(s.has_value()) << s.message();
  EXPECT_EQ(s->github.token_file, credentials_.path() / "github-token");
  EXPECT_EQ(s->github.token, token);
  // The database is not a credential: it stays next to the config file.
  EXPECT_EQ(s->storage.database, "/etc/roadmapd/roadmapd.db");
}

TEST_F(config_test, relative_token_file_without_credentials_dir_is_next_to_the_config) {
  temp_dir dir;
  write_file(dir.path() / "github-token", "next-to-config\n");
  auto s = parse(minimal, dir.path() / "roadmapd.toml");
  ASSERT_TRUE(s.has_value()) << s.message();
  EXPECT_EQ(s->github.token_file, dir.path() / "github-token");
  EXPECT_EQ(s->github.token, "next-to-config");
}

TEST_F(config_test, load_uses_credentials_directory_from_the_environment) {
  temp_dir dir;
  write_file(dir.path() / "roadmapd.toml", minimal);
  write_file(dir.path() / "github-token", "next-to-config\n");
  ::setenv("CREDENTIALS_DIRECTORY", credentials_.path().c_str(), 1);
  auto s = load(dir.path() / "roadmapd.toml");
  ::unsetenv("CREDENTIALS_DIRECTORY");
  ASSERT_TRUE(s.has_value()) << s.message();
  EXPECT_EQ(s->github.token_file, credentials_.path() / "github-token");
  EXPECT_EQ(s->github.token, token);
}

TEST_F(config_test, absolute_paths_stay_as_written) {
  temp_dir dir;
  write_file(dir.path() / "ca.pem", "-----BEGIN CERTIFICATE-----\n");
  auto s = parse_text("[github]\ntoken_file = \"" + (credentials_.path() / "github-token").string() +
                      "\"\nca_file = \"" + (dir.path() / "ca.pem").string() + "\"\n" + after_github);
  ASSERT_TRUE(s.has_value()) << s.message();
  EXPECT_EQ(s->github.token_file, credentials_.path() / "github-token");
  EXPECT_EQ(s->github.ca_file, dir.path() / "ca.pem");
  EXPECT_EQ(error_of("[github]\ntoken_file = \"github-token\"\nca_file = \"missing-ca.pem\"\n" + after_github),
            "/etc/roadmapd/roadmapd.toml:3: github.ca_file: cannot read \"" +
                (credentials_.path() / "missing-ca.pem").string() + "\": No such file or directory");
}

TEST_F(config_test, load_reports_an_unreadable_file) {
  EXPECT_EQ(load("/nonexistent/roadmapd.toml").message(),
            "/nonexistent/roadmapd.toml: cannot read: No such file or directory");
}

TEST_F(config_test, graphql_url_is_derived_for_github_and_ghes) {
  const std::pair<std::string, std::pair<std::string, std::string>> table[] = {
      {"https://api.github.com/", {"https://api.github.com", "https://api.github.com/graphql"}},
      {"https://github.example.com/api/v3", {"https://github.example.com/api/v3", "https://github.example.com/api/graphql"}},
      {"https://github.example.com/api/v3/", {"https://github.example.com/api/v3", "https://github.example.com/api/graphql"}},
      {"http://127.0.0.1:8080", {"http://127.0.0.1:8080", "http://127.0.0.1:8080/graphql"}},
      {"https://ghe.example.com:8443/api/v3", {"https://ghe.example.com:8443/api/v3", "https://ghe.example.com:8443/api/graphql"}},
  };
  for (const auto& [written, expected] : table) {
    auto s = parse_text("[github]\napi_url = \"" + written + "\"\n" + github_keys_onward);
    ASSERT_TRUE(s.has_value()) << written << ": " << s.message();
    EXPECT_EQ(s->github.api_url, expected.first);
    EXPECT_EQ(s->github.graphql_url, expected.second);
  }
}

TEST_F(config_test, plain_http_and_a_missing_database_directory_are_warned_about_not_refused) {
  // /etc/roadmapd/ does not exist on the test machine: the database would have nowhere to go.
  auto s = parse_text("[github]\napi_url = \"http://ghe.example.com/api/v3\"\n" + github_keys_onward);
  ASSERT_TRUE(s.has_value()) << s.message();
  ASSERT_EQ(s->warnings.size(), 2u);
  EXPECT_EQ(s->warnings[0], "/etc/roadmapd/roadmapd.toml:2: github.api_url: \"http://ghe.example.com/api/v3\" is not "
                            "HTTPS: the token and every answer would cross the network unencrypted (use https://; plain "
                            "HTTP is only for a test server on this machine)");
  EXPECT_EQ(s->warnings[1].substr(0, s->warnings[1].find(" does not exist")),
            "/etc/roadmapd/roadmapd.toml:6: storage.database: the directory /etc/roadmapd");

  temp_dir dir;
  auto good = parse(minimal, dir / "roadmapd.toml", credentials_.path());
  ASSERT_TRUE(good.has_value()) << good.message();
  EXPECT_TRUE(good->warnings.empty());
}

TEST_F(config_test, the_admin_listener_needs_an_address_of_its_own) {
  auto s = parse_text(minimal + "\n[admin]\nlisten = \"127.0.0.1:9101\"\nmax_connections = 8\n");
  ASSERT_TRUE(s.has_value()) << s.message();
  ASSERT_TRUE(s->admin.has_value());
  EXPECT_EQ(s->admin->listen_port, 9101);
  EXPECT_EQ(s->admin->max_connections, 8);
  EXPECT_EQ(error_of(minimal + "\n[admin]\nmax_connections = 8\n"),
            "/etc/roadmapd/roadmapd.toml:11: admin.listen: required key is missing");
  EXPECT_EQ(error_of(minimal + "\n[webhook]\nlisten = \"127.0.0.1:8080\"\nsecret_files = [\"github-token\"]\n"
                              "\n[admin]\nlisten = \"127.0.0.1:8080\"\n"),
            "/etc/roadmapd/roadmapd.toml:16: admin.listen: is [webhook] listen too: give the admin endpoints an address "
            "of their own");
}

TEST_F(config_test, token_never_appears_in_an_error_message) {
  const std::vector<std::string> texts = {
      // The token pasted where its file name belongs.
      "[github]\ntoken_file = \"" + token + "\"\n" + after_github,
      // The token pasted as a key of its own.
      "[github]\ntoken_file = \"github-token\"\ntoken = \"" + token + "\"\n" + after_github,
      // A file that holds more than the token.
      "[github]\ntoken_file = \"two-words\"\n" + after_github,
      // The token in the URL.
      "[github]\napi_url = \"https://x:" + token + "@api.github.com\"\n" + github_keys_onward,
  };
  write_file(credentials_.path() / "two-words", "token: " + token + "\n");
  for (const std::string& text : texts) {
    const std::string message = error_of(text);
    EXPECT_NE(message, "(no error)") << text;
    EXPECT_EQ(message.find(token), std::string::npos) << message;
    EXPECT_EQ(message.find("ghp_"), std::string::npos) << message;
  }
  EXPECT_EQ(error_of(texts[0]),
            "/etc/roadmapd/roadmapd.toml:2: github.token_file: this looks like a token, not a file name: put the "
            "token in a file readable only by roadmapd and name that file here");
  EXPECT_EQ(error_of(texts[1]),
            "/etc/roadmapd/roadmapd.toml:3: github.token: secrets do not belong in this file: put the token in a "
            "file and set token_file");
}

// [webhook] ------------------------------------------------------------------------------------------

const std::string webhook_secret = "It's a Secret to Everybody";

class webhook_config_test : public config_test {
 protected:
  void SetUp() override {
    config_test::SetUp();
    write_file(credentials_.path() / "webhook-secret", webhook_secret + "\n");
  }
  // minimal (lines 1-9), a blank line, then [webhook] at line 11 and `keys` from line 12 on.
  static std::string with_webhook(const std::string& keys) { return minimal + "\n[webhook]\n" + keys; }
  static std::string with_secret(const std::string& keys) {
    return with_webhook("secret_files = [\"webhook-secret\"]\n" + keys);
  }
};

TEST_F(webhook_config_test, absent_section_means_webhooks_off) {
  auto s = parse_text(minimal);
  ASSERT_TRUE(s.has_value()) << s.message();
  EXPECT_FALSE(s->webhook.has_value());
}

TEST_F(webhook_config_test, example_section_passes_validation_once_uncommented) {
  std::ifstream in(fs::path(ROADMAPD_SOURCE_DIR) / "config/roadmapd.example.toml");
  std::string text, line;
  int uncommented = 0;
  while (std::getline(in, line)) {
    // The example writes the keys of its optional [webhook] block as "#key = value".
    if (line.size() > 1 && line[0] == '#' && (std::islower(static_cast<unsigned char>(line[1])) || line[1] == '[')) {
      line.erase(0, 1);
      ++uncommented;
    }
    text += line + "\n";
  }
  EXPECT_GE(uncommented, 10);
  auto s = parse_text(text);
  ASSERT_TRUE(s.has_value()) << s.message();
  ASSERT_TRUE(s->webhook.has_value());
  const webhook_settings& w = *s->webhook;
  EXPECT_EQ(w.listen_host, "127.0.0.1");
  EXPECT_EQ(w.listen_port, 8080);
  EXPECT_EQ(w.path, "/webhook");
  ASSERT_EQ(w.secret_files.size(), 1u);
  EXPECT_EQ(w.secret_files[0], credentials_.path() / "webhook-secret");
  EXPECT_EQ(w.secrets, std::vector<std::string>{webhook_secret});
  EXPECT_EQ(w.max_connections, 256);
  EXPECT_EQ(w.header_timeout, std::chrono::seconds(10));
  EXPECT_EQ(w.body_timeout, std::chrono::seconds(30));
  EXPECT_EQ(w.idle_timeout, std::chrono::seconds(60));
  EXPECT_EQ(w.max_body_bytes, 25u * 1024 * 1024);
  EXPECT_EQ(w.payload_retention, std::chrono::hours(72));
  EXPECT_EQ(w.delivery_retention, std::chrono::hours(7 * 24));
  EXPECT_EQ(w.ready_max_sync_age, std::chrono::hours(1));
  EXPECT_EQ(w.hook_id, 123456789);
  EXPECT_EQ(w.hook_organization, "apache");
  EXPECT_EQ(w.hook_repository, "");
}

TEST_F(webhook_config_test, only_secret_files_is_needed) {
  auto s = parse_text(with_secret(""));
  ASSERT_TRUE(s.has_value()) << s.message();
  ASSERT_TRUE(s->webhook.has_value());
  const webhook_settings defaults;
  EXPECT_EQ(s->webhook->listen_host, defaults.listen_host);
  EXPECT_EQ(s->webhook->listen_port, defaults.listen_port);
  EXPECT_EQ(s->webhook->path, defaults.path);
  EXPECT_EQ(s->webhook->max_body_bytes, defaults.max_body_bytes);
  EXPECT_EQ(s->webhook->ready_max_sync_age, defaults.ready_max_sync_age);
  EXPECT_FALSE(s->webhook->hook_id.has_value());
  EXPECT_EQ(s->webhook->secrets, std::vector<std::string>{webhook_secret});
}

TEST_F(webhook_config_test, every_key_is_read) {
  write_file(credentials_.path() / "old-secret", "  old\tsecret \n");
  auto s = parse_text(with_webhook(
      "listen = \"[::1]:0\"\npath = \"/hooks/github\"\nsecret_files = [\"webhook-secret\", \"old-secret\"]\n"
      "max_connections = 8\nheader_timeout = \"2s\"\nbody_timeout = \"5s\"\nidle_timeout = \"1m\"\n"
      "max_body_bytes = 4096\npayload_retention = \"1d\"\ndelivery_retention = \"2d\"\n"
      "ready_max_sync_age = \"30m\"\nhook_id = 9876543210\nhook_repository = \"apache/tvm\"\n"));
  ASSERT_TRUE(s.has_value()) << s.message();
  const webhook_settings& w = *s->webhook;
  EXPECT_EQ(w.listen_host, "::1");
  EXPECT_EQ(w.listen_port, 0);
  EXPECT_EQ(w.path, "/hooks/github");
  EXPECT_EQ(w.secret_files, (std::vector<fs::path>{credentials_.path() / "webhook-secret", credentials_.path() / "old-secret"}));
  EXPECT_EQ(w.secrets, (std::vector<std::string>{webhook_secret, "old\tsecret"}));
  EXPECT_EQ(w.max_connections, 8);
  EXPECT_EQ(w.header_timeout, std::chrono::seconds(2));
  EXPECT_EQ(w.body_timeout, std::chrono::seconds(5));
  EXPECT_EQ(w.idle_timeout, std::chrono::seconds(60));
  EXPECT_EQ(w.max_body_bytes, 4096u);
  EXPECT_EQ(w.payload_retention, std::chrono::hours(24));
  EXPECT_EQ(w.delivery_retention, std::chrono::hours(48));
  EXPECT_EQ(w.ready_max_sync_age, std::chrono::minutes(30));
  EXPECT_EQ(w.hook_id, 9876543210LL);
  EXPECT_EQ(w.hook_repository, "apache/tvm");
  EXPECT_EQ(w.hook_organization, "");
}

TEST_F(webhook_config_test, listen_addresses) {
  const std::pair<std::string, std::pair<std::string, int>> good[] = {
      {"127.0.0.1:8080", {"127.0.0.1", 8080}},
      {"0.0.0.0:0", {"0.0.0.0", 0}},
      {"localhost:9000", {"localhost", 9000}},
      {"[::]:65535", {"::", 65535}},
      {"[fe80::1]:443", {"fe80::1", 443}},
  };
  for (const auto& [written, expected] : good) {
    auto s = parse_text(with_secret("listen = \"" + written + "\"\n"));
    ASSERT_TRUE(s.has_value()) << written << ": " << s.message();
    EXPECT_EQ(s->webhook->listen_host, expected.first) << written;
    EXPECT_EQ(s->webhook->listen_port, expected.second) << written;
  }
  const std::string form = " (use HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080)";
  const std::pair<std::string, std::string> bad[] = {
      {"8080", "missing port"},
      {"127.0.0.1", "missing port"},
      {"127.0.0.1:", "missing port"},
      {":8080", "missing host (0.0.0.0 listens on every interface)"},
      {"::1:8080", "an IPv6 address needs brackets"},
      {"[::1]", "missing port"},
      {"[::1:8080", "no closing ']' after the IPv6 address"},
      {"[localhost]:80", "\"localhost\" is not an IPv6 address"},
      {"127.0.0.1:70000", "port \"70000\" is not a number from 0 to 65535"},
      {"127.0.0.1:http", "port \"http\" is not a number from 0 to 65535"},
      {"300.0.0.1:80", "\"300.0.0.1\" is not an IP address or host name"},
      {"my host:80", "\"my host\" is not an IP address or host name"},
  };
  for (const auto& [written, why] : bad) {
    EXPECT_EQ(error_of(with_secret("listen = \"" + written + "\"\n")),
              "/etc/roadmapd/roadmapd.toml:13: webhook.listen: invalid listen address \"" + written + "\": " + why + form);
  }
}

TEST_F(webhook_config_test, secret_files_are_required_and_must_be_readable) {
  EXPECT_EQ(error_of(with_webhook("listen = \"127.0.0.1:0\"\n")),
            "/etc/roadmapd/roadmapd.toml:11: webhook.secret_files: required key is missing");
  EXPECT_EQ(error_of(with_webhook("secret_files = []\n")),
            "/etc/roadmapd/roadmapd.toml:12: webhook.secret_files: must name at least one file that holds the "
            "webhook secret");
  EXPECT_EQ(error_of(with_webhook("secret_files = \"webhook-secret\"\n")),
            "/etc/roadmapd/roadmapd.toml:12: webhook.secret_files: expected an array of strings, got a string");
  EXPECT_EQ(error_of(with_webhook("secret_files = [\"webhook-secret\", \"missing-secret\"]\n")),
            "/etc/roadmapd/roadmapd.toml:12: webhook.secret_files: cannot read \"" +
                (credentials_.path() / "missing-secret").string() + "\": No such file or directory");
  write_file(credentials_.path() / "empty-secret", "\n \n");
  EXPECT_EQ(error_of(with_webhook("secret_files = [\"empty-secret\"]\n")),
            "/etc/roadmapd/roadmapd.toml:12: webhook.secret_files: \"" +
                (credentials_.path() / "empty-secret").string() +
                "\" is empty (it should hold the webhook secret and nothing else)");
}

TEST_F(webhook_config_test, unknown_key_suggests_secret_files) {
  EXPECT_EQ(error_of(with_webhook("secret_file = \"webhook-secret\"\n")),
            "/etc/roadmapd/roadmapd.toml:11: webhook.secret_files: required key is missing\n"
            "/etc/roadmapd/roadmapd.toml:12: webhook.secret_file: unknown key (did you mean \"secret_files\"?)");
}

TEST_F(webhook_config_test, secret_never_appears_in_an_error_message) {
  write_file(credentials_.path() / "two-lines", webhook_secret + "\nsecond line\n");
  const std::vector<std::string> texts = {
      with_secret("secret = \"" + webhook_secret + "\"\n"),
      with_webhook("secret_files = [\"two-lines\"]\n"),
      with_webhook("secret_files = [\"" + token + "\"]\n"),
  };
  for (const std::string& text : texts) {
    const std::string message = error_of(text);
    EXPECT_NE(message, "(no error)") << text;
    EXPECT_EQ(message.find(webhook_secret), std::string::npos) << message;
    EXPECT_EQ(message.find(token), std::string::npos) << message;
  }
  EXPECT_EQ(error_of(texts[0]),
            "/etc/roadmapd/roadmapd.toml:13: webhook.secret: secrets do not belong in this file: put each webhook "
            "secret in a file and list the files in secret_files");
  EXPECT_EQ(error_of(texts[1]),
            "/etc/roadmapd/roadmapd.toml:12: webhook.secret_files: \"" + (credentials_.path() / "two-lines").string() +
                "\" holds more than one line (it should hold the webhook secret and nothing else)");
}

TEST_F(webhook_config_test, path_must_be_a_free_url_path) {
  EXPECT_EQ(error_of(with_secret("path = \"webhook\"\n")),
            "/etc/roadmapd/roadmapd.toml:13: webhook.path: \"webhook\" is not a URL path (write it like "
            "\"/webhook\")");
  EXPECT_EQ(error_of(with_secret("path = \"/webhook?x=1\"\n")),
            "/etc/roadmapd/roadmapd.toml:13: webhook.path: \"/webhook?x=1\" is not a URL path (write it like "
            "\"/webhook\")");
  EXPECT_EQ(error_of(with_secret("path = \"/metrics\"\n")),
            "/etc/roadmapd/roadmapd.toml:13: webhook.path: \"/metrics\" is taken by the server itself (/healthz, "
            "/readyz, /metrics)");
}

TEST_F(webhook_config_test, limits_and_durations_are_checked) {
  EXPECT_EQ(error_of(with_secret("max_connections = 0\n")),
            "/etc/roadmapd/roadmapd.toml:13: webhook.max_connections: 0 is out of range (1 to 100000)");
  EXPECT_EQ(error_of(with_secret("max_body_bytes = 104857600\n")),
            "/etc/roadmapd/roadmapd.toml:13: webhook.max_body_bytes: 104857600 is out of range (1024 to 26214400)");
  EXPECT_EQ(error_of(with_secret("header_timeout = 10\n")),
            "/etc/roadmapd/roadmapd.toml:13: webhook.header_timeout: expected a duration string such as \"30s\", "
            "\"5m\" or \"6h\", got an integer");
  EXPECT_EQ(error_of(with_secret("payload_retention = \"10m\"\n")),
            "/etc/roadmapd/roadmapd.toml:13: webhook.payload_retention: \"10m\" is too short (at least 1h)");
}

TEST_F(webhook_config_test, delivery_ids_outlive_payloads) {
  EXPECT_EQ(error_of(with_secret("payload_retention = \"3d\"\ndelivery_retention = \"1d\"\n")),
            "/etc/roadmapd/roadmapd.toml:14: webhook.delivery_retention: delivery_retention (1d) must not be "
            "shorter than payload_retention (3d)");
  // With the default delivery_retention (7d), the payload retention is the line written.
  EXPECT_EQ(error_of(with_secret("payload_retention = \"8d\"\n")),
            "/etc/roadmapd/roadmapd.toml:13: webhook.payload_retention: delivery_retention (7d) must not be "
            "shorter than payload_retention (8d)");
}

TEST_F(webhook_config_test, ready_age_covers_the_sync_interval) {
  EXPECT_EQ(error_of(with_secret("ready_max_sync_age = \"2m\"\n")),
            "/etc/roadmapd/roadmapd.toml:13: webhook.ready_max_sync_age: ready_max_sync_age (2m) is shorter than "
            "[sync] interval (5m): /readyz would fail between two passes");
  // The [sync] section may come after [webhook] in the file.
  EXPECT_TRUE(parse_text(with_secret("ready_max_sync_age = \"2m\"\n") + "\n[sync]\ninterval = \"1m\"\n").has_value());
}

TEST_F(webhook_config_test, hook_belongs_to_an_organization_or_a_repository) {
  EXPECT_EQ(error_of(with_secret("hook_id = 1\nhook_organization = \"apache\"\nhook_repository = \"apache/tvm\"\n")),
            "/etc/roadmapd/roadmapd.toml:15: webhook.hook_repository: set hook_organization or hook_repository, "
            "not both: a hook belongs to one of them");
  EXPECT_EQ(error_of(with_secret("hook_repository = \"tvm\"\n")),
            "/etc/roadmapd/roadmapd.toml:13: webhook.hook_repository: \"tvm\" is not of the form \"owner/name\"");
  EXPECT_EQ(error_of(with_secret("hook_organization = \"apache/tvm\"\n")),
            "/etc/roadmapd/roadmapd.toml:13: webhook.hook_organization: \"apache/tvm\" is not a GitHub "
            "organization login");
  EXPECT_EQ(error_of(with_secret("hook_id = 0\n")),
            "/etc/roadmapd/roadmapd.toml:13: webhook.hook_id: 0 is out of range (1 to 9223372036854775807)");
}

TEST(repository_settings, is_tracking_issue_by_label_or_title) {
  repository_settings repo;
  repo.owner = "apache";
  repo.name = "tvm";
  repo.tracking_issue_labels = {"type:rfc-tracking"};
  EXPECT_TRUE(repo.is_tracking_issue({"bug", "type:rfc-tracking"}, "anything"));
  EXPECT_TRUE(repo.is_tracking_issue({"Type:RFC-Tracking"}, "anything"));
  EXPECT_FALSE(repo.is_tracking_issue({"type:rfc"}, "[RFC][Tracking] Relax"));
  repo.tracking_title_regex.emplace(R"(^\[RFC\]\[Tracking\])", std::regex::ECMAScript);
  EXPECT_TRUE(repo.is_tracking_issue({}, "[RFC][Tracking] Relax"));
  EXPECT_FALSE(repo.is_tracking_issue({}, "Re: [RFC][Tracking] Relax"));
  EXPECT_FALSE(repo.is_tracking_issue({"bug"}, "[RFC] Relax"));
  EXPECT_EQ(repo.full_name(), "apache/tvm");
}

}  // namespace
}  // namespace roadmapd::config

// The endpoint suite's fixture (see endpoint_support.hpp).
#include "endpoint_support.hpp"

#include <regex>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <sstream>
#include <thread>

#include <gmock/gmock.h>

#include "github_payloads.hpp"
#include "roadmapd_runner.hpp"

namespace roadmapd::test {
namespace {

std::string hmac_hex(const EVP_MD* md, std::string_view body, std::string_view secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(md, secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), digest, &length);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace

std::string github_signature(std::string_view body, std::string_view secret) {
  return "sha256=" + hmac_hex(EVP_sha256(), body, secret);
}

std::string github_sha1_signature(std::string_view body, std::string_view secret) {
  return "sha1=" + hmac_hex(EVP_sha1(), body, secret);
}

raw_headers delivery_headers(std::string_view body, std::string_view delivery_id, std::string_view event) {
  return {{"Content-Type", "application/json"},
          {"X-GitHub-Event", std::string(event)},
          {"X-GitHub-Delivery", std::string(delivery_id)},
          {"X-GitHub-Hook-ID", "4242"},
          {"X-Hub-Signature-256", github_signature(body)}};
}

std::string issue_edited_payload(const fake_github& fake, int index, std::string_view title) {
  const auto state = fake.state();
  return issue_edited_payload(state["issues"][index], title, "2026-11-20T10:00:00Z");
}

double metric_value(std::string_view exposition, std::string_view series) {
  std::size_t pos = 0;
  while (pos < exposition.size()) {
    const auto end = std::min(exposition.find('\n', pos), exposition.size());
    const auto line = exposition.substr(pos, end - pos);
    if (line.size() > series.size() && line.starts_with(series) && line[series.size()] == ' ') {
      return std::stod(std::string(line.substr(series.size() + 1)));
    }
    pos = end + 1;
  }
  return 0;
}

std::string metric_lines(std::string_view exposition, std::string_view prefix) {
  std::istringstream in{std::string(exposition)};
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.starts_with(prefix)) out += line + "\n";
  }
  return out;
}

std::string endpoint_daemon::limits_toml() const {
  return "header_timeout = \"3s\"\nbody_timeout = \"2s\"\nidle_timeout = \"2s\"\nmax_connections = 4\n"
         "max_body_bytes = 65536\n";
}

void endpoint_daemon::SetUp() {
  dir.write("webhook-secret", std::string(endpoint_secret) + "\n");
  const auto config = write_config(dir, fake,
                                   fixture_targets_toml() +
                                       "\n[webhook]\nlisten = \"127.0.0.1:0\"\nsecret_files = [\"webhook-secret\"]\n" +
                                       limits_toml(),
                                   "[sync]\ninterval = \"1h\"\nfull_resync = \"6h\"\n");
  daemon = std::make_unique<process>(std::vector<std::string>{ROADMAPD_BINARY, "run", "--config", config.string()},
                                     dir.path());
  port_ = wait_for_listening_port(*daemon);
  ASSERT_NE(port_, 0) << daemon->err();
  base_ = "http://127.0.0.1:" + std::to_string(port_);
  static const std::regex admin_line(R"(admin endpoint listening on (http://127\.0\.0\.1:\d+) )");
  std::smatch m;
  const auto log = daemon->err();
  if (std::regex_search(log, m, admin_line)) admin_base_ = m[1].str();
}

void endpoint_daemon::TearDown() {
  if (!daemon) return;
  EXPECT_TRUE(daemon->running()) << "roadmapd stopped during the test:\n" << daemon->err();
  // Still serving: a cheap request on a fresh connection is answered.
  if (daemon->running() && port_ != 0) {
    try {
      EXPECT_EQ(http_call("GET", admin_base() + "/healthz").status, 200);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "roadmapd no longer answers /healthz: " << e.what();
    }
  }
  EXPECT_THAT(daemon->err(), ::testing::Not(::testing::HasSubstr(endpoint_secret)));
  EXPECT_THAT(daemon->out(), ::testing::Not(::testing::HasSubstr(endpoint_secret)));
}

http_reply endpoint_daemon::post_delivery(const std::string& body, const std::string& delivery_id,
                                          const std::string& event) {
  return http_call("POST", base_ + "/webhook", body, "application/json",
                   {{"X-GitHub-Event", event},
                    {"X-GitHub-Delivery", delivery_id},
                    {"X-GitHub-Hook-ID", "4242"},
                    {"X-Hub-Signature-256", github_signature(body)}});
}

std::vector<std::string> endpoint_daemon::stored_deliveries() const {
  std::vector<std::string> ids;
  for (const auto& row : query(db, "SELECT delivery_id FROM webhook_deliveries ORDER BY seq")) ids.push_back(row[0]);
  return ids;
}

std::string endpoint_daemon::wait_for(const std::string& sql, const std::string& want) const {
  std::string got;
  for (int i = 0; i < 500; ++i) {
    if ((got = scalar(db, sql)) == want) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return got;
}

std::string endpoint_daemon::metrics() {
  const auto reply = http_call("GET", admin_base() + "/metrics");
  EXPECT_EQ(reply.status, 200) << reply.body;
  return reply.body;
}

}  // namespace roadmapd::test

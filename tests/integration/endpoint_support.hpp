// The fixture of the endpoint suite: a real `roadmapd run` with a [webhook] section and small limits
// against the fake GitHub, and what a test reads back from it (the inbox, /metrics, its stderr).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "endpoint_raw_client.hpp"
#include "fake_github.hpp"
#include "http_call.hpp"
#include "process.hpp"
#include "temp_dir.hpp"

namespace roadmapd::test {

inline constexpr const char* endpoint_secret = "endpoint-suite-webhook-secret";

// "sha256=" + hex HMAC-SHA256 of `body` (computed with OpenSSL here, not with the daemon's code).
std::string github_signature(std::string_view body, std::string_view secret = endpoint_secret);

// "sha1=" + hex HMAC-SHA1 of `body`: GitHub's old X-Hub-Signature header.
std::string github_sha1_signature(std::string_view body, std::string_view secret = endpoint_secret);

// The headers GitHub sends with a delivery, signed over `body`.
raw_headers delivery_headers(std::string_view body, std::string_view delivery_id, std::string_view event = "issues");

// An `issues.edited` payload for apache/tvm issue `index` of the fake's state, renamed to `title`.
std::string issue_edited_payload(const fake_github& fake, int index, std::string_view title);

// The value of one series in a Prometheus text exposition (`name{labels}`), 0 when absent.
double metric_value(std::string_view exposition, std::string_view series);
// The lines of an exposition that start with `prefix` (for failure messages).
std::string metric_lines(std::string_view exposition, std::string_view prefix);

class endpoint_daemon : public ::testing::Test {
 protected:
  // The [webhook] limits of this fixture's daemon; a fixture may override them.
  virtual std::string limits_toml() const;

  void SetUp() override;
  // Every test ends with the daemon still serving, and no secret in what it logged.
  void TearDown() override;

  std::uint16_t port() const { return port_; }
  const std::string& base() const { return base_; }  // http://127.0.0.1:PORT
  // Where /healthz, /readyz and /metrics are: base(), or the [admin] listener when the fixture has one.
  const std::string& admin_base() const { return admin_base_.empty() ? base_ : admin_base_; }

  // A delivery through the plain client (HTTP/1.0, one connection per request).
  http_reply post_delivery(const std::string& body, const std::string& delivery_id, const std::string& event = "issues");
  // The delivery ids in the inbox, oldest first.
  std::vector<std::string> stored_deliveries() const;
  // Polls the database until `sql` gives `want` (bounded) and returns what it last gave.
  std::string wait_for(const std::string& sql, const std::string& want) const;
  // GET /metrics, asserting it answers 200.
  std::string metrics();

  temp_dir dir;
  fake_github fake{dir};
  std::filesystem::path db = dir / "mirror.db";
  std::unique_ptr<process> daemon;

 private:
  std::uint16_t port_ = 0;
  std::string base_;
  std::string admin_base_;
};

}  // namespace roadmapd::test

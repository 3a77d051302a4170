// Starts the fake GitHub (tests/fake-github/server.js) on free loopback ports for one test and stops
// it afterwards; wraps its control API (recorded requests, state, edits, faults).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "process.hpp"
#include "temp_dir.hpp"

namespace roadmapd::test {

class fake_github {
 public:
  struct options {
    std::filesystem::path state;       // default: fixtures/roadmap.json
    bool tls = true;
    std::string cert = "server";       // server | untrusted | wronghost (files from make-certs.sh)
  };

  explicit fake_github(const temp_dir& dir);
  fake_github(const temp_dir& dir, options opts);
  ~fake_github();

  const std::string& api_url() const { return api_url_; }        // https://127.0.0.1:PORT
  const std::string& control_url() const { return control_url_; }
  std::filesystem::path ca_file() const { return certs_ / "ca.pem"; }
  static std::filesystem::path fixture();
  static constexpr const char* token = "test-token-roadmapd";

  rapidjson::Document requests() const;         // array of recorded API requests
  long graphql_request_count() const;
  void clear_requests() const;
  rapidjson::Document state() const;
  std::string edit(std::string_view ops_json) const;     // {"ops":[...]}: returns the reply body
  void faults(std::string_view faults_json) const;       // {"faults":[...]}
  void clear_faults() const;
  void rate_limit(std::string_view json) const;
  rapidjson::Document mutations() const;                 // [{request, name, input, viewer, at, ok, error}]
  void clear_mutations() const;
  void secondary_limits(std::string_view json) const;    // {content_per_minute?, content_per_hour?, ...}
  // Stops GitHub's clock at `at` ("2030-01-01T00:00:00Z"): edits share that second and answers are
  // dated with it; "" lets it run again.
  void clock(std::string_view at) const;
  void stop();

 private:
  std::filesystem::path certs_;
  std::unique_ptr<process> process_;
  std::string api_url_, control_url_;
};

rapidjson::Document parse_json(std::string_view text);

// For App authentication tests: the fixture's state plus one App (slug "roadmapd-app") holding
// `public_pem`, installed on each {installation id, account login} given; written to dir/name.
std::filesystem::path write_state_with_app(const temp_dir& dir, std::int64_t app_id, const std::string& public_pem,
                                           const std::vector<std::pair<std::int64_t, std::string>>& installations,
                                           std::string_view name = "state-with-app.json");

}  // namespace roadmapd::test

// fake_github (see fake_github.hpp).
#include "fake_github.hpp"

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <thread>
#include <unistd.h>

#include "http_call.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace roadmapd::test {

namespace {

const std::filesystem::path fake_dir = ROADMAPD_FAKE_GITHUB_DIR;

void expect_ok(const http_reply& r, std::string_view what) {
  if (r.status < 200 || r.status >= 300) {
    throw std::runtime_error("fake GitHub control " + std::string(what) + " answered " + std::to_string(r.status) +
                             ": " + r.body);
  }
}

}  // namespace

rapidjson::Document parse_json(std::string_view text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) throw std::runtime_error("not JSON: " + std::string(text.substr(0, 200)));
  return doc;
}

std::filesystem::path write_state_with_app(const temp_dir& dir, std::int64_t app_id, const std::string& public_pem,
                                           const std::vector<std::pair<std::int64_t, std::string>>& installations,
                                           std::string_view name) {
  auto state = parse_json(read_file(fake_github::fixture()));
  auto& a = state.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& [id, account] : installations) {
    rapidjson::Value i(rapidjson::kObjectType);
    i.AddMember("id", id, a);
    i.AddMember("account", rapidjson::Value(account.c_str(), a), a);
    list.PushBack(i, a);
  }
  rapidjson::Value app(rapidjson::kObjectType);
  app.AddMember("id", app_id, a);
  app.AddMember("slug", "roadmapd-app", a);
  app.AddMember("public_key", rapidjson::Value(public_pem.c_str(), a), a);
  app.AddMember("installations", list, a);
  rapidjson::Value apps(rapidjson::kArrayType);
  apps.PushBack(app, a);
  state.AddMember("apps", apps, a);
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  state.Accept(w);
  return dir.write(name, std::string(out.GetString(), out.GetSize()));
}

std::filesystem::path fake_github::fixture() { return fake_dir / "fixtures" / "roadmap.json"; }

fake_github::fake_github(const temp_dir& dir) : fake_github(dir, options{}) {}

fake_github::fake_github(const temp_dir& dir, options opts) {
  certs_ = dir / "certs";
  if (!std::filesystem::exists(certs_ / "ca.pem")) {
    auto r = run_command({"bash", (fake_dir / "make-certs.sh").string(), certs_.string()}, dir.path());
    if (r.exit_code != 0) throw std::runtime_error("make-certs.sh failed: " + r.err);
  }
  const auto ready = dir / ("fake-ready-" + std::to_string(::getpid()) + "-" +
                            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".json");
  std::vector<std::string> argv{"node", (fake_dir / "server.js").string(), "--state",
                                (opts.state.empty() ? fixture() : opts.state).string(), "--port", "0",
                                "--control-port", "0", "--ready-file", ready.string()};
  if (opts.tls) {
    argv.insert(argv.end(), {"--tls-cert", (certs_ / (opts.cert + ".pem")).string(), "--tls-key",
                             (certs_ / (opts.cert + "-key.pem")).string()});
  }
  process_ = std::make_unique<process>(argv, dir.path());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!std::filesystem::exists(ready) || std::filesystem::file_size(ready) == 0) {
    if (!process_->running()) throw std::runtime_error("fake GitHub exited: " + process_->err());
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("fake GitHub did not start");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let the writer finish the file
  auto urls = parse_json(read_file(ready));
  api_url_ = urls["api"].GetString();
  control_url_ = urls["control"].GetString();
}

fake_github::~fake_github() { stop(); }

void fake_github::stop() {
  if (process_) {
    process_->signal(SIGTERM);
    if (!process_->wait(std::chrono::seconds(5))) process_->signal(SIGKILL);
    process_.reset();
  }
}

rapidjson::Document fake_github::requests() const {
  auto r = http_call("GET", control_url_ + "/requests");
  expect_ok(r, "GET /requests");
  return parse_json(r.body);
}

long fake_github::graphql_request_count() const {
  auto reqs = requests();
  long n = 0;
  for (const auto& r : reqs.GetArray()) {
    auto path = r.FindMember("path");
    if (path != r.MemberEnd() && path->value.IsString() && std::string_view(path->value.GetString()).ends_with("graphql")) ++n;
  }
  return n;
}

void fake_github::clear_requests() const { expect_ok(http_call("DELETE", control_url_ + "/requests"), "DELETE /requests"); }

rapidjson::Document fake_github::state() const {
  auto r = http_call("GET", control_url_ + "/state");
  expect_ok(r, "GET /state");
  return parse_json(r.body);
}

std::string fake_github::edit(std::string_view ops_json) const {
  auto r = http_call("POST", control_url_ + "/edit", ops_json);
  expect_ok(r, "POST /edit");
  return r.body;
}

void fake_github::faults(std::string_view faults_json) const {
  expect_ok(http_call("POST", control_url_ + "/faults", faults_json), "POST /faults");
}

void fake_github::clear_faults() const { expect_ok(http_call("DELETE", control_url_ + "/faults"), "DELETE /faults"); }

void fake_github::rate_limit(std::string_view json) const {
  expect_ok(http_call("POST", control_url_ + "/rate_limit", json), "POST /rate_limit");
}

rapidjson::Document fake_github::mutations() const {
  auto r = http_call("GET", control_url_ + "/mutations");
  expect_ok(r, "GET /mutations");
  return parse_json(r.body);
}

void fake_github::clear_mutations() const {
  expect_ok(http_call("DELETE", control_url_ + "/mutations"), "DELETE /mutations");
}

void fake_github::secondary_limits(std::string_view json) const {
  expect_ok(http_call("POST", control_url_ + "/secondary_limits", json), "POST /secondary_limits");
}

void fake_github::clock(std::string_view at) const {
  const std::string body = at.empty() ? std::string(R"({"at":null})") : R"({"at":")" + std::string(at) + "\"}";
  expect_ok(http_call("POST", control_url_ + "/clock", body), "POST /clock");
}

}  // namespace roadmapd::test

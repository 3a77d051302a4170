// worker_fixture (see worker_fixture.hpp).
#include "worker_fixture.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "sync/engine.hpp"

namespace roadmapd::test {

namespace {

// Named after the examples: board 1 (PVT_kwDOAWcTxs4ACgDd) shows issue I_kwDOCG5vGM5La0aB of
// Octocoders/Hello-World after a draft (the reordered example's "previous" item); board 2
// (PVT_kwDOAWcTxs07Gw) shows draft DI_lADOAWcTxs07G84AIjOy and has the Status field the edited
// example names. PVT_kwAEAQ (organization "github") is on no configured board.
constexpr const char* world = R"({
  "tokens": ["test-token-roadmapd"],
  "users": [{"id": "U_codertocat", "login": "Codertocat"}, {"id": "U_octocat", "login": "octocat"}],
  "organizations": [{"id": "O_octocoders", "login": "Octocoders"}, {"id": "O_octoorg", "login": "octo-org"}],
  "repositories": [
    {"id": "R_hello", "owner": "Codertocat", "name": "Hello-World",
     "labels": [{"id": "LA_bug", "name": "bug"}, {"id": "LA_bugfix", "name": ":bug: Bugfix"}],
     "milestones": [{"id": "MI_1", "number": 1, "title": "v1.0"}]},
    {"id": "R_octocoders", "owner": "Octocoders", "name": "Hello-World"}
  ],
  "issues": [
    {"id": "I_kwDOCG5vGM5La0aB", "repository": "Octocoders/Hello-World", "number": 1, "title": "Roadmap item",
     "body": "## Motivation\nWhy.", "author": "Codertocat", "createdAt": "2022-06-08T21:00:00Z"}
  ],
  "draft_issues": [
    {"id": "DI_previous", "title": "Themes & Goals"},
    {"id": "DI_lADOAWcTxs07G84AIjOy", "title": "A draft card", "body": "draft body"}
  ],
  "projects": [
    {"id": "PVT_kwDOAWcTxs4ACgDd", "owner": "Octocoders", "number": 1, "title": "Roadmap",
     "fields": [
       {"id": "PVTF_title1", "name": "Title", "dataType": "TITLE"},
       {"id": "PVTSSF_status1", "name": "Status", "dataType": "SINGLE_SELECT",
        "options": [{"id": "o_todo", "name": "Todo"}, {"id": "o_done", "name": "Done"}]},
       {"id": "PVTF_owner1", "name": "Owner", "dataType": "TEXT"}],
     "items": [
       {"id": "PVTI_lADOAWcTxs4ACgDdzgBWqwI", "content": "DI_previous", "values": {"Status": "Todo"}},
       {"id": "PVTI_lADOAWcTxs4ACgDdzgBWqxo", "content": "I_kwDOCG5vGM5La0aB",
        "values": {"Status": "Todo", "Owner": "Codertocat"}}]},
    {"id": "PVT_kwDOAWcTxs07Gw", "owner": "Octocoders", "number": 2, "title": "Second board",
     "fields": [
       {"id": "PVTF_title2", "name": "Title", "dataType": "TITLE"},
       {"id": "PVTF_lADOAWcTxs07G84AAali", "name": "Status", "dataType": "SINGLE_SELECT",
        "options": [{"id": "o2_todo", "name": "Todo"}, {"id": "o2_done", "name": "Done"}]}],
     "items": [
       {"id": "PVTI_lADOAWcTxs07G84AVqWu", "content": "DI_lADOAWcTxs07G84AIjOy", "values": {"Status": "Todo"}}]}
  ]
})";

std::filesystem::path write_world(const temp_dir& dir) { return dir.write("world.json", world); }

template <class T>
T run_on(boost::asio::io_context& ioc, boost::asio::awaitable<T> work) {
  auto done = boost::asio::co_spawn(ioc, std::move(work), boost::asio::use_future);
  ioc.restart();
  ioc.run();
  return done.get();
}

config::repository_settings repository(std::string owner, std::string name) {
  config::repository_settings r;
  r.owner = std::move(owner);
  r.name = std::move(name);
  r.tracking_issue_labels = {"type:rfc-tracking"};
  return r;
}

std::string serialise(const rapidjson::Value& v) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> writer(out);
  v.Accept(writer);
  return {out.GetString(), out.GetSize()};
}

}  // namespace

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  if (doc.HasParseError()) throw std::runtime_error("test payload is not JSON");
  return doc;
}

std::vector<std::string> examples(const std::string& event) {
  static const rapidjson::Document index = parse(read_file(
      std::filesystem::path(ROADMAPD_SOURCE_DIR) /
      "tests/fake-github/node_modules/@octokit/webhooks-examples/api.github.com/index.json"));
  std::vector<std::string> out;
  for (const auto& e : index.GetArray()) {
    if (e["name"].GetString() != event) continue;
    for (const auto& ex : e["examples"].GetArray()) out.push_back(serialise(ex));
  }
  if (out.empty()) throw std::runtime_error("no examples for " + event + " (run npm ci in tests/fake-github)");
  return out;
}

std::string edited(const std::string& json, const std::function<void(rapidjson::Document&)>& change) {
  auto doc = parse(json);
  change(doc);
  return serialise(doc);
}

worker_fixture::worker_fixture()
    : state_file(write_world(dir)), fake(dir, fake_github::options{state_file}), db_path(dir / "mirror.db") {
  settings.source = dir / "roadmapd.toml";
  settings.github.graphql_url = fake.api_url() + "/graphql";
  settings.github.token = fake_github::token;
  settings.github.ca_file = fake.ca_file();
  settings.storage.database = db_path;
  settings.projects = {config::project_settings{"Octocoders", 1, "", 1}, config::project_settings{"Octocoders", 2, "", 2}};
  settings.repositories = {repository("Codertocat", "Hello-World"), repository("Octocoders", "Hello-World")};

  github::client_options options;
  options.graphql_url = settings.github.graphql_url;
  options.token = settings.github.token;
  options.ca_file = settings.github.ca_file;
  options.request_timeout = std::chrono::seconds(5);
  options.secondary_limit_wait = std::chrono::seconds(1);
  options.max_attempts = 1;  // each fault the tests inject fails one attempt of the worker
  options.backoff_base = std::chrono::milliseconds(10);
  client = std::make_unique<github::graphql_client>(ioc.get_executor(), options);

  db.emplace(store::database::open(db_path).value());
  sync::engine engine(settings, *client, *db);
  auto report = run_on(ioc, engine.run_pass(sync::pass_kind::full));
  if (!report.ok()) throw std::runtime_error("initial sync failed: " + report.first_error());
  reopen();
}

worker_fixture::~worker_fixture() = default;

void worker_fixture::reopen(webhook::worker_options options) {
  worker.reset();
  box.reset();
  db.reset();
  db.emplace(store::database::open(db_path).value());
  box = std::make_unique<webhook::inbox>(*db);
  options.retry_base = std::chrono::milliseconds(10);
  options.retry_max = std::chrono::milliseconds(50);
  worker = std::make_unique<webhook::worker>(ioc.get_executor(), *box, settings, *client, *db, options);
  worker->on_items_changed([this](const std::vector<std::string>& ids) { changed.push_back(ids); });
  worker->on_pass_wanted([this] { ++passes_requested; });
}

std::string worker_fixture::enqueue(const std::string& event, const std::string& payload) {
  const auto id = "delivery-" + std::to_string(++next_id);
  box->add(id, event, std::nullopt, "4242", payload);
  return id;
}

int worker_fixture::drain() { return run_on(ioc, worker->drain()); }

delivery_result worker_fixture::result_of(const std::string& delivery_id) {
  auto r = sql("SELECT status, coalesce(reason, ''), attempts FROM webhook_deliveries WHERE delivery_id = '" +
               delivery_id + "'");
  if (r.size() != 1) throw std::runtime_error("no delivery " + delivery_id);
  return {r[0][0], r[0][1], std::stoi(r[0][2])};
}

delivery_result worker_fixture::deliver(const std::string& event, const std::string& payload) {
  const auto id = enqueue(event, payload);
  drain();
  return result_of(id);
}

}  // namespace roadmapd::test

// worker_fixture (see worker_fixture.hpp).
#include "worker_fixture.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "sync/engine.hpp"

namespace roadmapd::test {

namespace {

// The world named after the examples (fixtures/webhook-examples.json: board 1 shows issue
// I_kwDOCG5vGM5La0aB after a draft, board 2 a draft and the Status field the edited example names;
// PVT_kwAEAQ is on no configured board) and the config blocks naming its boards and repositories. The
// daemon-level examples test (tests/integration/examples_test.cpp) uses the same two files.
const std::filesystem::path fixtures = std::filesystem::path(ROADMAPD_FAKE_GITHUB_DIR) / "fixtures";

template <class T>
T run_on(boost::asio::io_context& ioc, boost::asio::awaitable<T> work) {
  auto done = boost::asio::co_spawn(ioc, std::move(work), boost::asio::use_future);
  ioc.restart();
  ioc.run();
  return done.get();
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
    : state_file(fixtures / "webhook-examples.json"), fake(dir, fake_github::options{state_file}), db_path(dir / "mirror.db") {
  auto loaded = config::load(write_config(dir, fake, read_file(fixtures / "webhook-examples.targets.toml")));
  if (!loaded.has_value()) throw std::runtime_error("examples config: " + loaded.message());
  settings = std::move(loaded.value());

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

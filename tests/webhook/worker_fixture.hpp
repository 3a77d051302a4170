// A worker wired to a fake GitHub and a mirror synced from it, for the worker tests. The fake's
// world holds the repositories, boards and items that @octokit/webhooks-examples payloads name, so
// the examples can be fed through the real handlers and checked against what GitHub (the fake) has.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "config/config.hpp"
#include "fake_github.hpp"
#include "github/graphql_client.hpp"
#include "roadmapd_runner.hpp"
#include "store/database.hpp"
#include "temp_dir.hpp"
#include "webhook/inbox.hpp"
#include "webhook/worker.hpp"

namespace roadmapd::test {

// The example payloads of one event, serialised, in the package's order.
std::vector<std::string> examples(const std::string& event);
// A payload with changes made to it.
std::string edited(const std::string& json, const std::function<void(rapidjson::Document&)>& change);
rapidjson::Document parse(const std::string& json);

struct delivery_result {
  std::string status;
  std::string reason;
  int attempts = 0;
};

class worker_fixture : public ::testing::Test {
 protected:
  worker_fixture();
  ~worker_fixture() override;

  // Stores the delivery, lets the worker drain the inbox, and returns how it ended.
  delivery_result deliver(const std::string& event, const std::string& payload);
  // Adds without applying (restart tests).
  std::string enqueue(const std::string& event, const std::string& payload);
  delivery_result result_of(const std::string& delivery_id);
  int drain();
  void reopen(webhook::worker_options options = {});  // a restart: new connection, inbox and worker

  rows sql(const std::string& query) { return test::query(db_path, query); }
  std::string one(const std::string& query) { return test::scalar(db_path, query); }

  temp_dir dir;
  std::filesystem::path state_file;
  fake_github fake;
  std::filesystem::path db_path;
  config::settings settings;
  boost::asio::io_context ioc;
  std::unique_ptr<github::graphql_client> client;
  std::optional<store::database> db;
  std::unique_ptr<webhook::inbox> box;
  std::unique_ptr<webhook::worker> worker;
  std::vector<std::vector<std::string>> changed;  // every on_items_changed call
  int passes_requested = 0;
  int next_id = 0;
};

}  // namespace roadmapd::test

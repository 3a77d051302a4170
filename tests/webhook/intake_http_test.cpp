// The intake behind the real HTTP server: every example payload of @octokit/webhooks-examples, signed
// as GitHub signs it, is accepted over one kept-alive connection and stored byte for byte.
#include <gtest/gtest.h>

#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "http/router.hpp"
#include "http/server.hpp"
#include "raw_client.hpp"
#include "store/database.hpp"
#include "webhook/inbox.hpp"
#include "webhook/intake.hpp"
#include "webhook/signature.hpp"

namespace roadmapd::webhook {
namespace {

namespace asio = boost::asio;
using test::make_request;
using test::raw_client;

constexpr std::string_view secret = "e2e-secret";

struct example {
  std::string event;
  std::string body;
};

// The examples as compact JSON, in the package's order.
std::vector<example> octokit_examples() {
  const std::string path = std::string(ROADMAPD_SOURCE_DIR) +
                           "/tests/fake-github/node_modules/@octokit/webhooks-examples/api.github.com/index.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path + " (run npm ci in tests/fake-github)");
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  if (doc.HasParseError() || !doc.IsArray()) throw std::runtime_error(path + " is not a JSON array");
  std::vector<example> out;
  for (const auto& entry : doc.GetArray()) {
    const auto name = entry.FindMember("name");
    const auto examples = entry.FindMember("examples");
    if (name == entry.MemberEnd() || !name->value.IsString() || examples == entry.MemberEnd() ||
        !examples->value.IsArray()) {
      throw std::runtime_error(path + ": an entry without name or examples");
    }
    for (const auto& payload : examples->value.GetArray()) {
      rapidjson::StringBuffer buffer;
      rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
      payload.Accept(writer);
      out.push_back({name->value.GetString(), std::string(buffer.GetString(), buffer.GetSize())});
    }
  }
  return out;
}

class intake_http_test : public ::testing::Test {
 protected:
  void SetUp() override {
    routes_.add("POST", "/webhook", [this](const http::request& req) { return intake_.handle(req); });
    server_ = std::make_unique<http::server>(ioc_.get_executor(), http::server_options{}, routes_.as_handler());
    auto started = server_->start();
    ASSERT_TRUE(started) << started.message();
    loop_ = std::thread([this] { ioc_.run(); });
  }

  void TearDown() override {
    ioc_.stop();
    if (loop_.joinable()) loop_.join();
    server_.reset();
  }

  // The database belongs to the loop's thread; tests read it there.
  template <class F>
  auto on_loop(F f) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    asio::post(ioc_, [&task] { task(); });
    return result.get();
  }

  std::string signed_request(std::string_view event, std::string_view delivery, std::string_view body,
                             std::string_view content_type = "application/json") {
    return make_request("POST", "/webhook",
                        {{"Content-Type", std::string(content_type)},
                         {"User-Agent", "GitHub-Hookshot/abc123"},
                         {"X-GitHub-Event", std::string(event)},
                         {"X-GitHub-Delivery", std::string(delivery)},
                         {"X-GitHub-Hook-ID", "4242"},
                         {"X-Hub-Signature-256", sign(body, secret)}},
                        body);
  }

  asio::io_context ioc_;
  store::database db_ = store::database::open(":memory:").value();
  inbox box_{db_};
  intake intake_{box_, intake_options{{std::string(secret)}}};
  http::router routes_;
  std::unique_ptr<http::server> server_;
  std::thread loop_;
};

TEST_F(intake_http_test, every_octokit_example_is_accepted_and_stored_byte_for_byte) {
  const auto examples = octokit_examples();
  ASSERT_GT(examples.size(), 50u);
  raw_client client(server_->port());
  std::size_t expected_rows = 0;
  for (std::size_t i = 0; i < examples.size(); ++i) {
    const auto& e = examples[i];
    ASSERT_TRUE(client.send(signed_request(e.event, "example-" + std::to_string(i), e.body)));
    auto r = client.read_response();
    ASSERT_TRUE(r) << e.event;
    if (e.event == "ping") {
      EXPECT_EQ(r->status, 200) << e.event;
    } else {
      EXPECT_EQ(r->status, 202) << e.event << ": " << r->body;
      ++expected_rows;
    }
  }
  const auto mismatches = on_loop([&] {
    std::vector<std::string> wrong;
    auto& q = db_.prepare("SELECT delivery_id, event, payload FROM webhook_deliveries JOIN webhook_payloads USING (seq) ORDER BY seq");
    q.query();
    std::size_t rows = 0;
    while (q.step()) {
      ++rows;
      const std::string id = q.column_text(0);
      const auto& e = examples.at(std::stoul(id.substr(8)));
      if (q.column_text(1) != e.event || q.column_text(2) != e.body) wrong.push_back(id);
    }
    q.reset();
    if (rows != expected_rows) wrong.push_back("rows: " + std::to_string(rows));
    return wrong;
  });
  EXPECT_TRUE(mismatches.empty()) << mismatches.front();
}

TEST_F(intake_http_test, a_form_encoded_delivery_over_http_is_decoded) {
  raw_client client(server_->port());
  const std::string form = "payload=%7B%22action%22%3A%22edited%22%2C%22x%22%3A%22a+b%22%7D";
  ASSERT_TRUE(client.send(signed_request("projects_v2_item", "form-1", form, "application/x-www-form-urlencoded")));
  auto r = client.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 202);
  const auto stored = on_loop([&] { return box_.next_pending(); });
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->payload, R"({"action":"edited","x":"a b"})");
  EXPECT_EQ(stored->action, "edited");
  EXPECT_EQ(stored->hook_id, "4242");
}

TEST_F(intake_http_test, a_bad_signature_over_http_is_401_and_stores_nothing) {
  raw_client client(server_->port());
  std::string req = signed_request("issues", "bad-1", R"({"action":"opened"})");
  req.back() = ']';  // the body changes after signing
  ASSERT_TRUE(client.send(req));
  auto r = client.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(on_loop([&] { return box_.pending().pending; }), 0);
}

}  // namespace
}  // namespace roadmapd::webhook

// test_server: one coroutine per connection on a private io_context thread; requests are parsed
// just enough (request line, headers, Content-Length body) to hand them to the script.
#include "test_server.hpp"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace roadmapd::test {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

std::optional<std::string> received_request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return std::nullopt;
}

struct test_server::impl {
  impl(handler h, std::optional<tls_files> tls) : script(std::move(h)), acceptor(io, {asio::ip::make_address("127.0.0.1"), 0}) {
    if (tls) {
      ctx.emplace(asio::ssl::context::tls_server);
      ctx->use_certificate_chain_file(tls->cert.string());
      ctx->use_private_key_file(tls->key.string(), asio::ssl::context::pem);
    }
    asio::co_spawn(io, accept_loop(), asio::detached);
    thread = std::thread([this] { io.run(); });
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(tuple_awaitable);
      if (ec) co_return;
      int id;
      {
        std::lock_guard lock(mutex);
        id = ++accepted;
      }
      asio::co_spawn(io, session(std::move(socket), id), asio::detached);
    }
  }

  asio::awaitable<void> session(tcp::socket socket, int id) {
    if (!ctx) {
      co_await serve(socket, id);
      co_return;
    }
    asio::ssl::stream<tcp::socket> stream(std::move(socket), *ctx);
    auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, tuple_awaitable);
    if (ec) co_return;  // the client refused our certificate
    co_await serve(stream, id);
  }

  template <class Stream>
  asio::awaitable<void> serve(Stream& stream, int id) {
    std::string buf;
    for (;;) {
      auto [ec, n] = co_await asio::async_read_until(stream, asio::dynamic_buffer(buf), "\r\n\r\n", tuple_awaitable);
      if (ec) co_return;
      received_request req;
      req.connection = id;
      std::string head = buf.substr(0, n);
      buf.erase(0, n);
      std::size_t line_end = head.find("\r\n");
      std::string line = head.substr(0, line_end);
      auto sp1 = line.find(' ');
      auto sp2 = line.find(' ', sp1 + 1);
      req.method = line.substr(0, sp1);
      req.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
      std::size_t length = 0;
      for (std::size_t pos = line_end + 2; pos < head.size();) {
        std::size_t end = head.find("\r\n", pos);
        if (end == pos || end == std::string::npos) break;
        std::string field = head.substr(pos, end - pos);
        auto colon = field.find(':');
        req.headers.emplace_back(field.substr(0, colon), trim(field.substr(colon + 1)));
        if (iequals(req.headers.back().first, "Content-Length")) length = std::stoul(req.headers.back().second);
        pos = end + 2;
      }
      while (buf.size() < length) {
        auto [rec, got] = co_await asio::async_read(stream, asio::dynamic_buffer(buf), asio::transfer_at_least(1), tuple_awaitable);
        if (rec) co_return;
      }
      req.body = buf.substr(0, length);
      req.arrived = std::chrono::steady_clock::now();
      buf.erase(0, length);

      scripted_reply reply;
      {
        std::lock_guard lock(mutex);
        received.push_back(req);
      }
      reply = script(req);
      using act = scripted_reply::action;
      if (reply.act == act::drop) co_return;
      if (reply.act == act::hang) {
        asio::steady_timer forever(io, std::chrono::hours(1));
        co_await forever.async_wait(tuple_awaitable);
        co_return;
      }
      std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " Scripted\r\n";
      bool has_type = false;
      for (const auto& [k, v] : reply.headers) {
        out += k + ": " + v + "\r\n";
        has_type = has_type || iequals(k, "Content-Type");
      }
      if (!has_type) out += "Content-Type: application/json; charset=utf-8\r\n";
      out += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n\r\n";
      out += reply.act == act::truncate ? reply.body.substr(0, reply.body.size() / 2) : reply.body;
      auto [wec, written] = co_await asio::async_write(stream, asio::buffer(out), tuple_awaitable);
      if (wec || reply.act == act::truncate || reply.act == act::answer_and_close) co_return;
    }
  }

  handler script;
  std::optional<asio::ssl::context> ctx;  // before io: sessions still pending at shutdown use it
  asio::io_context io;
  tcp::acceptor acceptor;
  std::thread thread;
  mutable std::mutex mutex;
  int accepted = 0;
  std::vector<received_request> received;
};

test_server::test_server(handler h, std::optional<tls_files> tls) : impl_(std::make_unique<impl>(std::move(h), std::move(tls))) {}

test_server::~test_server() {
  impl_->io.stop();
  impl_->thread.join();
}

std::string test_server::url() const {
  return std::string(impl_->ctx ? "https" : "http") + "://127.0.0.1:" + std::to_string(impl_->acceptor.local_endpoint().port());
}

int test_server::connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->accepted;
}

std::vector<received_request> test_server::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->received;
}

void make_test_certs(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const std::string d = dir.string();
  auto sh = [&](const std::string& cmd) {
    std::string full = "cd '" + d + "' && " + cmd + " >>openssl.log 2>&1";
    if (std::system(full.c_str()) != 0) throw std::runtime_error("openssl failed: " + cmd + " (see " + d + "/openssl.log)");
  };
  auto make_ca = [&](const std::string& name, const std::string& cn) {
    sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + name + "-key.pem -out " + name + ".pem -days 2 -subj '/CN=" + cn +
       "' -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
  };
  auto make_leaf = [&](const std::string& name, const std::string& ca, const std::string& san) {
    std::ofstream(dir / (name + ".ext")) << "subjectAltName=" << san
                                          << "\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n";
    sh("openssl req -new -newkey rsa:2048 -nodes -keyout " + name + "-key.pem -out " + name + ".csr -subj '/CN=" + name + "'");
    sh("openssl x509 -req -in " + name + ".csr -CA " + ca + ".pem -CAkey " + ca + "-key.pem -CAcreateserial -days 2 -out " + name +
       ".pem -extfile " + name + ".ext");
  };
  make_ca("ca", "roadmapd test CA");
  make_ca("other-ca", "some other CA");
  make_leaf("server", "ca", "IP:127.0.0.1,DNS:localhost");
  make_leaf("wronghost", "ca", "DNS:wrong.example");
  make_leaf("untrusted", "other-ca", "IP:127.0.0.1,DNS:localhost");
}

github::client_options quick_client_options(const std::string& base, const std::string& token) {
  using namespace std::chrono_literals;
  github::client_options o;
  o.graphql_url = base + "/graphql";
  o.token = token;
  o.request_timeout = 1s;
  o.secondary_limit_wait = 1s;
  o.backoff_base = 1ms;
  o.backoff_max = 1s;
  o.max_attempts = 4;
  return o;
}

std::function<scripted_reply(const received_request&)> script(std::vector<scripted_reply> replies) {
  auto list = std::make_shared<std::vector<scripted_reply>>(std::move(replies));
  auto next = std::make_shared<std::size_t>(0);
  return [list, next](const received_request&) {
    std::size_t i = std::min(*next, list->size() - 1);
    ++*next;
    return (*list)[i];
  };
}

}  // namespace roadmapd::test

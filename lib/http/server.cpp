// The accepting server and its per-connection coroutine (see server.hpp). The only file of this part
// that includes Beast: the transport loop lives here, the request logic in the handler it calls.
#include "http/server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <unordered_set>

#include <sys/socket.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

namespace roadmapd::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using steady_clock = std::chrono::steady_clock;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

std::string format_endpoint(const tcp::endpoint& ep) {
  const auto a = ep.address();
  std::string host = a.is_v6() ? "[" + a.to_string() + "]" : a.to_string();
  return host + ":" + std::to_string(ep.port());
}

// Errors from Beast's parser (as opposed to the transport): the client sent something that is not HTTP.
bool is_parse_error(const error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
}

struct connection {
  explicit connection(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  std::string remote;
  // Waiting for the first byte of a request: nothing is lost when stop() closes it.
  bool idle = true;
};

}  // namespace

struct server::impl : std::enable_shared_from_this<impl> {
  impl(asio::any_io_executor executor, server_options o, handler hd)
      : ex(executor), options(std::move(o)), h(std::move(hd)), acceptor(executor) {}

  asio::any_io_executor ex;
  server_options options;
  handler h;
  tcp::acceptor acceptor;
  std::string address;  // host:port once bound
  bool stopping = false;
  std::unordered_set<connection*> connections;

  std::atomic<std::uint16_t> port{0};
  std::atomic<long> active{0};
  std::atomic<long> accepted{0};
  std::atomic<long> refused{0};
  std::atomic<long> timed_out{0};
  std::atomic<long> requests{0};

  asio::awaitable<void> accept_loop(std::shared_ptr<impl> keep);
  asio::awaitable<void> session(std::shared_ptr<impl> keep, std::shared_ptr<connection> c);
  asio::awaitable<void> answer_and_close(connection& c, unsigned version, int status, std::string text);
  void tell_refused(int status, const request& head) const {
    if (options.on_refused) options.on_refused(status, head);
  }
  void refuse(tcp::socket& socket);
  void shut_down(bool all);
};

namespace {

// Completion of each spawned task: the place where an exception that escaped it is logged.
auto log_failure(std::string what) {
  return [what = std::move(what)](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("http: {} failed: {}", what, ex.what());
    } catch (...) {
      spdlog::error("http: {} failed with an unknown exception", what);
    }
  };
}

}  // namespace

server::server(boost::asio::any_io_executor ex, server_options options, handler h)
    : impl_(std::make_shared<impl>(ex, std::move(options), std::move(h))) {}

server::~server() { impl_->shut_down(true); }

result<void> server::start() {
  auto& s = *impl_;
  error_code ec;
  if (s.options.inherited_fd) {
    const int fd = *s.options.inherited_fd;
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) {
      return make_error("cannot use inherited socket (file descriptor " + std::to_string(fd) +
                        "): " + std::strerror(errno));
    }
    s.acceptor.assign(local.ss_family == AF_INET6 ? tcp::v6() : tcp::v4(), fd, ec);
    if (ec) {
      return make_error("cannot use inherited socket (file descriptor " + std::to_string(fd) + "): " + ec.message());
    }
  } else {
    const auto addr = asio::ip::make_address(s.options.host, ec);
    if (ec) return make_error("listen address \"" + s.options.host + "\" is not an IP address");
    const tcp::endpoint ep(addr, s.options.port);
    const std::string wanted = format_endpoint(ep);
    s.acceptor.open(ep.protocol(), ec);
    if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) s.acceptor.bind(ep, ec);
    if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      s.acceptor.close();
      return make_error("cannot listen on " + wanted + ": " + ec.message());
    }
  }
  const auto bound = s.acceptor.local_endpoint();
  s.port = bound.port();
  s.address = format_endpoint(bound);
  spdlog::info("http: listening on {}{}", s.address, s.options.inherited_fd ? " (inherited socket)" : "");
  asio::co_spawn(s.ex, s.accept_loop(impl_), log_failure("accepting on " + s.address));
  return {};
}

std::uint16_t server::port() const { return impl_->port; }

std::string server::local_address() const { return impl_->address; }

void server::stop() {
  asio::dispatch(impl_->ex, [s = impl_] { s->shut_down(false); });
}

void server::set_limits(const server_options& limits) {
  auto& o = impl_->options;
  o.max_connections = limits.max_connections;
  o.header_timeout = limits.header_timeout;
  o.body_timeout = limits.body_timeout;
  o.idle_timeout = limits.idle_timeout;
  o.write_timeout = limits.write_timeout;
  o.max_header_bytes = limits.max_header_bytes;
  o.max_body_bytes = limits.max_body_bytes;
}

server_stats server::stats() const {
  const auto& s = *impl_;
  return {s.active, s.accepted, s.refused, s.timed_out, s.requests};
}

void server::impl::shut_down(bool all) {
  stopping = true;
  error_code ec;
  acceptor.close(ec);
  for (auto* c : connections) {
    if (all) {
      c->stream.socket().close(ec);
    } else if (c->idle) {
      // Cancel rather than close: a request whose bytes were read just now (its completion already
      // queued) is still answered, instead of being handled and then finding its socket closed.
      // A read still waiting ends with operation_aborted and the connection closes.
      c->stream.socket().cancel(ec);
    }
  }
}

void server::impl::refuse(tcp::socket& socket) {
  // Beyond the cap the connection is accepted and closed at once rather than left in the kernel's
  // backlog: the client learns it now (GitHub marks the delivery failed; `roadmapd redeliver` brings
  // it back) and the loop never holds more than max_connections sockets. One non-blocking write of a
  // short 503 into the new socket's empty send buffer; if it does not fit, the close alone says it.
  static constexpr std::string_view answer =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Length: 21\r\nConnection: close\r\n\r\ntoo many connections\n";
  error_code ec;
  socket.non_blocking(true, ec);
  if (!ec) socket.write_some(asio::buffer(answer), ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

asio::awaitable<void> server::impl::accept_loop(std::shared_ptr<impl> keep) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(tuple_awaitable);
    if (stopping) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      // Typically out of file descriptors: wait a little instead of spinning on the same error.
      spdlog::warn("http: accepting a connection on {} failed: {}", address, ec.message());
      asio::steady_timer pause(ex, std::chrono::milliseconds(100));
      co_await pause.async_wait(tuple_awaitable);
      continue;
    }
    if (active >= options.max_connections) {
      ++refused;
      spdlog::debug("http: refused a connection on {}: {} connections open", address, active.load());
      refuse(socket);
      if (options.on_connection_refused) options.on_connection_refused(active.load());
      continue;
    }
    ++accepted;
    ++active;
    auto c = std::make_shared<connection>(std::move(socket));
    error_code rec;
    const auto remote = c->stream.socket().remote_endpoint(rec);
    if (!rec) c->remote = format_endpoint(remote);
    asio::co_spawn(ex, session(keep, c), log_failure("connection from " + c->remote));
  }
}

asio::awaitable<void> server::impl::answer_and_close(connection& c, unsigned version, int status, std::string text) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(status), version};
  out.set(bhttp::field::server, "roadmapd");
  out.set(bhttp::field::content_type, "text/plain; charset=utf-8");
  out.body() = std::move(text) + "\n";
  out.keep_alive(false);
  out.prepare_payload();
  c.stream.expires_after(options.write_timeout);
  auto [ec, n] = co_await bhttp::async_write(c.stream, out, tuple_awaitable);
  if (ec) co_return;
  // A lingering close: the client may still be sending (a body we refused to read). Closing with
  // unread bytes makes the kernel send a reset, which can destroy our answer before the client reads
  // it; so stop sending, then discard what arrives for a short, bounded while.
  c.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  c.stream.expires_after(std::min(options.header_timeout, std::chrono::milliseconds(1000)));
  std::array<char, 4096> sink;
  std::size_t drained = 0;
  while (drained < 256 * 1024) {
    auto [rec, got] = co_await c.stream.async_read_some(asio::buffer(sink), tuple_awaitable);
    if (rec) break;
    drained += got;
  }
}

asio::awaitable<void> server::impl::session(std::shared_ptr<impl> /*keep*/, std::shared_ptr<connection> c) {
  connections.insert(c.get());
  struct unregister {
    impl& s;
    connection* c;
    ~unregister() {
      s.connections.erase(c);
      --s.active;
    }
  } guard{*this, c.get()};

  beast::flat_buffer buffer;
  const auto accepted_at = steady_clock::now();
  bool first = true;
  for (;;) {
    c->idle = true;
    if (stopping) break;
    // Wait for the first byte apart from the header deadline, so that a kept-alive connection may
    // idle for idle_timeout while its next request still gets header_timeout once it starts.
    if (buffer.size() == 0) {
      if (first) {
        c->stream.expires_at(accepted_at + options.header_timeout);
      } else {
        c->stream.expires_after(options.idle_timeout);
      }
      auto [ec, n] = co_await c->stream.async_read_some(buffer.prepare(4096), tuple_awaitable);
      if (ec) {
        if (ec == beast::error::timeout && first) ++timed_out;
        break;
      }
      buffer.commit(n);
    }
    c->idle = false;
    const auto header_deadline = (first ? accepted_at : steady_clock::now()) + options.header_timeout;
    first = false;

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(options.max_header_bytes, UINT32_MAX)));
    // Unlimited while reading the header so that an oversized Content-Length is answered below with
    // the sizes; the limit is set before the body is read (it also bounds chunked bodies).
    parser.body_limit(boost::none);
    parser.eager(false);
    c->stream.expires_at(header_deadline);
    {
      auto [ec, n] = co_await bhttp::async_read_header(c->stream, buffer, parser, tuple_awaitable);
      if (ec) {
        if (ec == bhttp::error::header_limit) {
          tell_refused(431, request{});
          co_await answer_and_close(*c, 11, 431,
                                    "request headers are larger than " + std::to_string(options.max_header_bytes) +
                                        " bytes");
        } else if (ec == beast::error::timeout) {
          ++timed_out;
          spdlog::debug("http: {} did not send its request headers in time", c->remote);
        } else if (is_parse_error(ec) && ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
          tell_refused(400, request{});
          co_await answer_and_close(*c, 11, 400, "malformed HTTP request: " + ec.message());
        }
        break;
      }
    }
    auto& msg = parser.get();
    const unsigned version = msg.version();
    auto head_of = [&msg, &c] {
      request head;
      head.method = std::string(msg.method_string());
      head.target = std::string(msg.target());
      for (const auto& f : msg) head.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
      head.remote_address = c->remote;
      return head;
    };

    // Decide from the headers alone: a body over the limit is refused before a byte of it is read.
    if (const auto length = parser.content_length(); length && *length > options.max_body_bytes) {
      tell_refused(413, head_of());
      co_await answer_and_close(*c, version, 413,
                                "request body of " + std::to_string(*length) + " bytes is over the limit of " +
                                    std::to_string(options.max_body_bytes) + " bytes");
      break;
    }
    if (!parser.is_done()) {
      parser.body_limit(options.max_body_bytes);
      if (iequals(std::string_view(msg[bhttp::field::expect]), "100-continue")) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
        c->stream.expires_after(options.write_timeout);
        auto [ec, n] = co_await bhttp::async_write(c->stream, cont, tuple_awaitable);
        if (ec) break;
      }
      // One deadline for the whole body: a client trickling bytes cannot keep extending it.
      c->stream.expires_after(options.body_timeout);
      auto [ec, n] = co_await bhttp::async_read(c->stream, buffer, parser, tuple_awaitable);
      if (ec) {
        // A truncated body (the client closed or reset) reaches no handler and gets no answer.
        if (ec == bhttp::error::body_limit) {
          tell_refused(413, head_of());
          co_await answer_and_close(*c, version, 413,
                                    "request body is over the limit of " + std::to_string(options.max_body_bytes) +
                                        " bytes");
        } else if (ec == beast::error::timeout) {
          ++timed_out;
          spdlog::debug("http: {} did not send its request body in time", c->remote);
        } else if (is_parse_error(ec) && ec != bhttp::error::partial_message && ec != bhttp::error::end_of_stream) {
          tell_refused(400, head_of());
          co_await answer_and_close(*c, version, 400, "malformed HTTP request body: " + ec.message());
        }
        break;
      }
    }

    const bool keep_alive = msg.keep_alive();
    const std::string what = std::string(msg.method_string()) + " " + std::string(msg.target()) + " from " + c->remote;
    request req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    req.headers.reserve(std::distance(msg.begin(), msg.end()));
    for (const auto& f : msg) req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    req.body = std::move(msg.body());
    req.remote_address = c->remote;
    ++requests;

    response res;
    bool failed = false;
    try {
      res = co_await h(std::move(req));
    } catch (const std::exception& e) {
      spdlog::error("http: {} failed: {}", what, e.what());
      failed = true;
    } catch (...) {
      spdlog::error("http: {} failed with an unknown exception", what);
      failed = true;
    }
    if (failed) res = response::text(500, "internal server error");

    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
    out.set(bhttp::field::server, "roadmapd");
    out.set(bhttp::field::content_type, res.content_type);
    for (const auto& [name, value] : res.headers) out.insert(name, value);
    out.body() = std::move(res.body);
    out.keep_alive(keep_alive && !stopping);
    out.prepare_payload();
    c->stream.expires_after(options.write_timeout);
    auto [ec, n] = co_await bhttp::async_write(c->stream, out, tuple_awaitable);
    if (ec) {
      if (ec == beast::error::timeout) ++timed_out;
      break;
    }
    if (!out.keep_alive()) break;
  }
  error_code ec;
  c->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  c->stream.socket().close(ec);
}

}  // namespace roadmapd::http

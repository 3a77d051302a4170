// The keep-alive HTTP(S) connection behind https_client: connect, TLS handshake with peer and host
// name verification, one request/response exchange at a time, each phase under its own deadline.
#include "net/https_client.hpp"

#include "net/turnstile.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <spdlog/spdlog.h>

namespace roadmapd::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

struct origin_parts {
  bool tls = true;
  std::string host;  // without IPv6 brackets
  std::string port;
  bool host_is_ip = false;
  std::string host_header;  // host[:port] as the Host header wants it
};

result<origin_parts> parse_origin(const std::string& base_url) {
  auto parsed = boost::urls::parse_uri(base_url);
  if (!parsed) {
    return make_error("base URL \"" + base_url + "\" is not a URL: " + parsed.error().message());
  }
  const auto& u = *parsed;
  origin_parts o;
  if (u.scheme_id() == boost::urls::scheme::https) {
    o.tls = true;
  } else if (u.scheme_id() == boost::urls::scheme::http) {
    o.tls = false;
  } else {
    return make_error("base URL \"" + base_url + "\" must start with https:// (or http://)");
  }
  o.host = u.host_address();
  if (o.host.empty()) return make_error("base URL \"" + base_url + "\" has no host");
  o.host_is_ip = u.host_type() == boost::urls::host_type::ipv4 || u.host_type() == boost::urls::host_type::ipv6;
  bool default_port = !u.has_port() || u.port().empty();
  o.port = default_port ? (o.tls ? "443" : "80") : std::string(u.port());
  std::string bracketed = u.host_type() == boost::urls::host_type::ipv6 ? "[" + o.host + "]" : o.host;
  o.host_header = default_port ? bracketed : bracketed + ":" + o.port;
  return o;
}

std::string describe(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
  return std::to_string(d.count()) + " ms";
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](unsigned char x, unsigned char y) {
    return std::tolower(x) == std::tolower(y);
  });
}

// Errors that mean the server closed (or reset) the connection under us.
bool is_closed_by_peer(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::connection_aborted ||
         ec == ssl::error::stream_truncated;
}

// The resolver and its deadline timer outlive the coroutine frame if the timer fires late, so they
// are shared with the timer's handler.
struct resolve_state {
  explicit resolve_state(const asio::any_io_executor& ex) : resolver(ex), timer(ex) {}
  tcp::resolver resolver;
  asio::steady_timer timer;
  bool timed_out = false;
};

}  // namespace

std::optional<std::string_view> http_response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

struct https_client::impl : std::enable_shared_from_this<impl> {
  impl(asio::any_io_executor executor, https_options options) : ex(std::move(executor)), opt(std::move(options)) {
    auto parsed = parse_origin(opt.base_url);
    if (!parsed) {
      setup = parsed.err();
      origin_text = opt.base_url;
      return;
    }
    origin = std::move(parsed.value());
    origin_text = (origin.host_is_ip && origin.host.find(':') != std::string::npos ? "[" + origin.host + "]" : origin.host) +
                  ":" + origin.port;
    if (origin.tls) setup = make_tls_context();
  }

  result<void> make_tls_context() {
    tls_ctx.emplace(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(tls_ctx->native_handle(), TLS1_2_VERSION);
    tls_ctx->set_verify_mode(ssl::verify_peer);
    error_code ec;
    tls_ctx->set_default_verify_paths(ec);
    if (ec) spdlog::warn("https: cannot load the system trust store: {}", ec.message());
    if (!opt.ca_file.empty()) {
      std::error_code fs_ec;
      if (!std::filesystem::is_regular_file(opt.ca_file, fs_ec)) {
        return make_error("CA file " + opt.ca_file.string() + " does not exist or is not a file");
      }
      tls_ctx->load_verify_file(opt.ca_file.string(), ec);
      if (ec) return make_error("CA file " + opt.ca_file.string() + " could not be loaded: " + ec.message());
    }
    return {};
  }

  bool connected() const { return plain.has_value() || secure.has_value(); }

  void drop_connection() {
    error_code ec;
    if (secure) beast::get_lowest_layer(*secure).socket().close(ec);
    if (plain) plain->socket().close(ec);
    secure.reset();
    plain.reset();
    buffer.clear();
  }

  asio::awaitable<result<void>> connect() {
    last_connect_permanent = false;
    auto deadline = std::chrono::steady_clock::now() + opt.connect_timeout;
    auto state = std::make_shared<resolve_state>(ex);
    state->timer.expires_at(deadline);
    state->timer.async_wait([state](error_code ec) {
      if (ec) return;
      state->timed_out = true;
      state->resolver.cancel();
    });
    auto [rec, endpoints] = co_await state->resolver.async_resolve(origin.host, origin.port, tuple_awaitable);
    state->timer.cancel();
    if (state->timed_out) {
      co_return make_error("resolve " + origin.host + " timed out after " + describe(opt.connect_timeout));
    }
    if (rec) co_return make_error("resolve " + origin.host + " failed: " + rec.message());

    beast::tcp_stream stream(ex);
    stream.expires_at(deadline);
    auto [cec, endpoint] = co_await stream.async_connect(endpoints, tuple_awaitable);
    if (cec == beast::error::timeout) {
      co_return make_error("connect to " + origin_text + " timed out after " + describe(opt.connect_timeout));
    }
    if (cec) co_return make_error("connect to " + origin_text + " failed: " + cec.message());
    ++opened;
    stream.socket().set_option(tcp::no_delay(true));

    if (!origin.tls) {
      plain.emplace(std::move(stream));
      co_return result<void>{};
    }
    secure.emplace(std::move(stream), *tls_ctx);
    SSL* native = secure->native_handle();
    if (!origin.host_is_ip) SSL_set_tlsext_host_name(native, origin.host.c_str());  // SNI takes names only
    X509_VERIFY_PARAM* param = SSL_get0_param(native);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (origin.host_is_ip) {
      X509_VERIFY_PARAM_set1_ip_asc(param, origin.host.c_str());
    } else {
      X509_VERIFY_PARAM_set1_host(param, origin.host.c_str(), origin.host.size());
    }
    beast::get_lowest_layer(*secure).expires_after(opt.handshake_timeout);
    auto [hec] = co_await secure->async_handshake(ssl::stream_base::client, tuple_awaitable);
    if (!hec) co_return result<void>{};
    std::string why;
    long verify = SSL_get_verify_result(native);
    if (hec == beast::error::timeout) {
      why = "timed out after " + describe(opt.handshake_timeout);
    } else if (verify != X509_V_OK) {
      why = std::string("failed: certificate verify failed (") + X509_verify_cert_error_string(verify) + ")";
      last_connect_permanent = true;
    } else {
      why = "failed: " + hec.message();
    }
    drop_connection();
    co_return make_error("TLS handshake with " + origin_text + " " + why);
  }

  struct exchange_outcome {
    result<http_response> response = make_error("no response");
    bool stale = false;  // the server had closed the connection before answering: safe to resend
    bool permanent = false;
  };

  template <class Stream>
  asio::awaitable<exchange_outcome> exchange(Stream& stream, const http::request<http::string_body>& req) {
    auto& lowest = beast::get_lowest_layer(stream);
    lowest.expires_after(opt.write_timeout);
    auto [wec, written] = co_await http::async_write(stream, req, tuple_awaitable);
    if (wec) {
      if (wec == beast::error::timeout) {
        co_return exchange_outcome{make_error("write to " + origin_text + " timed out after " + describe(opt.write_timeout))};
      }
      co_return exchange_outcome{make_error("write to " + origin_text + " failed: " + wec.message()),
                                 is_closed_by_peer(wec)};
    }

    http::response_parser<http::string_body> parser;
    parser.body_limit(opt.body_limit);
    parser.header_limit(64 * 1024);
    lowest.expires_after(opt.read_timeout);
    auto [rec, read] = co_await http::async_read(stream, buffer, parser, tuple_awaitable);
    if (rec) {
      std::string where = "read from " + origin_text;
      if (rec == beast::error::timeout) {
        co_return exchange_outcome{make_error(where + " timed out after " + describe(opt.read_timeout))};
      }
      if (rec == http::error::body_limit) {
        co_return exchange_outcome{
            make_error(where + ": the response body exceeds the limit of " + std::to_string(opt.body_limit) + " bytes"),
            false, true};
      }
      if (rec == http::error::partial_message) {
        co_return exchange_outcome{make_error(where + ": connection closed before the response was complete")};
      }
      if (is_closed_by_peer(rec)) {
        bool nothing = !parser.got_some();
        co_return exchange_outcome{
            make_error(where + (nothing ? ": connection closed before any response arrived"
                                        : ": connection closed before the response was complete")),
            nothing};
      }
      if (rec.category() == http::make_error_code(http::error::bad_version).category()) {
        co_return exchange_outcome{make_error(where + ": malformed HTTP response (" + rec.message() + ")")};
      }
      co_return exchange_outcome{make_error(where + " failed: " + rec.message())};
    }
    auto msg = parser.release();
    http_response out;
    out.status = static_cast<int>(msg.result_int());
    for (const auto& field : msg) out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    out.body = std::move(msg.body());
    if (!msg.keep_alive()) drop_connection();
    co_return exchange_outcome{std::move(out)};
  }

  http::request<http::string_body> build(http_request& in) const {
    http::request<http::string_body> req;
    req.version(11);
    auto verb = http::string_to_verb(in.method);
    if (verb == http::verb::unknown) {
      req.method_string(in.method);
    } else {
      req.method(verb);
    }
    req.target(in.target.empty() ? "/" : in.target);
    bool has_host = false, has_agent = false;
    for (auto& [name, value] : in.headers) {
      if (iequals(name, "Content-Length")) continue;
      has_host = has_host || iequals(name, "Host");
      has_agent = has_agent || iequals(name, "User-Agent");
      req.insert(name, value);
    }
    if (!has_host) req.set(http::field::host, origin.host_header);
    if (!has_agent) req.set(http::field::user_agent, opt.user_agent);
    req.body() = std::move(in.body);
    req.keep_alive(true);
    req.prepare_payload();
    return req;
  }

  asio::awaitable<http_result> run(http_request in) {
    if (!setup) co_return http_result{setup.err(), true};
    auto self = shared_from_this();
    auto turn = co_await gate.enter();
    auto req = build(in);
    for (int attempt = 0;; ++attempt) {
      bool reused = connected();
      if (!reused) {
        auto opened_ok = co_await connect();
        if (!opened_ok) co_return http_result{opened_ok.err(), last_connect_permanent};
      }
      // Not a conditional expression: GCC 12 miscompiles co_await inside ?:.
      exchange_outcome outcome;
      if (secure) {
        outcome = co_await exchange(*secure, req);
      } else {
        outcome = co_await exchange(*plain, req);
      }
      if (outcome.response) co_return http_result{std::move(outcome.response)};
      drop_connection();
      if (reused && outcome.stale && attempt == 0) {
        spdlog::debug("https: {} closed the kept-alive connection; reconnecting", origin_text);
        continue;
      }
      co_return http_result{std::move(outcome.response), outcome.permanent};
    }
  }

  asio::any_io_executor ex;
  https_options opt;
  result<void> setup;
  origin_parts origin;
  std::string origin_text;
  std::optional<ssl::context> tls_ctx;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  long opened = 0;
  bool last_connect_permanent = false;
  turnstile gate{ex};
};

https_client::https_client(asio::any_io_executor ex, https_options options)
    : impl_(std::make_shared<impl>(std::move(ex), std::move(options))) {}

https_client::~https_client() {
  // A request still running holds its own reference to impl; closing the socket ends it.
  error_code ec;
  if (impl_->secure) beast::get_lowest_layer(*impl_->secure).socket().close(ec);
  if (impl_->plain) impl_->plain->socket().close(ec);
}

asio::awaitable<result<http_response>> https_client::request(http_request req) {
  auto self = impl_;
  auto outcome = co_await self->run(std::move(req));
  co_return std::move(outcome.response);
}

asio::awaitable<http_result> https_client::send(http_request req) {
  auto self = impl_;
  co_return co_await self->run(std::move(req));
}

void https_client::close() {
  if (!impl_->gate.busy()) {
    impl_->drop_connection();
    return;
  }
  // A request is in flight on the stream: only close the socket; the request fails and drops it.
  error_code ec;
  if (impl_->secure) beast::get_lowest_layer(*impl_->secure).socket().close(ec);
  if (impl_->plain) impl_->plain->socket().close(ec);
}

const std::string& https_client::origin() const { return impl_->origin_text; }

long https_client::connections_opened() const { return impl_->opened; }

}  // namespace roadmapd::net

// app_auth: JWT signing with OpenSSL, the installation look-up and token exchange over rest_client
// (whose token_source is the JWT), and the cache in front of them.
#include "github/app_auth.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <vector>

#include <boost/asio/this_coro.hpp>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include "github/json.hpp"
#include "github/rest_client.hpp"
#include "net/turnstile.hpp"
#include "util/time.hpp"

namespace roadmapd::github {
namespace {

namespace asio = boost::asio;
using std::chrono::seconds;

// Refuses to ask for a passphrase: OpenSSL would otherwise prompt on the terminal.
int no_passphrase(char*, int, int, void*) { return -1; }

std::string openssl_reason() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no further detail";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

std::string json_text(const rapidjson::Document& d) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  d.Accept(w);
  return std::string(out.GetString(), out.GetSize());
}

// GitHub's answer for a status, from rest_client's error ("GitHub answered 404: Not Found").
bool answered(const std::string& message, int status) {
  return message.starts_with("GitHub answered " + std::to_string(status) + ":");
}

}  // namespace

std::string base64url(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  std::replace(out.begin(), out.end(), '+', '-');
  std::replace(out.begin(), out.end(), '/', '_');
  return out;
}

result<app_key> app_key::from_pem(std::string_view pem) {
  ERR_clear_error();
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (!bio) throw std::runtime_error("app_key: BIO_new_mem_buf failed");
  EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, &no_passphrase, nullptr);
  if (raw == nullptr) {
    return make_error("not a usable private key in PEM form (OpenSSL: " + openssl_reason() +
                      "); use the .pem file GitHub offers under the App's \"Private keys\", unencrypted");
  }
  app_key k;
  k.key_ = std::shared_ptr<EVP_PKEY>(raw, &EVP_PKEY_free);
  if (EVP_PKEY_get_base_id(raw) != EVP_PKEY_RSA) {
    return make_error("the private key is not an RSA key: GitHub App keys are RSA and signed with RS256");
  }
  return k;
}

std::string app_key::sign_jwt(long long app_id, wall_clock::time_point now) const {
  const long long t = std::chrono::duration_cast<seconds>(now.time_since_epoch()).count();
  rapidjson::Document claims(rapidjson::kObjectType);
  auto& a = claims.GetAllocator();
  claims.AddMember("iat", static_cast<std::int64_t>(t - 60), a);
  claims.AddMember("exp", static_cast<std::int64_t>(t + 9 * 60), a);
  claims.AddMember("iss", static_cast<std::int64_t>(app_id), a);
  const std::string signing_input = base64url(R"({"alg":"RS256","typ":"JWT"})") + "." + base64url(json_text(claims));

  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::size_t length = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(signing_input.data());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, data, signing_input.size()) != 1) {
    throw std::runtime_error("app_key: cannot sign the JWT (OpenSSL: " + openssl_reason() + ")");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                     signing_input.size()) != 1) {
    throw std::runtime_error("app_key: cannot sign the JWT (OpenSSL: " + openssl_reason() + ")");
  }
  signature.resize(length);
  return signing_input + "." + base64url(signature);
}

struct app_auth::state {
  app_key key;
  app_auth_options options;
  std::optional<long long> installation_id;
  // Made on the first token() call, on its executor.
  std::unique_ptr<net::turnstile> gate;
  std::unique_ptr<rest_client> rest;
  std::string token;  // NEVER logged
  wall_clock::time_point expires_at{}, refresh_at{};
  std::map<std::string, std::string> permissions;  // of the last token GitHub gave

  wall_clock::time_point now() const { return options.clock ? options.clock() : wall_clock::now(); }

  std::string who() const {
    std::string out = "GitHub App " + std::to_string(options.app_id);
    if (installation_id) out += ": installation " + std::to_string(*installation_id);
    return out;
  }

  void start(const asio::any_io_executor& ex) {
    gate = std::make_unique<net::turnstile>(ex);
    rest_options ro{options.api_url, options.client};
    // The JWT is the token of every App request; a fresh one is signed for each attempt.
    ro.client.token = {};
    ro.client.token_source = [key = key, app_id = options.app_id](std::string) -> asio::awaitable<result<std::string>> {
      co_return key.sign_jwt(app_id, wall_clock::now());
    };
    ro.client.observer = nullptr;  // the App endpoints are not the GraphQL budget the metrics show
    rest = std::make_unique<rest_client>(ex, std::move(ro));
  }

  asio::awaitable<result<long long>> discover() {
    const std::string& owner = options.installation_owner;
    if (owner.empty()) co_return make_error(who() + ": no installation_id and no owner to look it up for");
    for (std::string_view scope : {"orgs", "users"}) {
      auto answer = co_await rest->request("GET", "/" + std::string(scope) + "/" + owner + "/installation");
      if (!answer) {
        if (answered(answer.message(), 404)) continue;
        co_return make_error(who() + ": looking up its installation on \"" + owner + "\": " + answer.message() +
                             hint(answer.message()));
      }
      auto doc = parse_json(answer->body);
      std::optional<long long> id;
      if (doc) id = integer_member(**doc, "id");
      if (!id) co_return make_error(who() + ": the installation of \"" + owner + "\" came without a numeric \"id\"");
      spdlog::info("github: {}: using installation {} on \"{}\"", who(), *id, owner);
      co_return *id;
    }
    co_return make_error(who() + ": not installed on \"" + owner + "\" (GET /orgs/" + owner + "/installation and /users/" +
                         owner + "/installation answered 404): install the App there or set github.installation_id");
  }

  std::string hint(const std::string& message) const {
    if (message.starts_with("GitHub rejected the token (401")) {
      return ": GitHub could not verify the JWT; check that github.private_key_file is a key of App " +
             std::to_string(options.app_id) + " and that the clock is right";
    }
    if (answered(message, 404)) return ": check github.app_id and github.installation_id";
    return {};
  }

  asio::awaitable<result<void>> fetch() {
    const std::string path = "/app/installations/" + std::to_string(*installation_id) + "/access_tokens";
    auto answer = co_await rest->request("POST", path);
    if (!answer) co_return make_error(who() + ": " + answer.message() + hint(answer.message()));
    auto doc = parse_json(answer->body);
    if (!doc) co_return make_error(who() + ": the access token answer is not JSON: " + doc.message());
    auto t = string_member(**doc, "token");
    auto e = string_member(**doc, "expires_at");
    if (!t || t->empty()) co_return make_error(who() + ": the access token answer has no string \"token\"");
    std::optional<wall_clock::time_point> expires;
    if (e) expires = util::parse_iso8601(*e);
    if (!expires) co_return make_error(who() + ": the access token answer has no ISO-8601 \"expires_at\"");
    const auto at = now();
    const auto life = std::chrono::duration_cast<seconds>(*expires - at);
    const seconds margin = std::min<seconds>(options.refresh_before, std::max(life, seconds(0)) / 4);
    token = std::string(*t);
    expires_at = *expires;
    permissions.clear();
    if (const auto* p = find_member(**doc, "permissions"); p != nullptr && p->IsObject()) {
      for (const auto& m : p->GetObject()) {
        if (m.value.IsString()) permissions.emplace(m.name.GetString(), m.value.GetString());
      }
    }
    refresh_at = *expires - margin;
    spdlog::info("github: {}: new installation token, valid until {}", who(), util::to_iso8601(expires_at));
    co_return result<void>{};
  }
};

app_auth::app_auth(std::unique_ptr<state> s) : state_(std::move(s)) {}

app_auth::~app_auth() = default;

result<std::shared_ptr<app_auth>> app_auth::create(app_key key, app_auth_options options) {
  if (options.app_id <= 0) return make_error("GitHub App: app_id must be a positive number");
  auto s = std::make_unique<state>(state{std::move(key), std::move(options)});
  s->installation_id = s->options.installation_id;
  return std::shared_ptr<app_auth>(new app_auth(std::move(s)));
}

asio::awaitable<result<std::string>> app_auth::token(std::string rejected) {
  auto self = shared_from_this();  // alive until the exchange is over, whoever holds the provider
  state& s = *state_;
  if (!s.gate) s.start(co_await asio::this_coro::executor);
  auto turn = co_await s.gate->enter();
  const bool refused = !rejected.empty() && rejected == s.token;
  if (!s.token.empty() && !refused && s.now() < s.refresh_at) co_return s.token;
  if (refused) s.token.clear();
  if (!s.installation_id) {
    auto id = co_await s.discover();
    if (!id) co_return make_error(id.message());
    s.installation_id = *id;
  }
  auto fetched = co_await s.fetch();
  if (!fetched) co_return make_error(fetched.message());
  co_return s.token;
}

token_provider app_auth::provider() {
  return [self = shared_from_this()](std::string rejected) { return self->token(std::move(rejected)); };
}

std::string app_auth::describe() const { return state_->who(); }

const std::map<std::string, std::string>& app_auth::permissions() const { return state_->permissions; }

token_provider app_token_provider(std::string_view private_key_pem, app_auth_options options) {
  const std::string who = "GitHub App " + std::to_string(options.app_id);
  auto key = app_key::from_pem(private_key_pem);
  result<std::shared_ptr<app_auth>> auth = key ? app_auth::create(std::move(key.value()), std::move(options))
                                               : result<std::shared_ptr<app_auth>>(make_error(who + ": " + key.message()));
  if (auth) return auth.value()->provider();
  return [message = auth.message()](std::string) -> asio::awaitable<result<std::string>> { co_return make_error(message); };
}

}  // namespace roadmapd::github

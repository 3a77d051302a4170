// GitHub App authentication: an RS256 JWT signed with the App's private key is exchanged for an
// installation token (REST), which is cached and replaced before it expires or after a 401. The key,
// the JWTs and the tokens never reach a log line or an error message; failures return result.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "github/graphql_client.hpp"  // client_options, token_provider
#include "github/rate_limiter.hpp"    // wall_clock
#include "util/result.hpp"

struct evp_pkey_st;

namespace roadmapd::github {

// An App's RSA private key, parsed once.
class app_key {
 public:
  // From PEM text (PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY"). The error names what is wrong,
  // never the text; an encrypted key is refused rather than prompting for a passphrase.
  static result<app_key> from_pem(std::string_view pem);

  // The JWT GitHub wants for App endpoints: header {"alg":"RS256","typ":"JWT"}, claims iat = now - 60 s
  // (GitHub's clock may lag), exp = now + 9 min (GitHub refuses more than 10 min), iss = app_id;
  // base64url without padding. Throws std::runtime_error if OpenSSL cannot sign (broken infrastructure).
  std::string sign_jwt(long long app_id, wall_clock::time_point now) const;

 private:
  std::shared_ptr<evp_pkey_st> key_;
};

// RFC 4648 section 5, without '=' padding.
std::string base64url(std::string_view bytes);

struct app_auth_options {
  long long app_id = 0;
  std::optional<long long> installation_id;  // absent: found from installation_owner
  std::string installation_owner;            // organization or user whose installation to use
  std::string api_url;                       // the REST root (config::github_settings::api_url)
  client_options client;                     // CA, user agent, timeouts, retries; its token is unused
  // A token is replaced this long before it expires, or after three quarters of its life if it lasts
  // less than four times this (tests shorten lifetimes to seconds).
  std::chrono::seconds refresh_before{300};
  // What time the cache thinks it is (tests move it; default wall_clock::now). JWTs always carry the
  // real time, which is what GitHub checks them against.
  std::function<wall_clock::time_point()> clock;
};

class app_auth : public std::enable_shared_from_this<app_auth> {
 public:
  // Nothing is sent until the first token(), which also picks the executor to run on.
  static result<std::shared_ptr<app_auth>> create(app_key key, app_auth_options options);
  ~app_auth();
  app_auth(const app_auth&) = delete;
  app_auth& operator=(const app_auth&) = delete;

  // The installation token to send: the cached one while it is fresh, else a new one. `rejected` is a
  // token GitHub answered 401 to ("" for none): if it is still the cached one, a new one is fetched.
  // Runs on the caller's executor; concurrent callers share one exchange. Errors read
  // "GitHub App 1234: installation 5678: ..." and name GitHub's answer.
  boost::asio::awaitable<result<std::string>> token(std::string rejected = {});

  // token() as a client_options::token_source; keeps this object alive.
  token_provider provider();

  // "GitHub App 1234", plus ": installation 5678" once it is known.
  std::string describe() const;

  // What the installation may do, as GitHub said with the last token ({"issues": "write",
  // "organization_projects": "read", ...}); empty before the first token().
  const std::map<std::string, std::string>& permissions() const;

 private:
  struct state;
  explicit app_auth(std::unique_ptr<state> s);
  std::unique_ptr<state> state_;
};

// app_auth::create(...)->provider() from PEM text, for code that builds client options: no executor is
// needed (the first token() call runs on its caller's). A key that does not parse makes every call
// fail with the reason, prefixed "GitHub App 1234: ".
token_provider app_token_provider(std::string_view private_key_pem, app_auth_options options);

}  // namespace roadmapd::github

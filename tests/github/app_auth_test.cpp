// GitHub App authentication: the JWT's structure, claims and RS256 signature (checked with the public
// key), key parsing, and app_auth against the fake GitHub (token cache, refresh before expiry, one
// retry after a 401, installation look-up, errors that name the cause and never a secret).
#include "github/app_auth.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "fake_github.hpp"
#include "github/graphql_client.hpp"
#include "github/json.hpp"
#include "github/rest_client.hpp"
#include "http_call.hpp"
#include "temp_dir.hpp"
#include "test_server.hpp"
#include "util/time.hpp"

namespace roadmapd::github {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::int64_t app_id = 4242;
constexpr std::int64_t installation_id = 777001;

// A key pair made for this run (no private key is committed), as PEM text.
struct key_pair {
  std::string private_pem;  // PKCS#1 "RSA PRIVATE KEY", like the file GitHub hands out
  std::string public_pem;
};

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

key_pair make_rsa_key() {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), &EVP_PKEY_free);
  if (!key) throw std::runtime_error("EVP_RSA_gen failed");
  std::unique_ptr<BIO, decltype(&BIO_free)> priv(BIO_new(BIO_s_mem()), &BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> pub(BIO_new(BIO_s_mem()), &BIO_free);
  if (PEM_write_bio_PrivateKey_traditional(priv.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
      PEM_write_bio_PUBKEY(pub.get(), key.get()) != 1) {
    throw std::runtime_error("cannot write the test key");
  }
  return {bio_text(priv.get()), bio_text(pub.get())};
}

const key_pair& test_key() {
  static const key_pair k = make_rsa_key();
  return k;
}

// An independent decoder, so that a bug in base64url() cannot hide itself.
std::string from_base64url(std::string_view in) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    auto pos = alphabet.find(c);
    if (pos == std::string::npos) throw std::runtime_error("not base64url: " + std::string(in));
    buffer = (buffer << 6) | static_cast<unsigned>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

std::vector<std::string> split(const std::string& jwt) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (auto dot = jwt.find('.'); dot != std::string::npos; dot = jwt.find('.', start)) {
    parts.push_back(jwt.substr(start, dot - start));
    start = dot + 1;
  }
  parts.push_back(jwt.substr(start));
  return parts;
}

bool verifies(const std::string& public_pem, const std::string& signing_input, const std::string& signature) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())),
                                                &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
                                                          &EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!key || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) {
    throw std::runtime_error("cannot set up verification");
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size()) == 1;
}

TEST(app_key_test, jwt_is_rs256_with_github_claims_and_verifies_with_the_public_key) {
  auto key = app_key::from_pem(test_key().private_pem);
  ASSERT_TRUE(key) << key.message();
  const auto now = *util::parse_iso8601("2026-05-01T12:00:00Z");
  const long long t = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::string jwt = key->sign_jwt(1234, now);

  auto parts = split(jwt);
  ASSERT_EQ(parts.size(), 3u) << jwt;
  for (const auto& p : parts) EXPECT_EQ(p.find_first_of("+/="), std::string::npos) << "not base64url without padding";
  auto header = parse_json(from_base64url(parts[0]));
  ASSERT_TRUE(header);
  EXPECT_EQ(string_member(**header, "alg"), "RS256");
  EXPECT_EQ(string_member(**header, "typ"), "JWT");
  auto claims = parse_json(from_base64url(parts[1]));
  ASSERT_TRUE(claims);
  const auto iat = integer_member(**claims, "iat");
  const auto exp = integer_member(**claims, "exp");
  ASSERT_TRUE(iat && exp);
  EXPECT_EQ(*iat, t - 60);  // GitHub's clock may be behind
  EXPECT_GT(*exp, t);
  EXPECT_LT(*exp - t, 600) << "GitHub refuses an expiry more than 10 minutes ahead";
  EXPECT_LE(*exp - *iat, 600) << "GitHub refuses a JWT that lasts more than 10 minutes";
  EXPECT_EQ(integer_member(**claims, "iss"), 1234);

  const std::string signature = from_base64url(parts[2]);
  EXPECT_EQ(signature.size(), 256u);  // a 2048-bit RSA signature
  EXPECT_TRUE(verifies(test_key().public_pem, parts[0] + "." + parts[1], signature));
  // The signature covers the claims: another issuer with the same signature does not verify.
  const std::string forged = base64url(R"({"iat":1,"exp":2,"iss":9})");
  EXPECT_FALSE(verifies(test_key().public_pem, parts[0] + "." + forged, signature));
  EXPECT_FALSE(verifies(make_rsa_key().public_pem, parts[0] + "." + parts[1], signature));
}

TEST(app_key_test, base64url_follows_rfc_4648_without_padding) {
  EXPECT_EQ(base64url(""), "");
  EXPECT_EQ(base64url("f"), "Zg");
  EXPECT_EQ(base64url("fo"), "Zm8");
  EXPECT_EQ(base64url("foo"), "Zm9v");
  EXPECT_EQ(base64url("foob"), "Zm9vYg");
  EXPECT_EQ(base64url("\xfb\xff\xbf"), "-_-_");
}

TEST(app_key_test, keys_that_cannot_sign_are_refused_without_echoing_them) {
  auto garbage = app_key::from_pem("-----BEGIN RSA PRIVATE KEY-----\nbm90IGEga2V5\n-----END RSA PRIVATE KEY-----\n");
  ASSERT_FALSE(garbage);
  EXPECT_THAT(garbage.message(), HasSubstr("not a usable private key"));
  EXPECT_THAT(garbage.message(), Not(HasSubstr("bm90IGEga2V5")));

  // Encrypted: refused instead of prompting for a passphrase.
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> rsa(EVP_RSA_gen(2048), &EVP_PKEY_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  char pass[] = "secret-passphrase";
  ASSERT_EQ(PEM_write_bio_PrivateKey(bio.get(), rsa.get(), EVP_aes_256_cbc(), nullptr, 0, nullptr, pass), 1);
  auto encrypted = app_key::from_pem(bio_text(bio.get()));
  ASSERT_FALSE(encrypted);
  EXPECT_THAT(encrypted.message(), HasSubstr("unencrypted"));

  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> ec(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> ec_bio(BIO_new(BIO_s_mem()), &BIO_free);
  ASSERT_EQ(PEM_write_bio_PrivateKey(ec_bio.get(), ec.get(), nullptr, nullptr, 0, nullptr, nullptr), 1);
  auto not_rsa = app_key::from_pem(bio_text(ec_bio.get()));
  ASSERT_FALSE(not_rsa);
  EXPECT_THAT(not_rsa.message(), HasSubstr("not an RSA key"));
}

// The clients ask a token_source before each attempt and once more, with the refused token, after a 401.
TEST(token_source_test, graphql_and_rest_clients_retry_a_401_once_with_a_fresh_token) {
  const std::string ok_body = R"({"data":{"viewer":{"login":"roadmapd-app[bot]"}}})";
  const std::string bad_credentials = R"({"message":"Bad credentials"})";
  test::test_server server(test::script({{401, {}, bad_credentials}, {200, {}, ok_body}, {401, {}, bad_credentials},
                                         {200, {}, "[]"}}));
  std::vector<std::string> asked;  // what the source was called with
  int issued = 0;
  auto source = [&](std::string rejected) -> boost::asio::awaitable<result<std::string>> {
    asked.push_back(rejected);
    if (rejected.empty() && issued > 0) co_return "token-" + std::to_string(issued);
    co_return "token-" + std::to_string(++issued);
  };
  boost::asio::io_context io;
  auto o = test::quick_client_options(server.url(), "");
  o.token_source = source;
  graphql_client gql(io.get_executor(), o);
  auto answer = test::run_until_done(io, gql.execute("query { viewer { login } }"));
  ASSERT_TRUE(answer) << answer.message();

  rest_client rest(io.get_executor(), {server.url(), o});
  auto listed = test::run_until_done(io, rest.request("GET", "/orgs/apache/hooks/1/deliveries"));
  ASSERT_TRUE(listed) << listed.message();

  EXPECT_EQ(asked, (std::vector<std::string>{"", "token-1", "", "token-2"}));
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].header("Authorization"), "bearer token-1");
  EXPECT_EQ(requests[1].header("Authorization"), "bearer token-2");
  EXPECT_EQ(requests[2].header("Authorization"), "bearer token-2");
  EXPECT_EQ(requests[3].header("Authorization"), "bearer token-3");
}

TEST(token_source_test, a_second_401_is_final_and_a_fixed_token_gets_no_retry) {
  const std::string bad_credentials = R"({"message":"Bad credentials"})";
  test::test_server server(test::script({{401, {}, bad_credentials}}));
  boost::asio::io_context io;
  auto o = test::quick_client_options(server.url(), "");
  o.token_source = [](std::string rejected) -> boost::asio::awaitable<result<std::string>> {
    co_return rejected.empty() ? "first" : "second";
  };
  graphql_client provided(io.get_executor(), o);
  auto refused = test::run_until_done(io, provided.execute("query { viewer { login } }"));
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.message(), HasSubstr("401 Bad credentials"));
  EXPECT_THAT(refused.message(), HasSubstr("also after a fresh token was fetched"));
  EXPECT_THAT(refused.message(), Not(HasSubstr("first")));
  EXPECT_EQ(server.requests().size(), 2u);

  graphql_client fixed(io.get_executor(), test::quick_client_options(server.url(), "fixed-token"));
  auto once = test::run_until_done(io, fixed.execute("query { viewer { login } }"));
  ASSERT_FALSE(once);
  EXPECT_THAT(once.message(), HasSubstr("check github.token_file"));
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(token_source_test, a_source_error_ends_the_request_with_that_error) {
  test::test_server server(test::script({{200, {}, R"({"data":{}})"}}));
  boost::asio::io_context io;
  auto o = test::quick_client_options(server.url(), "");
  o.token_source = [](std::string) -> boost::asio::awaitable<result<std::string>> {
    co_return make_error("GitHub App 1: installation 2: GitHub answered 404: Not Found");
  };
  graphql_client client(io.get_executor(), o);
  auto r = test::run_until_done(io, client.execute("query { viewer { login } }"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.message(), "GitHub App 1: installation 2: GitHub answered 404: Not Found");
  EXPECT_TRUE(server.requests().empty());
}

// app_auth against the fake GitHub, which verifies each JWT with the App's public key.
class app_auth_fake_test : public ::testing::Test {
 protected:
  app_auth_fake_test()
      : fake_(dir_, {test::write_state_with_app(dir_, app_id, test_key().public_pem,
                                                {{installation_id, "apache"}, {installation_id + 1, "denise-k"}},
                                                "app-state.json"),
                     true, "server"}) {}

  app_auth_options options() {
    app_auth_options o;
    o.app_id = app_id;
    o.installation_id = installation_id;
    o.api_url = fake_.api_url();
    o.client = quick_options();
    o.clock = [this] { return wall_clock::now() + clock_offset_; };
    return o;
  }

  client_options quick_options() const {
    auto o = test::quick_client_options(fake_.api_url(), "");
    o.ca_file = fake_.ca_file();
    o.request_timeout = 5s;
    return o;
  }

  std::shared_ptr<app_auth> make(app_auth_options o, const std::string& pem = test_key().private_pem) {
    auto key = app_key::from_pem(pem);
    if (!key) throw std::runtime_error(key.message());
    auto auth = app_auth::create(std::move(key.value()), std::move(o));
    if (!auth) throw std::runtime_error(auth.message());
    return auth.value();
  }

  result<std::string> viewer(const std::shared_ptr<app_auth>& auth) {
    auto o = quick_options();
    o.graphql_url = fake_.api_url() + "/graphql";
    o.token_source = auth->provider();
    graphql_client client(io_.get_executor(), o);
    auto r = test::run_until_done(io_, client.execute("query { viewer { login } }"));
    if (!r) return make_error(r.message());
    return std::string(string_member(*find_member(*r->data, "viewer"), "login").value_or(""));
  }

  // "METHOD path status" of each request the fake saw, in order.
  std::vector<std::string> log() const {
    std::vector<std::string> out;
    auto reqs = fake_.requests();
    for (const auto& r : reqs.GetArray()) {
      out.push_back(std::string(r["method"].GetString()) + " " + r["path"].GetString() + " " +
                    (r["status"].IsInt() ? std::to_string(r["status"].GetInt()) : "-"));
    }
    return out;
  }

  void control(std::string_view body) const {
    auto r = test::http_call("POST", fake_.control_url() + "/apps", body);
    if (r.status != 200) throw std::runtime_error("POST /apps: " + r.body);
  }

  // Every JWT and installation token the fake has seen or issued.
  std::vector<std::string> secrets() const {
    auto view = test::parse_json(test::http_call("GET", fake_.control_url() + "/apps").body);
    std::vector<std::string> out;
    for (const auto& j : view["jwts"].GetArray()) out.emplace_back(j.GetString());
    for (const auto& t : view["tokens"].GetArray()) out.emplace_back(t["token"].GetString());
    return out;
  }

  std::chrono::seconds clock_offset_{0};
  test::temp_dir dir_;
  test::fake_github fake_;
  boost::asio::io_context io_;
};

TEST_F(app_auth_fake_test, the_installation_token_is_fetched_once_and_reads_as_the_bot) {
  auto auth = make(options());
  EXPECT_EQ(viewer(auth).value(), "roadmapd-app[bot]");
  EXPECT_EQ(viewer(auth).value(), "roadmapd-app[bot]");
  EXPECT_EQ(log(), (std::vector<std::string>{"POST /app/installations/777001/access_tokens 201", "POST /graphql 200",
                                             "POST /graphql 200"}));
}

TEST_F(app_auth_fake_test, a_token_is_replaced_five_minutes_before_it_expires) {
  auto auth = make(options());
  auto first = test::run_until_done(io_, auth->token());
  ASSERT_TRUE(first) << first.message();
  clock_offset_ = 3600s - 310s;  // the fake's tokens last an hour
  EXPECT_EQ(test::run_until_done(io_, auth->token()).value(), *first);
  clock_offset_ = 3600s - 290s;
  auto second = test::run_until_done(io_, auth->token());
  ASSERT_TRUE(second) << second.message();
  EXPECT_NE(*second, *first);
  EXPECT_EQ(log().size(), 2u);
}

TEST_F(app_auth_fake_test, a_revoked_token_gets_one_retry_with_a_fresh_token) {
  auto auth = make(options());
  ASSERT_TRUE(viewer(auth));
  control(R"({"revoke":true})");
  fake_.clear_requests();
  auto r = viewer(auth);
  ASSERT_TRUE(r) << r.message();
  EXPECT_EQ(log(), (std::vector<std::string>{"POST /graphql 401", "POST /app/installations/777001/access_tokens 201",
                                             "POST /graphql 200"}));
}

TEST_F(app_auth_fake_test, concurrent_requests_share_one_token_exchange) {
  auto auth = make(options());
  auto o = quick_options();
  o.graphql_url = fake_.api_url() + "/graphql";
  o.token_source = auth->provider();
  graphql_client a(io_.get_executor(), o), b(io_.get_executor(), o);
  int done = 0;
  for (graphql_client* c : {&a, &b}) {
    boost::asio::co_spawn(
        io_, [c, &done]() -> boost::asio::awaitable<void> {
          auto r = co_await c->execute("query { viewer { login } }");
          EXPECT_TRUE(r) << r.message();
          ++done;
        },
        [](std::exception_ptr e) {
          if (e) std::rethrow_exception(e);
        });
  }
  io_.run();
  EXPECT_EQ(done, 2);
  auto entries = log();
  EXPECT_EQ(std::count(entries.begin(), entries.end(), "POST /app/installations/777001/access_tokens 201"), 1);
}

TEST_F(app_auth_fake_test, the_installation_is_found_by_owner_organization_or_user) {
  auto o = options();
  o.installation_id.reset();
  o.installation_owner = "apache";
  EXPECT_TRUE(viewer(make(o)));
  o.installation_owner = "denise-k";
  EXPECT_TRUE(viewer(make(o)));
  EXPECT_EQ(log(), (std::vector<std::string>{
                       "GET /orgs/apache/installation 200", "POST /app/installations/777001/access_tokens 201",
                       "POST /graphql 200", "GET /orgs/denise-k/installation 404", "GET /users/denise-k/installation 200",
                       "POST /app/installations/777002/access_tokens 201", "POST /graphql 200"}));
  o.installation_owner = "tqchen";
  auto none = viewer(make(o));
  ASSERT_FALSE(none);
  EXPECT_THAT(none.message(), HasSubstr("GitHub App 4242: not installed on \"tqchen\""));
  EXPECT_THAT(none.message(), HasSubstr("set github.installation_id"));
}

TEST_F(app_auth_fake_test, failures_name_the_app_the_installation_and_github_answer_but_no_secret) {
  auto o = options();
  o.installation_id = 5;
  auto unknown = viewer(make(o));
  ASSERT_FALSE(unknown);
  EXPECT_THAT(unknown.message(), HasSubstr("GitHub App 4242: installation 5: GitHub answered 404: Not Found"));

  auto wrong_key = viewer(make(options(), make_rsa_key().private_pem));
  ASSERT_FALSE(wrong_key);
  EXPECT_THAT(wrong_key.message(), HasSubstr("GitHub App 4242: installation 777001: GitHub rejected the token (401 "
                                             "A JSON web token could not be decoded)"));
  EXPECT_THAT(wrong_key.message(), HasSubstr("check that github.private_key_file is a key of App 4242"));

  o = options();
  o.app_id = 99;
  auto unknown_app = viewer(make(o));
  ASSERT_FALSE(unknown_app);
  EXPECT_THAT(unknown_app.message(), HasSubstr("GitHub App 99: installation 777001: GitHub answered 404: Integration not found"));

  const auto all = secrets();
  ASSERT_FALSE(all.empty());
  for (const auto& message : {unknown.message(), wrong_key.message(), unknown_app.message()}) {
    for (const auto& secret : all) EXPECT_THAT(message, Not(HasSubstr(secret)));
    EXPECT_THAT(message, Not(HasSubstr("PRIVATE KEY")));
  }
}

}  // namespace
}  // namespace roadmapd::github

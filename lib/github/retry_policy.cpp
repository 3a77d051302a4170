// GitHub's retry rules (GITHUB-NOTES.md): retry 5xx, timeouts and "Something went wrong"; wait out
// secondary limits; never retry 400, 401, 403 (unless a rate limit), 404, 410, 422, 451.
#include "github/retry_policy.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "github/json.hpp"

namespace roadmapd::github {
namespace {

constexpr std::string_view something_went_wrong = "Something went wrong while executing your query";

std::optional<long> header_number(const net::http_response& r, std::string_view name) {
  auto v = r.header(name);
  if (!v) return std::nullopt;
  long n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc{} || end != v->data() + v->size()) return std::nullopt;
  return n;
}

bool contains_nocase(std::string_view hay, std::string_view needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
  return it != hay.end();
}

// GitHub's REST-style error body {"message": ...}; else a short excerpt of whatever came.
std::string github_message(const net::http_response& r, const result<std::shared_ptr<rapidjson::Document>>& body) {
  if (body) {
    if (auto m = string_member(**body, "message")) return std::string(*m);
    auto errors = read_graphql_errors(**body);
    if (!errors.empty()) return errors.front().message;
  }
  std::string excerpt = r.body.substr(0, 200);
  std::replace_if(excerpt.begin(), excerpt.end(), [](unsigned char c) { return c < 0x20; }, ' ');
  return excerpt.empty() ? "(empty body)" : excerpt;
}

std::string list_errors(const std::vector<graphql_error>& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += "; ";
    out += e.message.empty() ? "(no message)" : e.message;
    if (!e.path.empty()) out += " (at " + e.path + ")";
  }
  return out;
}

}  // namespace

std::vector<graphql_error> read_graphql_errors(const rapidjson::Value& answer) {
  std::vector<graphql_error> out;
  const auto* errors = find_member(answer, "errors");
  if (errors == nullptr || !errors->IsArray()) return out;
  for (const auto& e : errors->GetArray()) {
    graphql_error g;
    if (auto t = string_member(e, "type")) {
      g.type = *t;
    } else if (const auto* ext = find_member(e, "extensions")) {
      if (auto c = string_member(*ext, "type")) g.type = *c;
      else if (auto c2 = string_member(*ext, "code")) g.type = *c2;
    }
    if (auto m = string_member(e, "message")) g.message = *m;
    if (const auto* path = find_member(e, "path"); path != nullptr && path->IsArray()) {
      for (const auto& p : path->GetArray()) {
        if (!g.path.empty()) g.path += '.';
        if (p.IsString()) g.path.append(p.GetString(), p.GetStringLength());
        else if (p.IsInt64()) g.path += std::to_string(p.GetInt64());
      }
    }
    out.push_back(std::move(g));
  }
  return out;
}

limit_hint read_limit_headers(const net::http_response& r) {
  limit_hint h;
  if (auto s = header_number(r, "retry-after"); s && *s >= 0) h.retry_after = std::chrono::seconds(*s);
  if (auto rem = header_number(r, "x-ratelimit-remaining")) h.budget_exhausted = *rem <= 0;
  if (auto reset = header_number(r, "x-ratelimit-reset")) h.reset_at = wall_clock::time_point(std::chrono::seconds(*reset));
  return h;
}

decision classify(const net::http_response& r, const result<std::shared_ptr<rapidjson::Document>>& body) {
  const int status = r.status;
  if (status == 401) {
    return {verdict::fatal, "GitHub rejected the token (401 " + github_message(r, body) + "): check github.token_file"};
  }
  if (status == 403 || status == 429) {
    limit_hint hint = read_limit_headers(r);
    std::string message = github_message(r, body);
    if (status == 429 || hint.retry_after || hint.budget_exhausted || contains_nocase(message, "rate limit")) {
      return {verdict::secondary_limit, "GitHub rate limit (" + std::to_string(status) + "): " + message, hint};
    }
    return {verdict::fatal, "GitHub refused the request (403): " + message};
  }
  if (status >= 500) {
    return {verdict::retry, "GitHub answered " + std::to_string(status) + ": " + github_message(r, body)};
  }
  if (status < 200 || status >= 300) {
    return {verdict::fatal, "GitHub answered " + std::to_string(status) + ": " + github_message(r, body)};
  }

  if (!body) return {verdict::retry, "GitHub sent a malformed answer: " + body.message()};
  const rapidjson::Document& doc = **body;
  if (!doc.IsObject()) return {verdict::retry, "GitHub sent a malformed answer: not a JSON object"};
  auto errors = read_graphql_errors(doc);
  const auto* data = find_member(doc, "data");
  bool has_data = data != nullptr && data->IsObject();
  for (const auto& e : errors) {
    if (e.type == "RATE_LIMITED") {
      return {verdict::secondary_limit, "GitHub rate limit (RATE_LIMITED): " + e.message, read_limit_headers(r)};
    }
  }
  for (const auto& e : errors) {
    if (std::string_view(e.message).starts_with(something_went_wrong)) {
      return {verdict::retry, "GitHub failed to run the query: " + e.message};
    }
  }
  if (has_data) return {verdict::ok, {}};
  if (!errors.empty()) return {verdict::fatal, "GitHub rejected the query: " + list_errors(errors)};
  return {verdict::retry, "GitHub sent a malformed answer: neither data nor errors"};
}

std::chrono::milliseconds backoff(int attempt, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                  std::mt19937_64& rng) {
  int doublings = std::clamp(attempt - 1, 0, 30);
  long long ceiling = std::min<long long>(cap.count(), base.count() * (1LL << doublings));
  std::uniform_int_distribution<long long> pick(0, std::max(0LL, ceiling));
  return std::chrono::milliseconds(pick(rng));
}

}  // namespace roadmapd::github

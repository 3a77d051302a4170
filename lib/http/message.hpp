// The plain request and response a handler sees: no sockets, no Beast types, so request logic (the
// webhook intake, health checks) is tested without a server and compiles without Beast headers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace roadmapd::http {

using header_list = std::vector<std::pair<std::string, std::string>>;

struct request {
  std::string method;          // as sent: "GET", "POST"
  std::string target;          // path and query as sent
  header_list headers;         // in arrival order, names as sent
  std::string body;            // the raw bytes as received (de-chunked), never re-serialised
  std::string remote_address;  // "127.0.0.1:54321"; empty when unknown (tests)

  // The first header with this name, compared case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const;
  // The target without its query string.
  std::string_view path() const;
};

struct response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  header_list headers;  // extra headers; Content-Type, Content-Length and Connection are set by the server

  // A short plain-text answer; a newline is appended so that curl output reads well.
  static response text(int status, std::string_view message);
};

bool iequals(std::string_view a, std::string_view b);

}  // namespace roadmapd::http

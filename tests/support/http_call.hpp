// A minimal blocking HTTP/1.0 client for plain-HTTP loopback endpoints in tests (the fake GitHub's
// control API). Deliberately independent of the daemon's own client, so a bug there cannot hide here.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace roadmapd::test {

struct http_reply {
  int status = 0;
  std::string headers;
  std::string body;
};

// url: "http://127.0.0.1:PORT/path". Throws on connection failure.
using header_pairs = std::vector<std::pair<std::string, std::string>>;
http_reply http_call(std::string_view method, std::string_view url, std::string_view body = {},
                     std::string_view content_type = "application/json", const header_pairs& headers = {});

}  // namespace roadmapd::test

// The address a server listens on, as written in the config: "HOST:PORT", "[IPv6]:PORT".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace roadmapd::config {

struct listen_address {
  std::string host;        // IPv4 literal, host name, or IPv6 literal without its brackets
  std::uint16_t port = 0;  // 0: any free port
};

// Accepts 127.0.0.1:8080, localhost:8080, [::1]:8080, 0.0.0.0:0. The error quotes the text and
// shows the accepted form.
result<listen_address> parse_listen_address(std::string_view text);

}  // namespace roadmapd::config

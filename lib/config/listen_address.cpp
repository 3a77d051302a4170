// Splits and checks "HOST:PORT" without resolving anything: a host name is resolved when the
// server binds, so a config check does not depend on DNS.
#include "config/listen_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace roadmapd::config {
namespace {

bool is_ipv4(const std::string& s) {
  in_addr a{};
  return ::inet_pton(AF_INET, s.c_str(), &a) == 1;
}

bool is_ipv6(const std::string& s) {
  in6_addr a{};
  return ::inet_pton(AF_INET6, s.c_str(), &a) == 1;
}

bool is_host_name(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '-' || s.front() == '.') return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'; });
}

}  // namespace

result<listen_address> parse_listen_address(std::string_view text) {
  const auto fail = [&](std::string_view why) {
    return make_error("invalid listen address \"" + std::string(text) + "\": " + std::string(why) +
                      " (use HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080)");
  };
  listen_address out;
  std::string_view port_text;
  if (text.starts_with("[")) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return fail("no closing ']' after the IPv6 address");
    out.host = std::string(text.substr(1, close - 1));
    if (!is_ipv6(out.host)) return fail("\"" + out.host + "\" is not an IPv6 address");
    if (close + 1 >= text.size() || text[close + 1] != ':') return fail("missing port");
    port_text = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return fail("missing port");
    out.host = std::string(text.substr(0, colon));
    if (out.host.find(':') != std::string::npos) return fail("an IPv6 address needs brackets");
    if (out.host.empty()) return fail("missing host (0.0.0.0 listens on every interface)");
    const bool numeric = std::all_of(out.host.begin(), out.host.end(),
                                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
    if (numeric ? !is_ipv4(out.host) : !is_host_name(out.host)) {
      return fail("\"" + out.host + "\" is not an IP address or host name");
    }
    port_text = text.substr(colon + 1);
  }
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty()) return fail("missing port");
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
    return fail("port \"" + std::string(port_text) + "\" is not a number from 0 to 65535");
  }
  out.port = static_cast<std::uint16_t>(port);
  return out;
}

}  // namespace roadmapd::config

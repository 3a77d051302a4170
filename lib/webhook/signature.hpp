// GitHub's webhook signature: X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256 of the raw body
// bytes with the hook's secret. Several secrets may be valid at once while one is being rotated.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace roadmapd::webhook {

// True when header_value is "sha256=<64 hex digits>" and matches the HMAC of body under any of the
// secrets, compared in constant time. A malformed header or an empty secret list is no match.
bool signature_matches(std::string_view header_value, std::string_view body, const std::vector<std::string>& secrets);

// "sha256=<lower-case hex>" as GitHub would send it (tests, tools).
std::string sign(std::string_view body, std::string_view secret);

}  // namespace roadmapd::webhook

// Webhook payloads as GitHub shapes them (the fields roadmapd reads), built from the fake GitHub's
// state, for tests that post deliveries to the running daemon.
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace roadmapd::test {

// A JSON string literal for s, quotes included.
std::string json_string(std::string_view s);

// An `issues.edited` payload for an issue of the fake's state (an element of state["issues"] in
// apache/tvm) with a new title and body ("" keeps the fake's body) and GitHub's updated_at.
std::string issue_edited_payload(const rapidjson::Value& issue, std::string_view title, std::string_view updated_at,
                                 std::string_view body = {});

}  // namespace roadmapd::test

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

// An `issues` (or `pull_request`) payload for `action` ("closed", "labeled", ...) carrying the record
// as the fake's state has it now (an element of state["issues"] or state["pull_requests"] of `state`).
std::string issue_event_payload(const rapidjson::Value& state, const rapidjson::Value& record, std::string_view action,
                                bool pull_request);

// A `projects_v2_item` payload for `action` ("edited", "archived", "deleted"): it names the item, its
// board and its content, never their values (roadmapd re-reads them).
std::string project_item_payload(std::string_view action, std::string_view item_id, std::string_view project_id,
                                 std::string_view content_id, std::string_view content_type);

}  // namespace roadmapd::test

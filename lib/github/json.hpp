// Small RapidJSON helpers for GitHub answers: parsing with an error that names the offset, and
// checked member access (a missing member is undefined behaviour with operator[]).
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include <rapidjson/document.h>

#include "util/result.hpp"

namespace roadmapd::github {

// Parses with kParseDefaultFlags. The error reads "invalid JSON at offset 17: Missing a comma ...".
result<std::shared_ptr<rapidjson::Document>> parse_json(std::string_view text);

// The member when v is an object that has it, else nullptr.
const rapidjson::Value* find_member(const rapidjson::Value& v, const char* name);
std::optional<std::string_view> string_member(const rapidjson::Value& v, const char* name);
std::optional<long long> integer_member(const rapidjson::Value& v, const char* name);

}  // namespace roadmapd::github

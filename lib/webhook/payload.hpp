// One delivery's JSON, parsed once and read with paths ("payload.issue.user.login: missing"), plus
// the decoding of the payload shapes several handlers share (issues and pull requests).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "github/model.hpp"
#include "sync/json_reader.hpp"
#include "util/result.hpp"

namespace roadmapd::webhook {

class payload {
 public:
  // `action` as the inbox stored it; when absent the payload's own "action" is used.
  payload(std::string event, std::optional<std::string> action);
  payload(const payload&) = delete;
  payload& operator=(const payload&) = delete;

  // Parses the JSON; an error names the byte offset and what is wrong with it.
  result<void> parse(std::string_view json);

  const std::string& event() const { return event_; }
  const std::string& action() const { return action_; }  // "" when there is none
  // The top-level object; paths start at "payload".
  sync::json_object root() const { return sync::json_object(&doc_, "payload", errors_); }

  // The first decoding problem so far, as a failure reason ("" when none).
  bool failed() const { return errors_.failed(); }
  std::string problem() const { return "malformed payload: " + errors_.first(); }

 private:
  std::string event_;
  std::string action_;
  rapidjson::Document doc_;
  mutable sync::decode_errors errors_;
};

// The repository a payload is about ("owner/name" from repository.full_name), or nullopt when the
// payload has no repository (organization-level events).
std::optional<std::string> repository_of(const payload& p);

// An issue or pull request object as webhooks send it (issue, pull_request), in the shape the sync
// engine reads from GraphQL: upper-case state, MERGED for merged pull requests, html_url as url.
model::issue decode_issue(const sync::json_object& node, const std::string& repo, bool pull_request);

}  // namespace roadmapd::webhook

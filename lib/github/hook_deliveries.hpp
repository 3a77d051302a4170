// GitHub's webhook deliveries (REST "hook deliveries" endpoints): list the recent deliveries of one
// organization or repository hook, pick the ones that failed, ask GitHub to send them again.
// Network calls return result errors that name the hook; parsing and selection are pure.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "github/rest_client.hpp"
#include "util/result.hpp"

namespace roadmapd::github {

struct hook_ref {
  long long id = 0;
  std::string organization;  // set for an organization hook ...
  std::string repository;    // ... or "owner/name" for a repository hook
  std::string path() const;  // "/orgs/apache/hooks/12" or "/repos/apache/tvm/hooks/12"
  std::string describe() const;  // "hook 12 of organization apache", for messages
};

struct hook_delivery {
  long long id = 0;
  std::string guid;          // X-GitHub-Delivery; a redelivery keeps the guid of the original
  std::string delivered_at;  // ISO-8601 as GitHub wrote it
  std::chrono::system_clock::time_point delivered;
  bool redelivery = false;
  std::string status;        // "OK", "Invalid HTTP Response: 503", ...
  int status_code = 0;       // 0 when there was no HTTP answer (timeout, refused connection)
  std::string event;
  std::string action;        // empty when the event has none
  bool succeeded() const { return status_code >= 200 && status_code < 300; }
};

// The JSON array GitHub answers; the error names the JSON path ("[3].delivered_at").
result<std::vector<hook_delivery>> parse_hook_deliveries(std::string_view json);

// The cursor of the rel="next" link in a Link header, if there is a next page.
std::optional<std::string> next_page_cursor(std::string_view link_header);

// The deliveries worth redelivering, oldest first: for each guid with a delivery at or after `since`
// and no successful one among `deliveries` (a redelivery that went through counts), its latest attempt.
std::vector<hook_delivery> failed_deliveries(const std::vector<hook_delivery>& deliveries,
                                             std::chrono::system_clock::time_point since);

// Every delivery of `hook` at or after `since`, newest first, paging 100 at a time and stopping at
// the first page that reaches back before `since` (GitHub lists newest first).
boost::asio::awaitable<result<std::vector<hook_delivery>>> list_hook_deliveries(
    rest_client& client, const hook_ref& hook, std::chrono::system_clock::time_point since);

// Asks GitHub to send delivery `delivery_id` of `hook` again (202 Accepted).
boost::asio::awaitable<result<void>> redeliver(rest_client& client, const hook_ref& hook, long long delivery_id);

}  // namespace roadmapd::github

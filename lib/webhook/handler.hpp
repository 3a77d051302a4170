// The handler contract (after triagebot's handlers/): per event, one function that answers "does this
// delivery concern the mirror?" by decoding what it needs, and a plan that applies it. Handlers are
// listed once, in handlers/registry.cpp.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "github/graphql_client.hpp"
#include "store/database.hpp"
#include "store/mirror.hpp"
#include "util/result.hpp"
#include "webhook/payload.hpp"

namespace roadmapd::webhook {

// What handlers work with; owned by the worker and alive as long as it.
struct context {
  const config::settings& settings;
  github::graphql_client& client;
  store::database& db;
  store::mirror& mirror;
  // Asks for a sync pass soon (the scheduler's request_pass); may be empty.
  std::function<void()> request_pass;
};

// How a handler applies one delivery. Reading from GitHub and writing the mirror are separate so
// that the write and the delivery's "done" commit in one transaction (a crash never applies a
// delivery twice) and no transaction is held open across a network wait.
struct plan {
  // Non-empty: the delivery does not concern the mirror, and why ("repository x/y is not configured").
  std::string ignored;
  // Optional: reads what the payload lacks from GitHub. A failure is transient: retried later.
  std::function<boost::asio::awaitable<result<void>>()> fetch;
  // Applies the change; runs inside the worker's transaction. Returns the ids of the board items
  // whose mirrored data changed (for the rule seam). Throws only on bugs and broken storage.
  std::function<std::vector<std::string>()> write;

  static plan ignore(std::string why) {
    plan p;
    p.ignored = std::move(why);
    return p;
  }
};

// "Does this concern me?": decodes the payload. A malformed payload is an error naming the JSON
// path (the delivery fails at once); otherwise a plan, possibly one that ignores the delivery.
using examine_fn = result<plan> (*)(context& ctx, const payload& p);

struct handler {
  std::string_view event;  // X-GitHub-Event
  examine_fn examine;
};

// The handler for an event, or nullptr when roadmapd does not use the event.
const handler* find_handler(std::string_view event);

}  // namespace roadmapd::webhook

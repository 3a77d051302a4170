// Publishing the report of what changed ([report] publish_issue): built from the mirror for the time
// since the last publication (or publish_every back, the first time) and handed to the enforcer,
// which keeps it as one comment on that issue within the action budget and dry run.
#pragma once

#include <chrono>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "enforce/enforcer.hpp"
#include "store/database.hpp"

namespace roadmapd::daemon {

// Whether a publication is due at `now` ([report] present and publish_every passed since the last).
bool publish_due(store::database& db, const config::settings& s, std::chrono::system_clock::time_point now);

// Builds (on a thread of its own with a read-only connection, so that webhooks are answered
// meanwhile) and publishes; records the time when the comment is in place (sent or unchanged). The
// outcome as the enforcer says it, or "failed" with the reason (no such issue in the mirror, ...).
boost::asio::awaitable<enforce::enforcer::publish_outcome> publish_report(store::database& db, const config::settings& s,
                                                                          enforce::enforcer& e,
                                                                          std::chrono::system_clock::time_point now);

}  // namespace roadmapd::daemon

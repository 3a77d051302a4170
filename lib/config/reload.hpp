// What a config reload (SIGHUP, `systemctl reload`) changes in the running daemon: a pure comparison
// of the running settings with the new file's, so that the daemon applies only what changed and the
// log says exactly what that was. Two things cannot move under a running daemon and keep their old
// values until a restart, with a warning that says so: the database file (every part holds it open)
// and whether [webhook] is there at all (the inbox and its worker are built at start). With socket
// activation the listening address belongs to systemd, so [webhook] listen waits for a restart too;
// the connection cap, timeouts and body limit apply in place on any socket.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace roadmapd::config {

struct reload_plan {
  settings effective;                     // the new file's settings minus what waits for a restart
  std::vector<std::string> changes;       // one line each: "board apache/9 added", "[log] level: info -> debug"
  std::vector<std::string> needs_restart; // one line each, naming the key and why
  std::vector<std::string> listener_changes;  // the line of `changes` that needs a new socket (listen)
  bool github = false;                    // [github]: new client options (endpoint, token, App, limits)
  bool listener = false;                  // a new listening socket: [webhook] listen moved
  bool limits = false;                    // connection cap, timeouts or body size: applied to the running server
  bool webhook_path = false;              // the webhook route moved
  bool webhook_secrets = false;           // secret files or their contents
  bool webhook_retention = false;         // payload_retention / delivery_retention
  bool sync_interval = false;
  bool targets = false;                   // boards or repositories added, removed or edited
  bool log_level = false;

  bool nothing_changed() const { return changes.empty() && needs_restart.empty(); }
};

// Puts the running listening address back into `next`: the socket stays as it is.
void keep_address(webhook_settings& next, const webhook_settings& running);

// `socket_from_systemd`: the webhook socket was passed by systemd (roadmapd.socket).
reload_plan plan_reload(const settings& running, settings next, bool socket_from_systemd);

}  // namespace roadmapd::config

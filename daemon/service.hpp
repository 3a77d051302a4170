// The running daemon: the mirror, the GitHub client, the sync engine and its scheduler, and, when
// [webhook] is configured, the HTTP endpoint (webhook, health, metrics), the inbox and its worker.
// Built in dependency order on one io_context; run() returns when SIGTERM or SIGINT arrives.
#pragma once

#include <memory>

#include "config/config.hpp"
#include "store/database.hpp"

namespace roadmapd::daemon {

class service {
 public:
  service(config::settings settings, store::database db);
  ~service();

  // Runs until a signal stops it; returns the process exit code.
  int run();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace roadmapd::daemon

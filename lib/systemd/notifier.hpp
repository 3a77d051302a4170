// Tells the service manager how the daemon is doing (sd_notify): ready, status lines, reloading,
// stopping and watchdog keep-alives. Without NOTIFY_SOCKET (not started by systemd, or not
// Type=notify) every call does nothing. A failed send is logged once and otherwise ignored.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace roadmapd::systemd {

class notifier {
 public:
  // Reads NOTIFY_SOCKET and WATCHDOG_USEC/WATCHDOG_PID once; keeps them in the environment.
  notifier();

  // True when a service manager listens (NOTIFY_SOCKET is set).
  bool enabled() const { return enabled_; }

  // READY=1, with a STATUS= line when `status` is not empty. Also ends a reload.
  void ready(std::string_view status = {});
  // STATUS=<text>: what `systemctl status` shows under the unit. One line; newlines become spaces.
  void status(std::string_view text);
  // RELOADING=1 with MONOTONIC_USEC= (systemd 253 wants it for Type=notify-reload; 252 ignores
  // it). Follow with ready() once the new configuration is applied or refused.
  void reloading(std::string_view status = {});
  // STOPPING=1: the daemon is shutting down on purpose.
  void stopping(std::string_view status = {});
  // WATCHDOG=1: the event loop is alive.
  void watchdog();

  // The service's WatchdogSec= (sd_watchdog_enabled); nullopt when no watchdog is expected of this
  // process.
  std::optional<std::chrono::microseconds> watchdog_interval() const { return watchdog_interval_; }

 private:
  void send(const std::string& state);

  bool enabled_ = false;
  bool warned_ = false;
  std::optional<std::chrono::microseconds> watchdog_interval_;
};

// "STATUS=<text>", the text on one line (what `systemctl status` can show).
std::string status_line(std::string_view text);

}  // namespace roadmapd::systemd

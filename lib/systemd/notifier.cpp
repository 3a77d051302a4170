// notifier (see notifier.hpp) on libsystemd's sd_notify and sd_watchdog_enabled.
#include "systemd/notifier.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

namespace roadmapd::systemd {

namespace {

std::uint64_t monotonic_usec() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000 + static_cast<std::uint64_t>(ts.tv_nsec) / 1'000;
}

std::string with_status(std::string state, std::string_view status) {
  if (!status.empty()) state += "\n" + status_line(status);
  return state;
}

}  // namespace

std::string status_line(std::string_view text) {
  std::string line = "STATUS=";
  line.reserve(line.size() + text.size());
  for (char c : text) line += (c == '\n' || c == '\r') ? ' ' : c;
  return line;
}

notifier::notifier() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  enabled_ = socket && *socket;
  std::uint64_t usec = 0;
  // 0 = keep WATCHDOG_USEC in the environment; > 0 = a watchdog is expected of this very process.
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) watchdog_interval_ = std::chrono::microseconds(usec);
}

void notifier::ready(std::string_view status) { send(with_status("READY=1", status)); }

void notifier::status(std::string_view text) { send(status_line(text)); }

void notifier::reloading(std::string_view status) {
  send(with_status("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_usec()), status));
}

void notifier::stopping(std::string_view status) { send(with_status("STOPPING=1", status)); }

void notifier::watchdog() { send("WATCHDOG=1"); }

void notifier::send(const std::string& state) {
  if (!enabled_) return;
  const int r = sd_notify(0, state.c_str());
  if (r < 0 && !warned_) {
    // systemd will notice the missing messages itself (start timeout, watchdog); say why once.
    warned_ = true;
    spdlog::warn("systemd: cannot notify the service manager through $NOTIFY_SOCKET: {}", std::strerror(-r));
  }
}

}  // namespace roadmapd::systemd

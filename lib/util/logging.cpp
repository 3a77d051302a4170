// Log format and level (see logging.hpp).
#include "util/logging.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace roadmapd::util {
namespace {

std::optional<std::string> level_override;

// "<N>" with the syslog priority of the message's level, as sd-daemon(3) reads it from stderr.
class priority_flag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const char* p = "<6>";
    switch (msg.level) {
      case spdlog::level::trace:
      case spdlog::level::debug: p = "<7>"; break;
      case spdlog::level::info: p = "<6>"; break;
      case spdlog::level::warn: p = "<4>"; break;
      case spdlog::level::err: p = "<3>"; break;
      case spdlog::level::critical: p = "<2>"; break;
      default: break;
    }
    dest.append(p, p + 3);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<priority_flag>(); }
};

}  // namespace

bool is_journal_stream(const char* journal_stream, int fd) {
  if (journal_stream == nullptr) return false;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(journal_stream, "%llu:%llu", &dev, &ino) != 2) return false;
  struct stat st {};
  if (fstat(fd, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == dev && static_cast<unsigned long long>(st.st_ino) == ino;
}

void apply_log_format(spdlog::logger& logger, bool journal) {
  if (journal) {
    auto f = std::make_unique<spdlog::pattern_formatter>();
    f->add_flag<priority_flag>('*').set_pattern("%*%v");
    logger.set_formatter(std::move(f));
  } else {
    logger.set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  }
}

bool is_log_level(std::string_view level) {
  return std::find(log_levels.begin(), log_levels.end(), level) != log_levels.end();
}

void set_log_level_override(std::optional<std::string> level) { level_override = std::move(level); }

void change_log_level(const std::string& level) {
  spdlog::set_level(spdlog::level::from_str(level_override.value_or(level)));
}

void setup_logging(const std::string& level) {
  auto logger = spdlog::get("roadmapd");
  if (!logger) logger = spdlog::stderr_color_mt("roadmapd");
  apply_log_format(*logger, is_journal_stream(std::getenv("JOURNAL_STREAM"), 2));
  spdlog::set_default_logger(logger);
  change_log_level(level);
}

}  // namespace roadmapd::util

// `roadmapd report`: builds the report (lib/report) from the mirror and writes it to stdout or,
// replacing it at once, to a file. A report written to a file is remembered, so the next one's
// default --since is when it was made.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "commands.hpp"
#include "config/config.hpp"
#include "config/duration.hpp"
#include "report/report.hpp"
#include "store/database.hpp"
#include "store/mirror.hpp"
#include "util/time.hpp"

namespace roadmapd::daemon {
namespace {

constexpr const char* last_output_key = "report/last_output_at";

void fail_line(const std::string& message) { std::fprintf(stderr, "roadmapd: %s\n", message.c_str()); }

// An ISO-8601 time, or a duration back from `now` ("30d").
result<std::chrono::system_clock::time_point> parse_time(const std::string& option, const std::string& text,
                                                         std::chrono::system_clock::time_point now) {
  if (auto t = util::parse_iso8601(text)) return *t;
  if (auto d = config::parse_duration(text)) return now - *d;
  return make_error(option + ": \"" + text + "\" is neither a time like 2026-11-20T00:00:00Z nor a duration like 30d");
}

bool write_atomically(const std::filesystem::path& path, const std::string& text) {
  auto temp = path;
  temp += ".partial";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return false;
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  return !ec;
}

}  // namespace

int report(const std::string& file, const report_options& o) {
  auto settings = config::load(file);
  if (!settings) {
    fail_line(settings.message());
    return exit_usage;
  }
  report::request r;
  if (!o.now.empty()) {
    auto now = util::parse_iso8601(o.now);
    if (!now) {
      fail_line("report: --now \"" + o.now + "\" is not a time like 2026-11-20T00:00:00Z");
      return exit_usage;
    }
    r.now = *now;
  }
  if (o.publish) return publish_now(file, r.now);
  if (!o.milestone.empty() || o.release) {
    r.kind = report::kind::release;
  } else if (!o.quarters.empty()) {
    r.kind = report::kind::quarter;
  }
  if (!o.since.empty() && r.kind != report::kind::changes) {
    fail_line("report: --since is for a report of changes; a quarter review and a release roadmap take none");
    return exit_usage;
  }
  r.quarters = o.quarters;
  r.milestone = o.milestone;
  if (!o.board.empty()) r.board = o.board;

  const auto& path = settings->storage.database;
  if (!std::filesystem::exists(path)) {
    fail_line("report: no mirror at " + path.string() + " yet: run roadmapd sync --once --config " + file + " first");
    return exit_runtime;
  }
  auto db = store::database::open(path);
  if (!db) {
    fail_line(db.message());
    return exit_runtime;
  }
  store::mirror mirror(*db);
  if (r.kind == report::kind::changes) {
    std::string since = o.since;
    if (since.empty()) since = mirror.state(last_output_key).value_or("30d");
    auto t = parse_time("report: --since", since, r.now);
    if (!t) {
      fail_line(t.message());
      return exit_usage;
    }
    r.since = *t;
  }
  auto built = report::build(*db, *settings, r);
  if (!built) {
    fail_line("report: " + built.message());
    return exit_usage;
  }
  const auto format = o.format == "html" ? report::format::html : o.format == "json" ? report::format::json
                                                                                     : report::format::markdown;
  const std::string text = report::render(*built, format);
  if (o.output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return exit_ok;
  }
  if (!write_atomically(o.output, text)) {
    fail_line("report: cannot write " + o.output);
    return exit_runtime;
  }
  if (r.kind == report::kind::changes) {
    store::transaction tx(*db);
    mirror.set_state(last_output_key, util::to_iso8601(r.now));
    tx.commit();
  }
  std::fprintf(stderr, "roadmapd: report written to %s\n", o.output.c_str());
  return exit_ok;
}

}  // namespace roadmapd::daemon

// Report publishing (see publish.hpp).
#include "publish.hpp"

#include <spdlog/spdlog.h>

#include "report/report.hpp"
#include "store/mirror.hpp"
#include "util/time.hpp"

namespace roadmapd::daemon {
namespace {

constexpr const char* published_key = "report/published_at";

}  // namespace

bool publish_due(store::database& db, const config::settings& s, std::chrono::system_clock::time_point now) {
  if (!s.report) return false;
  store::mirror mirror(db);
  const auto last = mirror.state(published_key);
  const auto at = last ? util::parse_iso8601(*last) : std::nullopt;
  return !at || now - *at >= s.report->publish_every;
}

boost::asio::awaitable<enforce::enforcer::publish_outcome> publish_report(store::database& db, const config::settings& s,
                                                                          enforce::enforcer& e,
                                                                          std::chrono::system_clock::time_point now) {
  const auto& rep = *s.report;
  const std::string ref = rep.publish_repo + "#" + std::to_string(rep.publish_number);
  auto& issue = db.prepare("SELECT id FROM issues WHERE repo = ?1 AND number = ?2");
  issue.query(rep.publish_repo, rep.publish_number);
  const std::string content_id = issue.step() ? issue.column_text(0) : std::string();
  issue.reset();
  if (content_id.empty()) {
    co_return enforce::enforcer::publish_outcome{"failed", ref + " is not in the mirror (yet): sync first"};
  }
  store::mirror mirror(db);
  report::request r;
  r.now = now;
  r.board = rep.board;
  const auto last = mirror.state(published_key);
  const auto since = last ? util::parse_iso8601(*last) : std::nullopt;
  r.since = since ? *since : now - rep.publish_every;
  auto built = report::build(db, s, r);
  if (!built) co_return enforce::enforcer::publish_outcome{"failed", built.message()};
  auto outcome = co_await e.publish_report(content_id, ref, report::render(*built, report::format::markdown));
  if (outcome.outcome == "sent" || outcome.outcome == "unchanged") {
    store::transaction tx(db);
    mirror.set_state(published_key, util::to_iso8601(now));
    tx.commit();
  }
  spdlog::info("report: publishing to {}: {}{}", ref, outcome.outcome, outcome.detail.empty() ? "" : " (" + outcome.detail + ")");
  co_return outcome;
}

}  // namespace roadmapd::daemon

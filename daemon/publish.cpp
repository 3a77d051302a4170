// Report publishing (see publish.hpp).
#include "publish.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <exception>
#include <memory>
#include <optional>
#include <thread>

#include "report/report.hpp"
#include "store/mirror.hpp"
#include "util/time.hpp"

namespace roadmapd::daemon {
namespace {

constexpr const char* published_key = "report/published_at";

struct markdown_or_error {
  std::string markdown, error;
};

markdown_or_error build_markdown(store::database& db, const config::settings& s, const report::request& r) {
  try {
    auto built = report::build(db, s, r);
    if (!built) return {"", built.message()};
    return {report::render(*built, report::format::markdown), ""};
  } catch (const std::exception& e) {
    return {"", e.what()};
  }
}

// The report as Markdown, made off the event loop. Over a large mirror a report takes most of a second
// (docs/performance.md, section 5), which webhook answers must not wait for: it is judged and
// rendered on a thread of its own with a read-only connection, and its result, posted back to the
// loop, cancels the timer the caller waits on. The thread reads copies only, and what it hands back
// is shared: nothing dangles if the loop ends first.
struct handover {
  explicit handover(const boost::asio::any_io_executor& loop) : done(loop, boost::asio::steady_timer::time_point::max()) {}
  boost::asio::steady_timer done;  // cancelled when `made` is set
  std::optional<markdown_or_error> made;
};

std::shared_ptr<handover> start_report(const boost::asio::any_io_executor& loop, const std::string& path,
                                       const config::settings& s, const report::request& r) {
  auto shared = std::make_shared<handover>(loop);
  std::thread([shared, loop, path, s, r] {
    auto reader = store::database::open_reader(path);
    markdown_or_error made = reader ? build_markdown(*reader, s, r) : markdown_or_error{"", reader.message()};
    boost::asio::post(loop, [shared, made = std::move(made)]() mutable {
      shared->made = std::move(made);
      shared->done.cancel();
    });
  }).detach();
  return shared;
}

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
  // On this connection only when a reader would not see what it sees (a transaction, :memory:).
  markdown_or_error made;
  if (db.readers_see_the_same()) {
    auto shared = start_report(co_await boost::asio::this_coro::executor, db.name(), s, r);
    boost::system::error_code cancelled;
    co_await shared->done.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, cancelled));
    if (!shared->made) co_return enforce::enforcer::publish_outcome{"failed", "stopped before the report was made"};
    made = std::move(*shared->made);
  } else {
    made = build_markdown(db, s, r);
  }
  if (!made.error.empty()) co_return enforce::enforcer::publish_outcome{"failed", made.error};
  auto outcome = co_await e.publish_report(content_id, ref, made.markdown);
  if (outcome.outcome == "sent" || outcome.outcome == "unchanged") {
    store::transaction tx(db);
    mirror.set_state(published_key, util::to_iso8601(now));
    tx.commit();
  }
  spdlog::info("report: publishing to {}: {}{}", ref, outcome.outcome, outcome.detail.empty() ? "" : " (" + outcome.detail + ")");
  co_return outcome;
}

}  // namespace roadmapd::daemon

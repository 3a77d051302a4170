// pass_context::query (see pass_context.hpp).
#include "sync/pass_context.hpp"

#include <spdlog/spdlog.h>

#include "util/time.hpp"

namespace roadmapd::sync {

boost::asio::awaitable<result<github::graphql_response>> pass_context::query(std::string_view document,
                                                                            const variables& vars) {
  auto answer = co_await client.execute(document, vars.json());
  if (!answer) co_return answer;
  if (!answer->data) co_return make_error("GitHub answered without data");
  co_return answer;
}

read_progress::read_progress(const pass_context& ctx, std::string target, std::string unit)
    : ctx_(ctx), target_(std::move(target)), unit_(std::move(unit)), points_at_start_(ctx.client.stats().points),
      started_(std::chrono::steady_clock::now()) {}

void read_progress::page(int written) {
  ++pages_;
  written_ += written;
  if (pages_ % 10 == 0) {
    spdlog::info("{}: {} {} read so far ({} pages)", target_, written_, unit_, pages_);
  } else {
    spdlog::debug("{}: page {}: {} {}", target_, pages_, written, unit_);
  }
}

void read_progress::finish() const {
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_);
  spdlog::info("{}: read {} {} in {} page(s), {} rate-limit points, {} ms", target_, written_, unit_, pages_,
               ctx_.client.stats().points - points_at_start_, took.count());
}

std::string answered_at(const github::graphql_response& answer) {
  return util::to_iso8601(answer.server_time.value_or(std::chrono::system_clock::now()));
}

bool same_second_edits_possible(const std::string& newest, const std::optional<std::string>& read_at) {
  // Both are "YYYY-MM-DDTHH:MM:SSZ", which sort in time order. No read time (a mirror written
  // before roadmapd kept one) counts as possible: one more read settles it.
  return !newest.empty() && (!read_at || read_at->empty() || *read_at <= newest);
}

}  // namespace roadmapd::sync

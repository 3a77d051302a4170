// pass_context::query (see pass_context.hpp).
#include "sync/pass_context.hpp"

#include "util/time.hpp"

namespace roadmapd::sync {

boost::asio::awaitable<result<github::graphql_response>> pass_context::query(std::string_view document,
                                                                            const variables& vars) {
  auto answer = co_await client.execute(document, vars.json());
  if (!answer) co_return answer;
  if (!answer->data) co_return make_error("GitHub answered without data");
  co_return answer;
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

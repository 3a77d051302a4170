// pass_context::query (see pass_context.hpp).
#include "sync/pass_context.hpp"

namespace roadmapd::sync {

boost::asio::awaitable<result<github::graphql_response>> pass_context::query(std::string_view document,
                                                                            const variables& vars) {
  auto answer = co_await client.execute(document, vars.json());
  if (!answer) co_return answer;
  if (!answer->data) co_return make_error("GitHub answered without data");
  co_return answer;
}

}  // namespace roadmapd::sync

// client_options (see client_options.hpp).
#include "client_options.hpp"

namespace roadmapd::daemon {

github::client_options client_options(const config::settings& s) {
  github::client_options o;
  o.graphql_url = s.github.graphql_url;
  o.token = s.github.token;
  o.ca_file = s.github.ca_file;
  o.user_agent = s.github.user_agent;
  o.request_timeout = s.github.request_timeout;
  o.secondary_limit_wait = s.github.secondary_limit_wait;
  o.max_attempts = s.github.max_attempts;
  return o;
}

}  // namespace roadmapd::daemon

// client_options (see client_options.hpp). With [github] app_id the token comes from the App's
// installation (github/app_auth.hpp) instead of token_file.
#include "client_options.hpp"

#include "github/app_auth.hpp"

namespace roadmapd::daemon {

github::client_options client_options(const config::settings& s, std::shared_ptr<github::app_auth>* app_out) {
  github::client_options o;
  o.graphql_url = s.github.graphql_url;
  o.token = s.github.token;
  o.ca_file = s.github.ca_file;
  o.user_agent = s.github.user_agent;
  o.request_timeout = s.github.request_timeout;
  o.secondary_limit_wait = s.github.secondary_limit_wait;
  o.max_attempts = s.github.max_attempts;
  if (s.github.app) {
    const config::github_app_settings& app = *s.github.app;
    github::app_auth_options a;
    a.app_id = app.app_id;
    a.installation_id = app.installation_id;
    a.installation_owner = app.installation_owner;
    a.api_url = s.github.api_url;
    a.client = o;  // the token exchange shares the transport settings, not the caller's observer
    if (app_out != nullptr) {
      auto key = github::app_key::from_pem(app.private_key);
      auto auth = key ? github::app_auth::create(std::move(key.value()), a) : result<std::shared_ptr<github::app_auth>>(key.err());
      if (auth) {
        *app_out = auth.value();
        o.token_source = auth.value()->provider();
        return o;
      }
    }
    o.token_source = github::app_token_provider(app.private_key, std::move(a));
  }
  return o;
}

}  // namespace roadmapd::daemon

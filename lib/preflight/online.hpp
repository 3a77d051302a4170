// check-config --online: asks GitHub whether this configuration can work. The token (or the App's
// installation token) is accepted, it has the scopes (or the installation the permissions) the
// configured features need, and every board and repository is visible. One line per problem; the
// token itself never reaches one.
#pragma once

#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "github/app_auth.hpp"
#include "github/graphql_client.hpp"

namespace roadmapd::preflight {

struct online_report {
  std::vector<std::string> problems;  // each a reason the daemon would fail or fall short
  std::vector<std::string> notes;     // what was checked and found fine ("viewer octocat", ...)
};

// `client` must use the settings' credentials; `app` is the App authentication behind it (nullptr for
// a token), whose installation permissions are read after the first request.
boost::asio::awaitable<online_report> check_online(const config::settings& s, github::graphql_client& client,
                                                   const github::app_auth* app);

}  // namespace roadmapd::preflight

// The GitHub client's options from the configuration, shared by every command that talks to GitHub.
#pragma once

#include "config/config.hpp"
#include "github/graphql_client.hpp"

namespace roadmapd::daemon {

github::client_options client_options(const config::settings& settings);

}  // namespace roadmapd::daemon

// The GitHub client's options from the configuration, shared by every command that talks to GitHub.
#pragma once

#include "config/config.hpp"
#include <memory>

#include "github/app_auth.hpp"
#include "github/graphql_client.hpp"

namespace roadmapd::daemon {

// With a GitHub App, `app` (when given) receives the App authentication behind the options' token
// source, for a caller that wants its installation permissions too (check-config --online).
github::client_options client_options(const config::settings& settings, std::shared_ptr<github::app_auth>* app = nullptr);

}  // namespace roadmapd::daemon

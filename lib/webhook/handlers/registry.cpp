// The one list of handled events. An event missing here is stored and marked ignored ("not used").
#include <array>

#include "webhook/handlers/handlers.hpp"

namespace roadmapd::webhook {

namespace {

constexpr std::array registry{
    handler{"projects_v2_item", handlers::project_item},
    handler{"projects_v2", handlers::project},
    handler{"issues", handlers::issue},
    handler{"pull_request", handlers::pull_request},
    handler{"issue_comment", handlers::issue_comment},
    handler{"label", handlers::label},
    handler{"milestone", handlers::milestone},
    handler{"repository", handlers::repository},
};

}  // namespace

const handler* find_handler(std::string_view event) {
  for (const auto& h : registry) {
    if (h.event == event) return &h;
  }
  return nullptr;
}

}  // namespace roadmapd::webhook

// write_issue, write_tracking (see issue_writer.hpp).
#include "sync/issue_writer.hpp"

#include "markdown/task_list.hpp"

namespace roadmapd::sync {

bool write_issue(store::mirror& mirror, const config::repository_settings& repo, const model::issue& issue, long pass) {
  if (!mirror.upsert_issue(issue, pass)) return false;
  mirror.refresh_item_content(issue);
  write_tracking(mirror, repo, issue);
  return true;
}

void write_tracking(store::mirror& mirror, const config::repository_settings& repo, const model::issue& issue) {
  if (issue.is_pull_request) return;
  const bool tracking = repo.is_tracking_issue(issue.labels, issue.title);
  mirror.set_tracking(issue.id, tracking);
  mirror.replace_tasks(issue.id, tracking ? markdown::parse_task_list(issue.body, repo.full_name())
                                          : std::vector<model::task_entry>{});
}

}  // namespace roadmapd::sync

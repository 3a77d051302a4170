// Writes one issue or pull request of a configured repository into the mirror: the row, the board
// items that show it, and (for RFC tracking issues) the task list. Shared by the repository sync and
// the webhook worker so both keep the same invariants. Call inside a store::transaction.
#pragma once

#include "config/config.hpp"
#include "github/model.hpp"
#include "store/mirror.hpp"

namespace roadmapd::sync {

// `pass` is the sync pass that saw the issue (0 outside a full pass). Returns false, writing nothing
// but the seen pass, when the mirror already holds a newer version (see mirror::upsert_issue).
bool write_issue(store::mirror& mirror, const config::repository_settings& repo, const model::issue& issue, long pass);

// Re-decides whether a mirrored issue is an RFC tracking issue (labels or title changed) and
// replaces its task list accordingly. Pull requests are never tracking issues.
void write_tracking(store::mirror& mirror, const config::repository_settings& repo, const model::issue& issue);

}  // namespace roadmapd::sync

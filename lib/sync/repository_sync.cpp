// Reads a repository's issues or pull requests, newest update first, down to the stored watermark.
// The watermark moves only after the whole read is committed, so an interrupted read is simply
// redone from the top on the next pass (upserts are idempotent).
#include <algorithm>
#include <set>

#include "sync/decode.hpp"
#include "sync/issue_writer.hpp"
#include "sync/pass_context.hpp"
#include "sync/queries.hpp"
#include "sync/state_keys.hpp"
#include "util/time.hpp"

namespace roadmapd::sync {

boost::asio::awaitable<void> sync_repository(pass_context& ctx, const config::repository_settings& repo,
                                             bool pull_requests, bool full, target_report& report) {
  const auto name = repo.full_name();
  const auto mark_key = state_keys::repository(name, pull_requests ? "pull_requests_watermark" : "issues_watermark");
  const auto read_at_key = state_keys::repository(name, pull_requests ? "pull_requests_read_at" : "issues_read_at");
  auto& mirror = ctx.mirror;
  report.changed = true;

  std::optional<std::string> watermark;
  if (!full) {
    watermark = mirror.state(mark_key);
    if (watermark && watermark->empty()) watermark.reset();
  }
  std::string newest = watermark.value_or("");
  std::optional<std::string> after;
  long pass = 0;
  bool incomplete = false;
  std::string read_at;               // when GitHub answered the first page
  std::set<std::string> seen;        // an issue edited during the read can come up on two pages
  read_progress progress(ctx, report.target, pull_requests ? "pull requests" : "issues");

  for (;;) {
    auto vars = variables().set("owner", repo.owner).set("name", repo.name).set("after", after);
    if (!pull_requests) vars.set("since", watermark);
    auto answer = co_await ctx.query(pull_requests ? queries::repository_pull_requests : queries::repository_issues, vars);
    if (!answer) {
      report.fail(answer.message());
      co_return;
    }
    auto page = decode_issues(*answer->data, pull_requests);
    if (!page) {
      report.fail(page.message());
      co_return;
    }
    if (!page->found) {
      report.fail("GitHub has no repository " + name + " that this token can see (check [[repository]] name)");
      co_return;
    }
    if (read_at.empty()) read_at = answered_at(*answer);
    mirror.set_observed_at(answered_at(*answer));
    for (const auto& path : page->skipped) report.warnings.push_back(path + ": GitHub returned no issue here");
    incomplete = incomplete || !page->skipped.empty();

    bool reached_watermark = false;
    std::vector<std::string> written;
    {
      store::transaction tx(ctx.db);
      if (full && pass == 0) pass = mirror.next_pass();
      mirror.set_state(state_keys::repository(name, "id"), page->repository_id);
      for (const auto& issue : page->issues) {
        // Newest first: once below the watermark, everything further down is already mirrored. The
        // watermark's own second is read again: an edit later in that second has the same time.
        if (watermark && issue.updated_at < *watermark) {
          reached_watermark = true;
          break;
        }
        newest = std::max(newest, issue.updated_at);
        if (!seen.insert(issue.id).second) continue;
        // False when a webhook wrote a newer version while this page was on its way.
        if (!write_issue(ctx.mirror, repo, issue, pass)) continue;
        written.push_back(issue.id);
        ++report.issues_written;
      }
      tx.commit();
    }
    progress.page(static_cast<int>(written.size()));
    // The rules judge board items: an issue's new body or labels change the items showing it.
    auto& showing = ctx.db.prepare("SELECT id FROM items WHERE content_id = ?1");
    for (const auto& id : written) {
      showing.query(id);
      while (showing.step()) ctx.changed_items.insert(showing.column_text(0));
    }
    if (reached_watermark || !page->page.has_next) break;
    after = page->page.end_cursor;
  }

  store::transaction tx(ctx.db);
  if (full && !incomplete) report.removed += mirror.sweep_issues(name, pull_requests, pass);
  mirror.set_state(mark_key, newest);
  mirror.set_state(read_at_key, read_at);
  mirror.set_state(state_keys::repository(name, "last_success"), util::now_iso8601());
  mirror.repository_read(name, pull_requests);  // the first complete read is the change log's baseline
  tx.commit();
  progress.finish();
}

}  // namespace roadmapd::sync

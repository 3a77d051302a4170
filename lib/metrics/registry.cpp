// prometheus-cpp behind metrics::registry. Families are registered once; a labelled series is
// created on its first observation (Family::Add returns the existing one for known labels).
#include "metrics/registry.hpp"

#include <ctime>
#include <mutex>
#include <set>
#include <string>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace roadmapd::metrics {
namespace {

namespace prom = prometheus;

// Applying one delivery means a GraphQL round trip or two and a transaction: milliseconds to seconds.
const prom::Histogram::BucketBoundaries apply_buckets{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                     1,     2.5,  5,     10,   30,  60};
// A pass is one request when nothing changed, minutes for a first full sync of a large board.
const prom::Histogram::BucketBoundaries pass_buckets{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800};

std::string_view kind_of(bool full) { return full ? "full" : "incremental"; }

// X-GitHub-Event is read before the signature is checked, so anyone can send any value: past this
// many distinct events, new ones are counted as "other" instead of growing the series without end.
constexpr std::size_t max_event_labels = 100;

}  // namespace

struct registry::impl {
  prom::Registry registry;
  prom::Family<prom::Counter>& deliveries =
      prom::BuildCounter()
          .Name("roadmapd_webhook_deliveries_total")
          .Help("Webhook deliveries by event and outcome (intake: accepted, duplicate, rejected_signature, "
                "rejected_bad_request, too_large; worker: applied, failed, ignored)")
          .Register(registry);
  prom::Family<prom::Gauge>& inbox_pending = prom::BuildGauge()
                                                 .Name("roadmapd_webhook_inbox_pending")
                                                 .Help("Deliveries stored in the inbox and not yet applied")
                                                 .Register(registry);
  prom::Family<prom::Gauge>& inbox_oldest =
      prom::BuildGauge()
          .Name("roadmapd_webhook_inbox_oldest_pending_age_seconds")
          .Help("Age of the oldest delivery waiting in the inbox; 0 when the inbox is empty")
          .Register(registry);
  prom::Family<prom::Histogram>& apply_seconds =
      prom::BuildHistogram()
          .Name("roadmapd_webhook_apply_seconds")
          .Help("Time from taking a delivery out of the inbox to having applied it to the mirror")
          .Register(registry);
  prom::Family<prom::Counter>& sync_passes = prom::BuildCounter()
                                                 .Name("roadmapd_sync_passes_total")
                                                 .Help("Sync passes by kind (full, incremental) and outcome (ok, failed)")
                                                 .Register(registry);
  prom::Family<prom::Histogram>& sync_seconds = prom::BuildHistogram()
                                                    .Name("roadmapd_sync_pass_seconds")
                                                    .Help("Duration of sync passes by kind (full, incremental)")
                                                    .Register(registry);
  prom::Family<prom::Gauge>& sync_last_success =
      prom::BuildGauge()
          .Name("roadmapd_sync_last_success_timestamp_seconds")
          .Help("Unix time at which the last successful sync pass ended; 0 before the first one")
          .Register(registry);
  prom::Family<prom::Counter>& github_requests =
      prom::BuildCounter()
          .Name("roadmapd_github_requests_total")
          .Help("GitHub API requests by outcome (ok, retried, secondary_limit, failed)")
          .Register(registry);
  prom::Family<prom::Gauge>& rate_limit = prom::BuildGauge()
                                              .Name("roadmapd_github_rate_limit_remaining")
                                              .Help("GitHub GraphQL points left in the current hour, as GitHub last said")
                                              .Register(registry);
  prom::Family<prom::Gauge>& board_checks =
      prom::BuildGauge()
          .Name("roadmapd_board_check_ok")
          .Help("1 while a board passes a board-level guideline check, 0 while it fails")
          .Register(registry);

  prom::Family<prom::Counter>& rule_actions =
      prom::BuildCounter()
          .Name("roadmapd_rule_actions_total")
          .Help("Enforcement actions (comments, labels, moves) by outcome: sent, failed, deferred (over the action "
                "budget), dry_run (decided, not sent)")
          .Register(registry);
  prom::Family<prom::Counter>& findings_changed =
      prom::BuildCounter()
          .Name("roadmapd_rule_findings_changed_total")
          .Help("Issues, pull requests and drafts whose findings changed (each change is audited)")
          .Register(registry);

  prom::Family<prom::Counter>& config_reloads =
      prom::BuildCounter()
          .Name("roadmapd_config_reloads_total")
          .Help("Config reloads (SIGHUP) by outcome: applied, partial (some changes could not be applied), "
                "refused (the file did not validate)")
          .Register(registry);
  prom::Family<prom::Gauge>& config_last_reload_ok =
      prom::BuildGauge()
          .Name("roadmapd_config_last_reload_successful")
          .Help("1 when the last config reload was applied in full (or none was asked), 0 when it was refused "
                "or applied only in part")
          .Register(registry);
  prom::Family<prom::Gauge>& config_loaded_at =
      prom::BuildGauge()
          .Name("roadmapd_config_last_reload_success_timestamp_seconds")
          .Help("Unix time the running config was loaded: the start, or the last applied reload")
          .Register(registry);

  prom::Family<prom::Gauge>& build =
      prom::BuildGauge()
          .Name("roadmapd_build_info")
          .Help("Always 1; the labels say which roadmapd runs: version and git revision")
          .Register(registry);
  prom::Family<prom::Counter>& connections_refused =
      prom::BuildCounter()
          .Name("roadmapd_http_connections_refused_total")
          .Help("Connections refused (503 and closed) because a listener had max_connections open, by listener")
          .Register(registry);

  std::mutex events_mutex;
  std::set<std::string, std::less<>> events;

  std::string event_label(std::string_view event) {
    if (event.empty()) return "none";
    std::lock_guard lock(events_mutex);
    if (events.contains(event)) return std::string(event);
    if (events.size() >= max_event_labels) return "other";
    return *events.emplace(event).first;
  }

  impl() {
    // Series that exist from the start, so rate() and absent() work before the first event.
    inbox_pending.Add({});
    inbox_oldest.Add({});
    sync_last_success.Add({});
    for (std::string_view outcome : {"applied", "partial", "refused"}) config_reloads.Add({{"outcome", std::string(outcome)}});
    config_last_reload_ok.Add({}).Set(1);
    config_loaded_at.Add({}).SetToCurrentTime();
    apply_seconds.Add({}, apply_buckets);
    for (std::string_view listener : {"webhook", "admin"}) connections_refused.Add({{"listener", std::string(listener)}});
    for (bool full : {false, true}) {
      sync_seconds.Add({{"kind", std::string(kind_of(full))}}, pass_buckets);
      for (std::string_view outcome : {"ok", "failed"}) {
        sync_passes.Add({{"kind", std::string(kind_of(full))}, {"outcome", std::string(outcome)}});
      }
    }
    for (std::string_view outcome : {"ok", "retried", "secondary_limit", "failed"}) {
      github_requests.Add({{"outcome", std::string(outcome)}});
    }
  }
};

registry::registry() : impl_(std::make_unique<impl>()) {}
registry::~registry() = default;

void registry::delivery(std::string_view event, std::string_view outcome) {
  impl_->deliveries.Add({{"event", impl_->event_label(event)}, {"outcome", std::string(outcome)}}).Increment();
}

void registry::inbox(long pending, double oldest_pending_age_seconds) {
  impl_->inbox_pending.Add({}).Set(static_cast<double>(pending));
  impl_->inbox_oldest.Add({}).Set(pending > 0 ? oldest_pending_age_seconds : 0.0);
}

void registry::apply_latency(double seconds) { impl_->apply_seconds.Add({}, apply_buckets).Observe(seconds); }

void registry::sync_pass(bool full, bool ok, double seconds) {
  const std::string kind(kind_of(full));
  impl_->sync_passes.Add({{"kind", kind}, {"outcome", ok ? "ok" : "failed"}}).Increment();
  impl_->sync_seconds.Add({{"kind", kind}}, pass_buckets).Observe(seconds);
  if (ok) impl_->sync_last_success.Add({}).Set(static_cast<double>(std::time(nullptr)));
}

void registry::github_request(std::string_view outcome) {
  impl_->github_requests.Add({{"outcome", std::string(outcome)}}).Increment();
}

void registry::rate_limit_remaining(long remaining) {
  impl_->rate_limit.Add({}).Set(static_cast<double>(remaining));
}

void registry::board_check(std::string_view board, std::string_view check, bool ok) {
  impl_->board_checks.Add({{"board", std::string(board)}, {"check", std::string(check)}}).Set(ok ? 1.0 : 0.0);
}

void registry::rule_actions(std::string_view outcome, long count) {
  impl_->rule_actions.Add({{"outcome", std::string(outcome)}}).Increment(static_cast<double>(count));
}

void registry::build_info(std::string_view version, std::string_view revision) {
  impl_->build.Add({{"version", std::string(version)}, {"revision", std::string(revision)}}).Set(1);
}

void registry::connection_refused(std::string_view listener) {
  impl_->connections_refused.Add({{"listener", std::string(listener)}}).Increment();
}

void registry::findings_changed(long count) { impl_->findings_changed.Add({}).Increment(static_cast<double>(count)); }

void registry::config_reload(reload_outcome outcome) {
  const char* name = outcome == reload_outcome::applied ? "applied" : outcome == reload_outcome::partial ? "partial" : "refused";
  impl_->config_reloads.Add({{"outcome", name}}).Increment();
  impl_->config_last_reload_ok.Add({}).Set(outcome == reload_outcome::applied ? 1 : 0);
  if (outcome != reload_outcome::refused) impl_->config_loaded_at.Add({}).SetToCurrentTime();
}

std::string registry::render() const { return prom::TextSerializer().Serialize(impl_->registry.Collect()); }

}  // namespace roadmapd::metrics

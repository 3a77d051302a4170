// What Prometheus scrapes from metrics::registry: the text is parsed back into samples (name,
// labels, value) and HELP/TYPE lines, and checked against the calls made.
#include <gtest/gtest.h>

#include <ctime>

#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "metrics/registry.hpp"

namespace roadmapd::metrics {
namespace {

using labels = std::map<std::string, std::string>;

struct sample {
  std::string name;
  labels label_set;
  double value = 0;
};

struct exposition {
  std::vector<sample> samples;
  std::map<std::string, std::string> types;  // from "# TYPE name type"
  std::map<std::string, std::string> helps;  // from "# HELP name text"
  std::vector<std::string> bad_lines;

  std::optional<double> value(const std::string& name, const labels& l = {}) const {
    for (const sample& s : samples) {
      if (s.name == name && s.label_set == l) return s.value;
    }
    return std::nullopt;
  }
  int count(const std::string& name) const {
    int n = 0;
    for (const sample& s : samples) n += s.name == name;
    return n;
  }
};

// The text format 0.0.4: comments, then `name{k="v",...} value` per line.
exposition parse(const std::string& text) {
  exposition out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line.starts_with("# TYPE ") || line.starts_with("# HELP ")) {
      const std::string rest = line.substr(7);
      const auto space = rest.find(' ');
      (line[2] == 'T' ? out.types : out.helps)[rest.substr(0, space)] =
          space == std::string::npos ? "" : rest.substr(space + 1);
      continue;
    }
    sample s;
    std::size_t i = line.find_first_of("{ ");
    if (i == std::string::npos) {
      out.bad_lines.push_back(line);
      continue;
    }
    s.name = line.substr(0, i);
    if (line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        const auto eq = line.find("=\"", i);
        if (eq == std::string::npos) break;
        std::string key = line.substr(i, eq - i), value;
        std::size_t j = eq + 2;
        for (; j < line.size() && line[j] != '"'; ++j) {
          if (line[j] == '\\' && j + 1 < line.size()) ++j;
          value += line[j];
        }
        s.label_set[key] = value;
        i = j + 1;
        if (i < line.size() && line[i] == ',') ++i;
      }
      ++i;  // '}'
    }
    try {
      s.value = std::stod(line.substr(i));
    } catch (const std::exception&) {
      out.bad_lines.push_back(line);
      continue;
    }
    out.samples.push_back(std::move(s));
  }
  return out;
}

TEST(metrics_registry, every_family_has_help_and_type_from_the_start) {
  registry r;
  const exposition e = parse(r.render());
  EXPECT_TRUE(e.bad_lines.empty()) << e.bad_lines.front();
  const std::map<std::string, std::string> expected = {
      {"roadmapd_webhook_inbox_pending", "gauge"},
      {"roadmapd_webhook_inbox_oldest_pending_age_seconds", "gauge"},
      {"roadmapd_webhook_apply_seconds", "histogram"},
      {"roadmapd_sync_passes_total", "counter"},
      {"roadmapd_sync_pass_seconds", "histogram"},
      {"roadmapd_sync_last_success_timestamp_seconds", "gauge"},
      {"roadmapd_github_requests_total", "counter"},
      {"roadmapd_config_reloads_total", "counter"},
      {"roadmapd_config_last_reload_successful", "gauge"},
      {"roadmapd_config_last_reload_success_timestamp_seconds", "gauge"},
  };
  for (const auto& [name, type] : expected) {
    EXPECT_EQ(e.types.count(name) ? e.types.at(name) : "(missing)", type) << name;
    EXPECT_FALSE(e.helps.count(name) ? e.helps.at(name).empty() : true) << name;
  }
  // Counters a dashboard rates over start at zero instead of being absent.
  EXPECT_EQ(e.value("roadmapd_sync_passes_total", {{"kind", "full"}, {"outcome", "failed"}}), 0.0);
  EXPECT_EQ(e.value("roadmapd_github_requests_total", {{"outcome", "secondary_limit"}}), 0.0);
  EXPECT_EQ(e.value("roadmapd_webhook_apply_seconds_count"), 0.0);
  // Unknown until GitHub said: no series rather than a made-up number.
  EXPECT_EQ(e.count("roadmapd_github_rate_limit_remaining"), 0);
}

TEST(metrics_registry, deliveries_are_counted_by_event_and_outcome) {
  registry r;
  r.delivery("issues", "accepted");
  r.delivery("issues", "accepted");
  r.delivery("issues", "applied");
  r.delivery("projects_v2_item", "duplicate");
  r.delivery("", "rejected_bad_request");
  const exposition e = parse(r.render());
  EXPECT_EQ(e.value("roadmapd_webhook_deliveries_total", {{"event", "issues"}, {"outcome", "accepted"}}), 2.0);
  EXPECT_EQ(e.value("roadmapd_webhook_deliveries_total", {{"event", "issues"}, {"outcome", "applied"}}), 1.0);
  EXPECT_EQ(e.value("roadmapd_webhook_deliveries_total", {{"event", "projects_v2_item"}, {"outcome", "duplicate"}}),
            1.0);
  EXPECT_EQ(e.value("roadmapd_webhook_deliveries_total", {{"event", "none"}, {"outcome", "rejected_bad_request"}}),
            1.0);
  EXPECT_EQ(e.count("roadmapd_webhook_deliveries_total"), 4);
  EXPECT_EQ(e.types.at("roadmapd_webhook_deliveries_total"), "counter");
}

TEST(metrics_registry, event_labels_from_unauthenticated_requests_are_bounded) {
  registry r;
  for (int i = 0; i < 250; ++i) r.delivery("made_up_" + std::to_string(i), "rejected_signature");
  r.delivery("made_up_3", "rejected_signature");
  const exposition e = parse(r.render());
  EXPECT_EQ(e.count("roadmapd_webhook_deliveries_total"), 101);
  EXPECT_EQ(e.value("roadmapd_webhook_deliveries_total", {{"event", "made_up_3"}, {"outcome", "rejected_signature"}}),
            2.0);
  EXPECT_EQ(e.value("roadmapd_webhook_deliveries_total", {{"event", "other"}, {"outcome", "rejected_signature"}}),
            150.0);
}

TEST(metrics_registry, label_values_are_escaped) {
  registry r;
  r.board_check("apache/1 \"Global\"\\x", "quarter_columns", false);
  r.board_check("apache/2", "quarter_columns", true);
  const exposition e = parse(r.render());
  EXPECT_TRUE(e.bad_lines.empty()) << e.bad_lines.front();
  EXPECT_EQ(e.value("roadmapd_board_check_ok", {{"board", "apache/1 \"Global\"\\x"}, {"check", "quarter_columns"}}),
            0.0);
  EXPECT_EQ(e.value("roadmapd_board_check_ok", {{"board", "apache/2"}, {"check", "quarter_columns"}}), 1.0);
  r.board_check("apache/2", "quarter_columns", false);
  EXPECT_EQ(parse(r.render()).value("roadmapd_board_check_ok", {{"board", "apache/2"}, {"check", "quarter_columns"}}),
            0.0);
}

TEST(metrics_registry, inbox_gauges_follow_the_last_report) {
  registry r;
  r.inbox(3, 42.5);
  exposition e = parse(r.render());
  EXPECT_EQ(e.value("roadmapd_webhook_inbox_pending"), 3.0);
  EXPECT_EQ(e.value("roadmapd_webhook_inbox_oldest_pending_age_seconds"), 42.5);
  // An empty inbox has no oldest delivery, whatever the caller passed.
  r.inbox(0, 99.0);
  e = parse(r.render());
  EXPECT_EQ(e.value("roadmapd_webhook_inbox_pending"), 0.0);
  EXPECT_EQ(e.value("roadmapd_webhook_inbox_oldest_pending_age_seconds"), 0.0);
}

TEST(metrics_registry, apply_latency_fills_cumulative_buckets) {
  registry r;
  r.apply_latency(0.003);
  r.apply_latency(0.2);
  r.apply_latency(7);
  const exposition e = parse(r.render());
  EXPECT_EQ(e.value("roadmapd_webhook_apply_seconds_count"), 3.0);
  EXPECT_NEAR(*e.value("roadmapd_webhook_apply_seconds_sum"), 7.203, 1e-9);
  EXPECT_EQ(e.value("roadmapd_webhook_apply_seconds_bucket", {{"le", "0.005"}}), 1.0);
  EXPECT_EQ(e.value("roadmapd_webhook_apply_seconds_bucket", {{"le", "0.25"}}), 2.0);
  EXPECT_EQ(e.value("roadmapd_webhook_apply_seconds_bucket", {{"le", "5"}}), 2.0);
  EXPECT_EQ(e.value("roadmapd_webhook_apply_seconds_bucket", {{"le", "10"}}), 3.0);
  EXPECT_EQ(e.value("roadmapd_webhook_apply_seconds_bucket", {{"le", "+Inf"}}), 3.0);
}

TEST(metrics_registry, sync_passes_by_kind_and_outcome) {
  registry r;
  r.sync_pass(false, true, 0.4);
  r.sync_pass(false, true, 0.6);
  r.sync_pass(false, false, 12);
  r.sync_pass(true, true, 95);
  const exposition e = parse(r.render());
  EXPECT_EQ(e.value("roadmapd_sync_passes_total", {{"kind", "incremental"}, {"outcome", "ok"}}), 2.0);
  EXPECT_EQ(e.value("roadmapd_sync_passes_total", {{"kind", "incremental"}, {"outcome", "failed"}}), 1.0);
  EXPECT_EQ(e.value("roadmapd_sync_passes_total", {{"kind", "full"}, {"outcome", "ok"}}), 1.0);
  EXPECT_EQ(e.value("roadmapd_sync_passes_total", {{"kind", "full"}, {"outcome", "failed"}}), 0.0);
  EXPECT_EQ(e.value("roadmapd_sync_pass_seconds_count", {{"kind", "incremental"}}), 3.0);
  EXPECT_EQ(e.value("roadmapd_sync_pass_seconds_bucket", {{"kind", "incremental"}, {"le", "0.5"}}), 1.0);
  EXPECT_EQ(e.value("roadmapd_sync_pass_seconds_count", {{"kind", "full"}}), 1.0);
  EXPECT_EQ(e.value("roadmapd_sync_pass_seconds_sum", {{"kind", "full"}}), 95.0);
  EXPECT_GT(*e.value("roadmapd_sync_last_success_timestamp_seconds"), 1.7e9);
}

TEST(metrics_registry, last_success_is_not_moved_by_a_failed_pass) {
  registry r;
  r.sync_pass(false, false, 1);
  EXPECT_EQ(parse(r.render()).value("roadmapd_sync_last_success_timestamp_seconds"), 0.0);
}

TEST(metrics_registry, github_requests_and_rate_limit) {
  registry r;
  r.github_request("ok");
  r.github_request("ok");
  r.github_request("retried");
  r.rate_limit_remaining(4962);
  r.rate_limit_remaining(4961);
  const exposition e = parse(r.render());
  EXPECT_EQ(e.value("roadmapd_github_requests_total", {{"outcome", "ok"}}), 2.0);
  EXPECT_EQ(e.value("roadmapd_github_requests_total", {{"outcome", "retried"}}), 1.0);
  EXPECT_EQ(e.value("roadmapd_github_requests_total", {{"outcome", "failed"}}), 0.0);
  EXPECT_EQ(e.value("roadmapd_github_rate_limit_remaining"), 4961.0);
  EXPECT_EQ(e.types.at("roadmapd_github_rate_limit_remaining"), "gauge");
}

TEST(metrics_registry, config_reloads_say_whether_the_running_config_matches_the_file) {
  registry r;
  const auto started = static_cast<double>(std::time(nullptr));
  exposition e = parse(r.render());
  EXPECT_EQ(e.value("roadmapd_config_reloads_total", {{"outcome", "refused"}}), 0.0);
  EXPECT_EQ(e.value("roadmapd_config_last_reload_successful"), 1.0);
  const double loaded = e.value("roadmapd_config_last_reload_success_timestamp_seconds").value_or(0);
  EXPECT_GE(loaded, started - 1);

  r.config_reload(registry::reload_outcome::refused);
  e = parse(r.render());
  EXPECT_EQ(e.value("roadmapd_config_reloads_total", {{"outcome", "refused"}}), 1.0);
  EXPECT_EQ(e.value("roadmapd_config_last_reload_successful"), 0.0);
  EXPECT_EQ(e.value("roadmapd_config_last_reload_success_timestamp_seconds"), loaded);

  r.config_reload(registry::reload_outcome::applied);
  e = parse(r.render());
  EXPECT_EQ(e.value("roadmapd_config_reloads_total", {{"outcome", "applied"}}), 1.0);
  EXPECT_EQ(e.value("roadmapd_config_last_reload_successful"), 1.0);
  EXPECT_GE(e.value("roadmapd_config_last_reload_success_timestamp_seconds").value_or(0), loaded);

  // Applied in part (a listener that could not move): counted apart, and not "successful".
  r.config_reload(registry::reload_outcome::partial);
  e = parse(r.render());
  EXPECT_EQ(e.value("roadmapd_config_reloads_total", {{"outcome", "partial"}}), 1.0);
  EXPECT_EQ(e.value("roadmapd_config_last_reload_successful"), 0.0);
}

}  // namespace
}  // namespace roadmapd::metrics

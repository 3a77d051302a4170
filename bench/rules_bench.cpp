// Rules benchmark: enforce::evaluate (load the facts from the mirror, run every rule) over 10,000
// mirrored items on a few seeds-shaped boards, against a plain read of the same rows in the same
// run. Prints min/median/max of several runs; docs/performance.md explains it.
#include <sqlite3.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "board_pages.hpp"
#include "sample_mirror.hpp"
#include "config/config.hpp"
#include "enforce/evaluation.hpp"
#include "github/json.hpp"
#include "rules/facts_loader.hpp"
#include "rules/rule.hpp"
#include "command_line.hpp"
#include "stats.hpp"
#include "store/database.hpp"
#include "store/mirror.hpp"
#include "sync/decode.hpp"

namespace {

namespace fs = std::filesystem;
namespace bench = roadmapd::bench;
namespace config = roadmapd::config;
namespace enforce = roadmapd::enforce;
namespace model = roadmapd::model;
namespace rules = roadmapd::rules;
namespace store = roadmapd::store;
using clock_type = std::chrono::steady_clock;

using bench::seconds;
using bench::add_board;
using bench::make_settings;
using bench::mirror_summary;

// The baseline: every row the facts come from, read into memory as strings, nothing derived.
double plain_read(sqlite3* db, std::size_t& checksum) {
  const auto start = clock_type::now();
  for (const char* sql : {
           "SELECT i.id, i.type, i.archived, i.title, i.body, i.content_id, i.content_repo, i.content_number, "
           "i.content_state, i.created_at, s.title, s.body, s.state, s.author "
           "FROM items i LEFT JOIN issues s ON s.id = i.content_id ORDER BY i.project_id, i.position",
           "SELECT item_id, login FROM item_assignees",
           "SELECT item_id, name FROM item_labels",
           "SELECT item_id, field, kind, value, number, date, iteration_start, iteration_end FROM item_values",
           "SELECT repo, number, state FROM issues"}) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("baseline query: ") + sqlite3_errmsg(db));
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const auto* v = sqlite3_column_text(st, c);
        std::string copy = v ? reinterpret_cast<const char*>(v) : "";
        checksum += copy.size() + (copy.empty() ? 0 : static_cast<unsigned char>(copy.back()));
      }
    }
    sqlite3_finalize(st);
  }
  return seconds(clock_type::now() - start);
}

struct split_timing {
  double load = 0, judge = 0;
  double boards = 0, lookup = 0, items = 0;  // the parts of load
  std::size_t judged = 0;
};

// What evaluate does, in two timed halves: the facts (boards, issue lookup, items) then the rules.
// Skips are approximated by archived and closed/merged items, which is what this mirror holds.
split_timing run_split(store::database& db, const config::settings& settings) {
  split_timing t;
  const auto t0 = clock_type::now();
  const auto boards = rules::load_boards(db, settings);
  const auto ta = clock_type::now();
  const auto lookup = rules::issue_lookup(db, boards);
  const auto tb = clock_type::now();
  std::vector<std::vector<rules::item_facts>> items;
  for (const auto& b : boards) items.push_back(rules::load_items(db, b, rules::rule_set_for(settings, b)));
  const auto t1 = clock_type::now();
  t.boards = seconds(ta - t0);
  t.lookup = seconds(tb - ta);
  t.items = seconds(t1 - tb);
  std::size_t findings = 0;
  for (std::size_t b = 0; b < boards.size(); ++b) {
    const auto& set = rules::rule_set_for(settings, boards[b]);
    findings += rules::check_board(boards[b], set).size();
    for (const auto& item : items[b]) {
      if (item.archived || item.state != "OPEN") continue;
      findings += rules::judge(rules::judge_context{item, boards[b], set, lookup}).size();
      ++t.judged;
    }
  }
  t.load = seconds(t1 - t0);
  t.judge = seconds(clock_type::now() - t1);
  if (findings == 0) throw std::runtime_error("the rules found nothing: the generated mirror is wrong");
  return t;
}

// One pass with each rule timed on its own, for the per-rule table (not part of the timed runs).
std::map<std::string, double> per_rule_ms(store::database& db, const config::settings& settings) {
  std::map<std::string, double> out;
  const auto boards = rules::load_boards(db, settings);
  const auto lookup = rules::issue_lookup(db, boards);
  for (const auto& b : boards) {
    const auto& set = rules::rule_set_for(settings, b);
    for (const auto& item : rules::load_items(db, b, set)) {
      if (item.archived || item.state != "OPEN") continue;
      const rules::judge_context ctx{item, b, set, lookup};
      for (const auto& r : rules::all_rules()) {
        if (!r.enabled(set)) continue;
        std::vector<rules::finding> found;
        const auto start = clock_type::now();
        r.judge(ctx, found);
        out[std::string(r.name)] += 1000 * seconds(clock_type::now() - start);
      }
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  struct {
    int items = 10000;
    int boards = 4;
    int runs = 7;
    fs::path dir;
  } opt;
  bench::parse_command_line(argc, argv, "rules_bench", "measures rule evaluation against a plain read of the mirror",
                            {{"--items", &opt.items, "board items in the mirror, over all boards"},
                             {"--boards", &opt.boards, "boards they are spread over"},
                             {"--runs", &opt.runs, "measured repetitions of each side, after one warm-up"}},
                            opt.dir);
  if (opt.items < opt.boards * 20) {
    std::cerr << "rules_bench: at least 20 items per board (--items " << opt.items << ", --boards " << opt.boards << ")\n";
    return 2;
  }
  const bench::scratch_dir scratch(opt.dir, "roadmapd-rules-bench");
  const fs::path& dir = scratch.path();
  const fs::path path = dir / "rules.db";

  try {
    bench::remove_database(path);
    auto opened = store::database::open(path);
    if (!opened) throw std::runtime_error("cannot create " + path.string() + ": " + opened.message());
    auto db = std::move(*opened);
    mirror_summary made;
    {
      store::mirror mirror(db);
      store::transaction tx(db);
      const long pass = mirror.next_pass();
      for (int k = 0; k < opt.boards; ++k) {
        const int n = opt.items / opt.boards + (k < opt.items % opt.boards ? 1 : 0);
        const auto s = add_board(mirror, k, n, pass);
        made.body_bytes += s.body_bytes;
        made.issues += s.issues;
      }
      tx.commit();
    }
    const auto settings = make_settings(opt.boards);

    std::vector<double> eval_rate, read_rate, ratio, load_share, judge_share, eval_ms, boards_ms, lookup_ms, items_ms,
        items_ratio;
    std::size_t judged = 0, with_findings = 0, findings = 0, acted = 0;
    std::map<std::string, int> by_rule;
    // Run 0 warms the page cache and the statement cache and is not counted. The order alternates
    // so that neither side always runs second.
    for (int run = 0; run <= opt.runs; ++run) {
      double evaluate_s = 0, read_s = 0;
      split_timing split;
      std::size_t checksum = 0;
      for (int k = 0; k < 3; ++k) {
        switch ((run + k) % 3) {
          case 0: {
            const auto start = clock_type::now();
            auto verdicts = enforce::evaluate(db, settings);
            evaluate_s = seconds(clock_type::now() - start);
            if (!verdicts) throw std::runtime_error("evaluate failed: " + verdicts.message());
            if (run == 0) {
              for (const auto& b : *verdicts) {
                for (const auto& v : b.items) {
                  if (!v.skipped.empty()) continue;
                  ++judged;
                  findings += v.findings.size();
                  if (!v.findings.empty()) ++with_findings;
                  if (!v.actions.empty() && v.waiting.empty()) ++acted;
                  for (const auto& f : v.findings) ++by_rule[f.rule];
                }
              }
            }
            break;
          }
          case 1: read_s = plain_read(db.handle(), checksum); break;
          default: split = run_split(db, settings); break;
        }
      }
      if (run == 0) continue;
      eval_rate.push_back(opt.items / evaluate_s);
      eval_ms.push_back(1000 * evaluate_s);
      read_rate.push_back(opt.items / read_s);
      ratio.push_back(evaluate_s / read_s);
      load_share.push_back(100 * split.load / (split.load + split.judge));
      judge_share.push_back(100 * split.judge / (split.load + split.judge));
      boards_ms.push_back(1000 * split.boards);
      lookup_ms.push_back(1000 * split.lookup);
      items_ms.push_back(1000 * split.items);
      items_ratio.push_back(split.items / read_s);
    }
    const auto rule_ms = per_rule_ms(db, settings);
    bench::remove_database(path);

    std::printf("Rules: enforce::evaluate over %d board items on %d boards (%d issues and PRs, %.1f MB of bodies)\n",
                opt.items, opt.boards, made.issues, made.body_bytes / 1e6);
    std::printf("  all 10 rules on (experts and backlog included); %zu items judged, %zu with findings, %zu findings,"
                " %zu with actions\n",
                judged, with_findings, findings, acted);
    std::string rule_counts;
    for (const auto& [rule, count] : by_rule) rule_counts += (rule_counts.empty() ? "" : ", ") + rule + " " + std::to_string(count);
    std::printf("  findings by rule: %s\n", rule_counts.c_str());
    std::printf("  build %s, SQLite %s, WAL, file in %s\n", ROADMAPD_BENCH_BUILD_TYPE, sqlite3_libversion(), dir.c_str());
    std::printf("  %d measured runs of each side after one warm-up; ratios are taken within a run\n\n", opt.runs);
    std::printf("  %-30s %12s %12s %12s\n", "", "min", "median", "max");
    bench::print_row("evaluate (items/s)", bench::spread_of(eval_rate), 0, 30);
    bench::print_row("evaluate (ms per pass)", bench::spread_of(eval_ms), 0, 30);
    bench::print_row("plain read (items/s)", bench::spread_of(read_rate), 0, 30);
    const auto r = bench::spread_of(ratio);
    bench::print_row("ratio evaluate/read time", r, 1, 30);
    std::printf("  share of the time (load_boards + issue_lookup + load_items, then judge):\n");
    bench::print_row("  load facts (%)", bench::spread_of(load_share), 1, 30);
    bench::print_row("  judge (%)", bench::spread_of(judge_share), 1, 30);
    std::printf("  load facts, by part:\n");
    bench::print_row("  load_boards (ms)", bench::spread_of(boards_ms), 1, 30);
    bench::print_row("  issue_lookup (ms)", bench::spread_of(lookup_ms), 1, 30);
    bench::print_row("  load_items, all boards (ms)", bench::spread_of(items_ms), 1, 30);
    bench::print_row("  ratio load_items/read time", bench::spread_of(items_ratio), 1, 30);
    double rule_total = 0;
    for (const auto& [_, ms] : rule_ms) rule_total += ms;
    std::printf("  judge time by rule (one pass, %% of the rules' time):");
    int col = 0;
    for (const auto& [rule, ms] : rule_ms)
      std::printf("%s%s %.1f%%", col++ % 5 ? ", " : "\n    ", rule.c_str(), 100 * ms / rule_total);
    std::printf("\n");
    const auto ms = bench::spread_of(eval_ms);
    std::printf("\n  target: all rules over %d items in under 1 s (an edit judged within seconds): %s (median %.0f ms)\n",
                opt.items, ms.median < 1000 ? "met" : "NOT met", ms.median);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "rules_bench: " << e.what() << "\n";
    return 1;
  }
}

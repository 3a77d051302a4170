// Report benchmark: `roadmapd report` (what changed, as Markdown) over a 10,000-item mirror with
// 100,000 change-log rows, against a plain read of the same rows in the same run: the items' facts
// and the change rows of the window. Prints min/median/max of several runs; docs/performance.md
// explains it.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>

#include "command_line.hpp"
#include "report/report.hpp"
#include "report/roadmap.hpp"
#include "sample_mirror.hpp"
#include "stats.hpp"
#include "store/database.hpp"
#include "store/mirror.hpp"
#include "util/time.hpp"

namespace {

namespace fs = std::filesystem;
namespace bench = roadmapd::bench;
namespace report = roadmapd::report;
namespace store = roadmapd::store;
using clock_type = std::chrono::steady_clock;
using bench::seconds;

std::string util_iso(std::chrono::system_clock::time_point t) { return roadmapd::util::to_iso8601(t); }

// `rows` change rows over the 180 days before `now`, spread over the items the way a busy roadmap
// changes: columns and quarters move, owners change, issues close, labels come and go, tracking
// issues tick tasks. Every board's history starts 200 days back.
void plant_history(store::database& db, int rows, std::chrono::system_clock::time_point now) {
  store::transaction tx(db);
  const auto start = util_iso(now - std::chrono::hours(24 * 200));
  db.prepare("INSERT INTO changes (at, seen_at, board, project_id, kind, attribute, source) "
             "SELECT ?1, ?1, owner || '/' || number, id, 'board', 'history-start', 'poll' FROM projects")
      .execute(start);
  std::vector<std::tuple<std::string, std::string, std::string, std::string>> items;  // id, project, board, content
  auto& q = db.prepare("SELECT i.id, i.project_id, p.owner || '/' || p.number, coalesce(i.content_id, '') FROM items i "
                       "JOIN projects p ON p.id = i.project_id");
  q.query();
  while (q.step()) items.emplace_back(q.column_text(0), q.column_text(1), q.column_text(2), q.column_text(3));
  std::mt19937 rng(20261204);
  const char* quarters[] = {"Q1 2027", "Q2 2027", "Q3 2027", "Q4 2027"};
  const char* owners[] = {"@tqchen", "@areusch", "@driazati", "@masahi", "@junrushao"};
  auto& insert = db.prepare(
      "INSERT INTO changes (at, seen_at, board, project_id, item_id, content_id, content_ref, kind, attribute, old_value, "
      "new_value, source) VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'poll')");
  for (int n = 0; n < rows; ++n) {
    const auto& [id, project, board, content] = items[rng() % items.size()];
    const auto at = util_iso(now - std::chrono::seconds(rng() % (180 * 86400)));
    switch (rng() % 5) {
      case 0: insert.execute(at, board, project, id, content, "", "field", "Status", quarters[rng() % 4], quarters[rng() % 4]); break;
      case 1: insert.execute(at, board, project, id, content, "", "field", "Owner", owners[rng() % 5], owners[rng() % 5]); break;
      case 2: insert.execute(at, "", "", "", content, "", "issue", "state", "OPEN", rng() % 2 ? "CLOSED" : "MERGED"); break;
      case 3: insert.execute(at, "", "", "", content, "", "issue", "label", std::optional<std::string>(), "help wanted"); break;
      default: {
        const int total = 8, done = static_cast<int>(rng() % total);
        insert.execute(at, "", "", "", content, "", "tracking", "progress", std::to_string(done) + "/8",
                       std::to_string(done + 1) + "/" + std::to_string(total));
      }
    }
  }
  tx.commit();
}

// The baseline: every row the report reads, into memory as strings, nothing derived: the boards'
// items with their issues, assignees, labels and field values; the issues, task lists and linked
// pull requests the progress model counts; the whole change log (progress and forecasts read an
// item's history from its start) and the window's rows again (the report's own sections); the
// guideline findings of the window.
double plain_read(sqlite3* db, const std::string& since, std::size_t& checksum) {
  const auto start = clock_type::now();
  for (const std::string& sql : {
           std::string("SELECT id, owner, number, title FROM projects"),
           std::string("SELECT id, project_id, name, data_type FROM project_fields"),
           std::string("SELECT i.id, i.type, i.archived, i.title, i.body, i.content_id, i.content_repo, i.content_number, "
                       "i.content_state, i.created_at, s.title, s.body, s.state, s.author "
                       "FROM items i LEFT JOIN issues s ON s.id = i.content_id ORDER BY i.project_id, i.position"),
           std::string("SELECT item_id, login FROM item_assignees"), std::string("SELECT item_id, name FROM item_labels"),
           std::string("SELECT item_id, field, kind, value, number, date, iteration_start, iteration_end FROM item_values"),
           std::string("SELECT id, repo, number, state, state_reason, is_tracking, sub_issues_total, sub_issues_completed, "
                       "last_comment_at, created_at, parent_id, updated_at FROM issues"),
           std::string("SELECT issue_id, checked, text, ref_repo, ref_number, resolved, ref_state FROM tracking_task_refs"),
           std::string("SELECT issue_id, pr_id, pr_state FROM linked_pull_requests"),
           std::string("SELECT * FROM changes"),
           "SELECT * FROM changes WHERE at >= '" + since + "' ORDER BY at, seq",
           "SELECT * FROM enforcement_audit WHERE at >= '" + since + "'"}) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db));
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const auto* v = sqlite3_column_text(st, c);
        checksum += v ? std::string(reinterpret_cast<const char*>(v)).size() : 0;
      }
    }
    sqlite3_finalize(st);
  }
  return seconds(clock_type::now() - start);
}

}  // namespace

int main(int argc, char** argv) {
  struct {
    int items = 10000;
    int changes = 100000;
    int runs = 5;
    fs::path dir;
  } opt;
  bench::parse_command_line(argc, argv, "report_bench", "measures a report against a plain read of its rows",
                            {{"--items", &opt.items, "board items in the mirror, over 4 boards"},
                             {"--changes", &opt.changes, "change-log rows over the last 180 days"},
                             {"--runs", &opt.runs, "measured repetitions of each side, after one warm-up"}},
                            opt.dir);
  const bench::scratch_dir scratch(opt.dir, "roadmapd-report-bench");
  const fs::path path = scratch.path() / "report.db";
  try {
    bench::remove_database(path);
    auto opened = store::database::open(path);
    if (!opened) throw std::runtime_error("cannot create " + path.string() + ": " + opened.message());
    auto db = std::move(opened).value();
    {
      store::mirror mirror(db);
      store::transaction tx(db);
      const long pass = mirror.next_pass();
      for (int k = 0; k < 4; ++k) bench::add_board(mirror, k, opt.items / 4, pass);
      tx.commit();
    }
    const auto now = std::chrono::system_clock::now();
    plant_history(db, opt.changes, now);
    const auto settings = bench::make_settings(4);
    std::printf("Report: what changed, as Markdown, over %d items on 4 boards and %d change rows in 180 days\n", opt.items,
                opt.changes);
    std::printf("  build %s, SQLite %s; %d measured runs of each side after one warm-up, in turns\n", ROADMAPD_BENCH_BUILD_TYPE,
                sqlite3_libversion(), opt.runs);
    double judged = 0;
    for (const int days : {90, 30}) {
      report::request r;
      r.now = now;
      r.since = now - std::chrono::hours(24 * days);
      const std::string since = roadmapd::util::to_iso8601(r.since);
      std::vector<double> report_ms, read_ms, ratio, load_ms, render_ms;
      std::size_t bytes = 0, rows = 0;
      for (int run = 0; run <= opt.runs; ++run) {
        double report_s = 0, read_s = 0, load_s = 0, render_s = 0;
        std::size_t checksum = 0;
        for (int k = 0; k < 2; ++k) {
          if ((run + k) % 2 == 0) {
            // The roadmap and its progress alone first, for the breakdown; the report loads its own.
            const auto loading = clock_type::now();
            (void)report::load_roadmap(db, settings, std::nullopt, now);
            load_s = seconds(clock_type::now() - loading);
            const auto start = clock_type::now();
            auto built = report::build(db, settings, r);
            if (!built) throw std::runtime_error("report failed: " + built.message());
            const auto rendering = clock_type::now();
            bytes = report::render(*built, report::format::markdown).size();
            render_s = seconds(clock_type::now() - rendering);
            report_s = seconds(clock_type::now() - start);
          } else {
            read_s = plain_read(db.handle(), since, checksum);
          }
        }
        if (run == 0) continue;
        report_ms.push_back(1000 * report_s);
        load_ms.push_back(1000 * load_s);
        render_ms.push_back(1000 * render_s);
        read_ms.push_back(1000 * read_s);
        ratio.push_back(report_s / read_s);
      }
      auto& count = db.prepare("SELECT count(*) FROM changes WHERE at >= ?1");
      count.query(since);
      if (count.step()) rows = static_cast<std::size_t>(count.column_int64(0));
      count.reset();
      std::printf("\n  since %d days ago (%zu change rows in the window; report %zu bytes)\n", days, rows, bytes);
      std::printf("  %-32s %12s %12s %12s\n", "", "min", "median", "max");
      bench::print_row("report (ms)", bench::spread_of(report_ms), 0, 32);
      bench::print_row("  of which: roadmap + progress", bench::spread_of(load_ms), 0, 32);
      bench::print_row("  of which: rendering", bench::spread_of(render_ms), 0, 32);
      bench::print_row("plain read of its rows (ms)", bench::spread_of(read_ms), 0, 32);
      const auto q = bench::spread_of(ratio);
      bench::print_row("ratio report/read", q, 2, 32);
      if (days == 90) judged = q.median;
    }
    bench::remove_database(path);
    std::printf("\n  target: at most 3x the plain read over 90 days: %s (median %.2f)\n", judged <= 3 ? "met" : "NOT met",
                judged);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "report_bench: " << e.what() << "\n";
    return 1;
  }
}

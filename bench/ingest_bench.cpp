// Ingest benchmark: board item pages (JSON text as GitHub sends them) parsed, decoded and upserted
// into a fresh on-disk mirror the way board_sync.cpp does, against a bare-SQLite bulk insert of the
// same rows in the same run; with the change log on (the daemon's default) and off; and a second read
// of the same pages, where the change log compares every item. Prints min/median/max of several
// runs; docs/performance.md explains it.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <string>
#include <unistd.h>

#include "board_pages.hpp"
#include "github/json.hpp"
#include "history/recorder.hpp"
#include "raw_insert.hpp"
#include "command_line.hpp"
#include "stats.hpp"
#include "store/database.hpp"
#include "store/mirror.hpp"
#include "sync/decode.hpp"
#include "sync/state_keys.hpp"

namespace {

namespace fs = std::filesystem;
namespace bench = roadmapd::bench;
namespace store = roadmapd::store;
namespace sync = roadmapd::sync;
using clock_type = std::chrono::steady_clock;

constexpr int page_size = 100;

using bench::seconds;

store::database open_fresh(const fs::path& p, const roadmapd::model::project& project, long& pass) {
  bench::remove_database(p);
  auto db = store::database::open(p);
  if (!db) throw std::runtime_error("cannot create " + p.string() + ": " + db.message());
  store::mirror m(*db);
  store::transaction tx(*db);
  m.upsert_project(project);
  pass = m.next_pass();
  tx.commit();
  return std::move(*db);
}

std::string query_text(sqlite3* db, const char* sql);
struct ours_timing;
double read_pages(store::database& db, store::mirror& mirror, const bench::board_pages& board, long pass,
                  ours_timing* t);

struct ours_timing {
  double total = 0, parse = 0, decode = 0, store = 0;
  double reread = 0;  // the same pages again, nothing changed (with history: every item compared)
};

// What board_sync.cpp does for each page after the first: parse, decode, one transaction holding
// the item upserts and the cursor bookkeeping. With `history`, the daemon's change log is attached:
// the first read is its baseline, the second one is compared item by item.
ours_timing run_ours(const fs::path& path, const bench::board_pages& board, bool history) {
  long pass = 0;
  auto db = open_fresh(path, board.project, pass);
  std::unique_ptr<roadmapd::history::recorder> log;
  if (history) log = std::make_unique<roadmapd::history::recorder>(db);
  db.set_change_log(log.get());
  store::mirror mirror(db);
  ours_timing t;
  t.total = read_pages(db, mirror, board, pass, &t);
  store::transaction tx(db);
  mirror.board_read(board.project.id);
  pass = mirror.next_pass();
  tx.commit();
  t.reread = read_pages(db, mirror, board, pass, nullptr);
  if (history && std::stoi(query_text(db.handle(), "SELECT count(*) FROM changes WHERE attribute <> 'history-start'")) != 0) {
    throw std::runtime_error("a second read of the same pages recorded changes");
  }
  return t;
}

// One read of every page; returns its seconds, with the parts in `t` when given.
double read_pages(store::database& db, store::mirror& mirror, const bench::board_pages& board, long pass,
                  ours_timing* t) {
  const auto& p = board.project;
  auto key = [&](const char* what) { return sync::state_keys::board(p.owner, p.number, what); };
  ours_timing ignored;
  if (t == nullptr) t = &ignored;
  long offset = 0;
  const auto start = clock_type::now();
  for (const auto& text : board.pages) {
    const auto t0 = clock_type::now();
    auto doc = roadmapd::github::parse_json(text);
    if (!doc) throw std::runtime_error("generated page does not parse: " + doc.message());
    const auto t1 = clock_type::now();
    const auto* data = roadmapd::github::find_member(**doc, "data");
    auto page = sync::decode_board_items(*data);
    if (!page) throw std::runtime_error("generated page does not decode: " + page.message());
    const auto t2 = clock_type::now();
    store::transaction tx(db);
    for (auto& item : page->items) {
      item.position += offset;
      mirror.upsert_item(item, pass);
    }
    offset += static_cast<long>(page->items.size());
    mirror.set_state(key("cursor"), page->page.end_cursor);
    mirror.set_state(key("pass"), std::to_string(pass));
    mirror.set_state(key("offset"), std::to_string(offset));
    mirror.set_state(key("incomplete"), "");
    tx.commit();
    const auto t3 = clock_type::now();
    t->parse += seconds(t1 - t0);
    t->decode += seconds(t2 - t1);
    t->store += seconds(t3 - t2);
  }
  return seconds(clock_type::now() - start);
}

double run_floor(const fs::path& path, const bench::board_pages& board, const std::vector<roadmapd::model::item>& rows,
                 std::size_t items_per_transaction) {
  long pass = 0;
  auto db = open_fresh(path, board.project, pass);
  const auto start = clock_type::now();
  bench::raw_insert(db.handle(), rows, pass, items_per_transaction);
  return seconds(clock_type::now() - start);
}

// Decoded once, outside any timing: the floor starts with its rows in memory.
std::vector<roadmapd::model::item> decode_all(const bench::board_pages& board) {
  std::vector<roadmapd::model::item> out;
  for (const auto& text : board.pages) {
    auto doc = roadmapd::github::parse_json(text);
    auto page = sync::decode_board_items(*roadmapd::github::find_member(**doc, "data"));
    if (!page) throw std::runtime_error("generated page does not decode: " + page.message());
    const long offset = static_cast<long>(out.size());
    for (auto& item : page->items) {
      item.position += offset;
      out.push_back(std::move(item));
    }
  }
  return out;
}

std::string query_text(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("fingerprint query: ") + sqlite3_errmsg(db));
  std::string out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      const auto* v = sqlite3_column_text(st, c);
      out += v ? reinterpret_cast<const char*>(v) : "NULL";
      out += '|';
    }
  }
  sqlite3_finalize(st);
  return out;
}

// Both sides must have written the same rows, or the ratio means nothing.
std::string fingerprint(const fs::path& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + path.string());
  }
  std::string out;
  for (const char* sql : {
           "SELECT count(*), total(length(id)), total(position), total(archived), total(length(title)), "
           "total(length(body)), total(content_number), count(content_url), count(milestone), "
           "total(length(type)) FROM items",
           "SELECT count(*), total(length(text)), total(number), count(date), count(option_id), "
           "count(iteration_id), total(length(kind)) FROM item_field_values",
           "SELECT count(*), total(length(login)), total(position) FROM item_assignees",
           "SELECT count(*), total(length(name)), total(position) FROM item_labels"}) {
    out += query_text(db, sql);
  }
  sqlite3_close(db);
  return out;
}

std::string counts(const fs::path& path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  auto out = query_text(db, "SELECT (SELECT count(*) FROM items) || ' items, ' || "
                            "(SELECT count(*) FROM item_field_values) || ' field values, ' || "
                            "(SELECT count(*) FROM item_assignees) || ' assignees, ' || "
                            "(SELECT count(*) FROM item_labels) || ' labels'");
  if (!out.empty()) out.pop_back();  // query_text's separator
  sqlite3_close(db);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  struct {
    int items = 10000;
    int runs = 7;
    fs::path dir;
  } opt;
  bench::parse_command_line(argc, argv, "ingest_bench", "measures board item ingest against a bare SQLite insert",
                            {{"--items", &opt.items, "board items to ingest, in pages of 100"},
                             {"--runs", &opt.runs, "measured repetitions of each side, after one warm-up"}},
                            opt.dir);
  const bench::scratch_dir scratch(opt.dir, "roadmapd-ingest-bench");
  const fs::path& dir = scratch.path();

  try {
    const auto board = bench::make_board_pages(opt.items, page_size, 20261101);
    const auto rows = decode_all(board);
    const fs::path ours_db = dir / "ours.db";
    const fs::path plain_db = dir / "ours-no-history.db";
    const fs::path floor_db = dir / "floor.db";
    const fs::path paged_db = dir / "floor-paged.db";

    std::vector<double> ours_rate, floor_rate, paged_rate, ratio, paged_ratio, parse_share, decode_share, store_share;
    std::vector<double> plain_ratio, reread_rate, reread_plain_rate, reread_ratio;
    std::string table_counts;
    // Run 0 warms caches and the page cache and is not counted. The order rotates so that no side
    // always runs on a warmer (or more fragmented) file system.
    for (int run = 0; run <= opt.runs; ++run) {
      ours_timing ours, plain;
      double floor = 0, paged = 0;
      for (int k = 0; k < 4; ++k) {
        switch ((run + k) % 4) {
          case 0: ours = run_ours(ours_db, board, true); break;
          case 1: floor = run_floor(floor_db, board, rows, 0); break;
          case 2: plain = run_ours(plain_db, board, false); break;
          default: paged = run_floor(paged_db, board, rows, page_size); break;
        }
      }
      const auto expected = fingerprint(floor_db);
      for (const auto& other : {ours_db, plain_db, paged_db}) {
        if (fingerprint(other) != expected)
          throw std::runtime_error("two sides wrote different rows: compare " + other.string() + " and " +
                                   floor_db.string());
      }
      if (run == 0) {
        table_counts = counts(ours_db);
        continue;
      }
      ours_rate.push_back(opt.items / ours.total);
      floor_rate.push_back(opt.items / floor);
      paged_rate.push_back(opt.items / paged);
      ratio.push_back(floor / ours.total);
      plain_ratio.push_back(floor / plain.total);
      reread_rate.push_back(opt.items / ours.reread);
      reread_plain_rate.push_back(opt.items / plain.reread);
      reread_ratio.push_back(plain.reread / ours.reread);
      paged_ratio.push_back(paged / ours.total);
      parse_share.push_back(100 * ours.parse / ours.total);
      decode_share.push_back(100 * ours.decode / ours.total);
      store_share.push_back(100 * ours.store / ours.total);
    }
    bench::remove_database(ours_db);
    bench::remove_database(plain_db);
    bench::remove_database(floor_db);
    bench::remove_database(paged_db);

    std::printf("Ingest: %d board items in %zu pages of %d (%.1f MB of JSON)\n", opt.items, board.pages.size(),
                page_size, board.json_bytes / 1e6);
    std::printf("  rows written per run: %s\n", table_counts.c_str());
    std::printf("  build %s, SQLite %s, WAL, synchronous=NORMAL, foreign_keys=ON, files in %s\n",
                ROADMAPD_BENCH_BUILD_TYPE, sqlite3_libversion(), dir.c_str());
    std::printf("  %d measured runs of each side after one warm-up; ratios are taken within a run\n\n", opt.runs);
    std::printf("  %-28s %12s %12s %12s\n", "", "min", "median", "max");
    bench::print_row("roadmapd ingest (items/s)", bench::spread_of(ours_rate), 0);
    bench::print_row("SQLite floor (items/s)", bench::spread_of(floor_rate), 0);
    const auto r = bench::spread_of(ratio);
    bench::print_row("ratio roadmapd/floor", r, 2);
    const auto rp = bench::spread_of(plain_ratio);
    bench::print_row("  the same, history off", rp, 2);
    bench::print_row("floor, commit per page (it/s)", bench::spread_of(paged_rate), 0);
    bench::print_row("ratio roadmapd/that", bench::spread_of(paged_ratio), 2);
    std::printf("  share of roadmapd's time:\n");
    bench::print_row("  parse JSON (%)", bench::spread_of(parse_share), 1);
    bench::print_row("  decode into structs (%)", bench::spread_of(decode_share), 1);
    bench::print_row("  store in SQLite (%)", bench::spread_of(store_share), 1);
    std::printf("  a second read, nothing changed:\n");
    bench::print_row("  history on (items/s)", bench::spread_of(reread_rate), 0);
    bench::print_row("  history off (items/s)", bench::spread_of(reread_plain_rate), 0);
    bench::print_row("  ratio on/off", bench::spread_of(reread_ratio), 2);
    std::printf("\n  target: roadmapd at least 0.50 of the floor's rate: %s (median %.2f)\n",
                r.median >= 0.5 ? "met" : "NOT met", r.median);
    std::printf("  target: history on costs at most 0.05 of that ratio: %s (%.2f on, %.2f off)\n",
                rp.median - r.median <= 0.05 ? "met" : "NOT met", r.median, rp.median);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "ingest_bench: " << e.what() << "\n";
    return 1;
  }
}

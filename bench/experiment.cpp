// TEMPORARY experiment, not part of the deliverable.
#include <sqlite3.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include "board_pages.hpp"
#include "github/json.hpp"
#include "raw_insert.hpp"
#include "store/database.hpp"
#include "store/mirror.hpp"
#include "sync/decode.hpp"
namespace fs = std::filesystem;
using namespace roadmapd;
using C = std::chrono::steady_clock;
static void rm(const fs::path& p){ for (const char* s : {"", "-wal", "-shm"}) fs::remove(p.string()+s); }
int main() {
  auto board = bench::make_board_pages(10000, 100, 20261101);
  std::vector<model::item> rows;
  for (auto& t : board.pages) { auto d = github::parse_json(t); auto pg = sync::decode_board_items(*github::find_member(**d,"data")); long off=rows.size(); for (auto& i: pg->items){ i.position+=off; rows.push_back(std::move(i));} }
  fs::path p = "/work/main/build-bench/bench/scratch/exp.db";
  fs::create_directories(p.parent_path());
  for (int rep = 0; rep < 3; ++rep) {
    for (int v = 0; v < 6; ++v) {
      rm(p);
      auto db = store::database::open(p).value();
      store::mirror m(db);
      { store::transaction tx(db); m.upsert_project(board.project); tx.commit(); }
      auto t0 = C::now();
      if (v == 0) bench::raw_insert(db.handle(), rows, 1);
      if (v == 1) for (size_t k = 0; k < rows.size(); k += 100) { std::vector<model::item> part(rows.begin()+k, rows.begin()+k+100); bench::raw_insert(db.handle(), part, 1); }
      if (v == 2) { store::transaction tx(db); for (auto& i : rows) m.upsert_item(i, 1); tx.commit(); }
      if (v == 3) for (size_t k = 0; k < rows.size(); k += 100) { store::transaction tx(db); for (size_t j=k;j<k+100;++j) m.upsert_item(rows[j], 1); tx.commit(); }
      if (v == 4) { db.exec("PRAGMA foreign_keys=OFF"); store::transaction tx(db); for (auto& i : rows) m.upsert_item(i, 1); tx.commit(); }
      if (v == 5) { db.exec("PRAGMA foreign_keys=OFF"); bench::raw_insert(db.handle(), rows, 1); }
      double s = std::chrono::duration<double>(C::now()-t0).count();
      const char* names[] = {"floor 1 txn", "floor txn/page", "mirror 1 txn", "mirror txn/page", "mirror 1txn noFK", "floor noFK"};
      std::printf("%-20s %8.0f items/s\n", names[v], 10000/s);
    }
  }
  rm(p);
}

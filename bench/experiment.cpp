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

static void exec(sqlite3* db, const char* sql){ sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }
struct st { sqlite3_stmt* s=nullptr; st(sqlite3* db, const char* q){ sqlite3_prepare_v3(db,q,-1,SQLITE_PREPARE_PERSISTENT,&s,nullptr);} ~st(){sqlite3_finalize(s);} 
  void t(int i,const std::string& v){ if(v.empty()) sqlite3_bind_null(s,i); else sqlite3_bind_text(s,i,v.data(),v.size(),SQLITE_STATIC);} 
  void t(int i,const std::optional<std::string>& v){ if(!v) sqlite3_bind_null(s,i); else sqlite3_bind_text(s,i,v->data(),v->size(),SQLITE_STATIC);} 
  void n(int i,long long v){ sqlite3_bind_int64(s,i,v);} void go(){ if(sqlite3_step(s)!=SQLITE_DONE) std::printf("ERR %s\n", sqlite3_errmsg(sqlite3_db_handle(s))); sqlite3_reset(s);} };
static void variant(sqlite3* db, const std::vector<model::item>& rows, bool deletes, bool exists, bool upsert) {
  st item(db, upsert ? "INSERT INTO items (id, project_id, type, archived, position, content_id, title, body, content_repo, content_number, content_state, content_url, milestone, updated_at, seen_pass) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15) ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, type = excluded.type, archived = excluded.archived, position = excluded.position, content_id = excluded.content_id, title = excluded.title, body = excluded.body, content_repo = excluded.content_repo, content_number = excluded.content_number, content_state = excluded.content_state, content_url = excluded.content_url, milestone = excluded.milestone, updated_at = excluded.updated_at, seen_pass = excluded.seen_pass" : "INSERT INTO items (id, project_id, type, archived, position, content_id, title, body, content_repo, content_number, content_state, content_url, milestone, updated_at, seen_pass) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)");
  st val(db, exists ? "INSERT OR REPLACE INTO item_field_values (item_id, field_id, kind, text, number, date, option_id, iteration_id) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM project_fields WHERE id = ?2)" : "INSERT INTO item_field_values (item_id, field_id, kind, text, number, date, option_id, iteration_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st d1(db,"DELETE FROM item_field_values WHERE item_id = ?1"), d2(db,"DELETE FROM item_assignees WHERE item_id = ?1"), d3(db,"DELETE FROM item_labels WHERE item_id = ?1");
  st a(db,"INSERT INTO item_assignees (item_id, position, login) VALUES (?1, ?2, ?3)"), l(db,"INSERT INTO item_labels (item_id, position, name) VALUES (?1, ?2, ?3)");
  exec(db,"BEGIN IMMEDIATE");
  for (auto& it : rows) {
    item.t(1,it.id); item.t(2,it.project_id); item.t(3,it.type); item.n(4,it.archived); item.n(5,it.position); item.t(6,it.content_id); item.t(7,it.title); item.t(8,it.body); item.t(9,it.content_repo); if(it.content_number) item.n(10,it.content_number); else sqlite3_bind_null(item.s,10); item.t(11,it.content_state); item.t(12,it.content_url); item.t(13,it.milestone); item.t(14,it.updated_at); item.n(15,1); item.go();
    if (deletes) { d1.t(1,it.id); d1.go(); }
    for (auto& v : it.values) { val.t(1,it.id); val.t(2,v.field_id); val.t(3,v.kind); val.t(4,v.text); if(v.number) sqlite3_bind_double(val.s,5,*v.number); else sqlite3_bind_null(val.s,5); val.t(6,v.date); val.t(7,v.option_id); val.t(8,v.iteration_id); val.go(); }
    if (deletes) { d2.t(1,it.id); d2.go(); }
    for (size_t k=0;k<it.assignees.size();++k){ a.t(1,it.id); a.n(2,k); a.t(3,it.assignees[k]); a.go(); }
    if (deletes) { d3.t(1,it.id); d3.go(); }
    for (size_t k=0;k<it.labels.size();++k){ l.t(1,it.id); l.n(2,k); l.t(3,it.labels[k]); l.go(); }
  }
  exec(db,"COMMIT");
}
int main() {
  auto board = bench::make_board_pages(10000, 100, 20261101);
  std::vector<model::item> rows;
  for (auto& t : board.pages) { auto d = github::parse_json(t); auto pg = sync::decode_board_items(*github::find_member(**d,"data")); long off=rows.size(); for (auto& i: pg->items){ i.position+=off; rows.push_back(std::move(i));} }
  fs::path p = "/work/main/build-bench/bench/scratch/exp.db";
  fs::create_directories(p.parent_path());
  for (int rep = 0; rep < 3; ++rep) {
    for (int v = 0; v < 10; ++v) {
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
      if (v == 6) variant(db.handle(), rows, true, false, false);
      if (v == 7) variant(db.handle(), rows, false, true, false);
      if (v == 8) variant(db.handle(), rows, false, false, true);
      if (v == 9) variant(db.handle(), rows, true, true, true);
      double s = std::chrono::duration<double>(C::now()-t0).count();
      const char* names[] = {"floor 1 txn", "floor txn/page", "mirror 1 txn", "mirror txn/page", "mirror 1txn noFK", "floor noFK", "floor+deletes", "floor+exists", "floor+upsert", "floor+all three"};
      std::printf("%-20s %8.0f items/s\n", names[v], 10000/s);
    }
  }
  rm(p);
}

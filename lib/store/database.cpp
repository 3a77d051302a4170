// database: opening, configuring and migrating the mirror; the statement cache; transactions.
#include "store/database.hpp"

#include <sqlite3.h>

#include <optional>
#include <utility>

#include "store/migrations.hpp"

namespace roadmapd::store {
namespace {

// Turns the SQLite failures that depend on the file, not on roadmapd, into a message for the
// person who configured the path.
std::optional<std::string> explain_open_failure(const std::string& name, const sqlite_error& e) {
  switch (e.primary_code()) {
    case SQLITE_NOTADB:
      return name + ": not a SQLite database (check the configured database path)";
    case SQLITE_CORRUPT:
      return name + ": the database file is corrupt; move it away and roadmapd will mirror anew";
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return name + ": the database is read-only; roadmapd must be able to write the file and its directory";
    case SQLITE_CANTOPEN:
      return name + ": cannot open the database (" + e.what() +
             "); check that the directory exists and is writable";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return name + ": the database is locked by another process (is another roadmapd running?)";
    default:
      return std::nullopt;
  }
}

}  // namespace

result<database> database::open(const std::filesystem::path& path) {
  const std::string name = path.string();
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(name.c_str(), &raw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  database db(raw, name);  // owns the handle even when opening failed
  if (rc != SQLITE_OK) {
    std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    if (auto explained = explain_open_failure(name, sqlite_error(rc, message, {})))
      return make_error(*explained);
    return make_error(name + ": cannot open the database: " + message);
  }
  sqlite3_extended_result_codes(raw, 1);
  // SQLite silently falls back to read-only when the file is write-protected.
  if (sqlite3_db_readonly(raw, "main") == 1)
    return make_error(name + ": the database is read-only; roadmapd must be able to write the file and its directory");

  try {
    db.exec("PRAGMA busy_timeout = 5000");
    db.journal_mode();  // the first read: fails here if the file is not a database
    auto& app = db.prepare("PRAGMA application_id");
    app.step();
    const int app_id = app.column_int(0);
    app.reset();
    const int version = db.schema_version();
    if (app_id != 0 && app_id != application_id)
      return make_error(name + ": a SQLite database of another application (application_id " +
                        std::to_string(app_id) + "); give roadmapd its own database path");
    if (app_id == 0 && version == 0) {
      auto& tables = db.prepare("SELECT count(*) FROM sqlite_schema");
      tables.step();
      const bool empty = tables.column_int64(0) == 0;
      tables.reset();
      if (!empty)
        return make_error(name + ": a SQLite database that is not a roadmapd mirror (it has tables "
                          "but no roadmapd schema); give roadmapd its own database path");
    }
    if (version > latest_schema_version())
      return make_error(name + ": schema version " + std::to_string(version) +
                        " is newer than this roadmapd (" + std::to_string(latest_schema_version()) +
                        "); upgrade roadmapd");
    auto& wal = db.prepare("PRAGMA journal_mode = WAL");
    wal.step();
    wal.reset();
    // NORMAL is durable across application crashes in WAL mode; only a power loss can drop the
    // last transactions, which the next sync pass fetches again.
    db.exec("PRAGMA synchronous = NORMAL");
    migrate(db, migrations());
    db.exec("PRAGMA foreign_keys = ON");
  } catch (const sqlite_error& e) {
    if (auto explained = explain_open_failure(name, e)) return make_error(*explained);
    throw;
  }
  return db;
}

result<database> database::open_reader(const std::filesystem::path& path) {
  const std::string name = path.string();
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(name.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  database db(raw, name);
  if (rc != SQLITE_OK) return make_error(name + ": cannot open the database to read: " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_extended_result_codes(raw, 1);
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    if (db.journal_mode() != "wal") return make_error(name + ": not a roadmapd mirror in WAL mode");
    const int version = db.schema_version();
    if (version != latest_schema_version()) {
      return make_error(name + ": schema version " + std::to_string(version) + ", this roadmapd reads " +
                        std::to_string(latest_schema_version()));
    }
  } catch (const sqlite_error& e) {
    return make_error(name + ": cannot read the database: " + e.what());
  }
  return db;
}

bool database::readers_see_the_same() const {
  return !name_.empty() && name_ != ":memory:" && sqlite3_get_autocommit(db_) != 0;
}

database::database(database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      name_(std::move(other.name_)),
      change_log_(std::exchange(other.change_log_, nullptr)),
      cache_(std::move(other.cache_)) {}

database& database::operator=(database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    name_ = std::move(other.name_);
    cache_ = std::move(other.cache_);
    change_log_ = std::exchange(other.change_log_, nullptr);
  }
  return *this;
}

database::~database() { close(); }

void database::close() noexcept {
  cache_.clear();  // statements must be finalized before the connection closes
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
}

void database::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string why = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw sqlite_error(sqlite3_extended_errcode(db_), why, sql);
  }
}

statement& database::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end())
    it = cache_.emplace(std::string(sql), std::make_unique<statement>(db_, sql)).first;
  it->second->reset();
  return *it->second;
}

int database::schema_version() {
  auto& st = prepare("PRAGMA user_version");
  st.step();
  int version = st.column_int(0);
  st.reset();
  return version;
}

std::string database::journal_mode() {
  auto& st = prepare("PRAGMA journal_mode");
  st.step();
  std::string mode = st.column_text(0);
  st.reset();
  return mode;
}

std::int64_t database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

transaction::transaction(database& db) : db_(db) { db_.prepare("BEGIN IMMEDIATE").execute(); }

transaction::~transaction() {
  if (!open_) return;
  try {
    db_.prepare("ROLLBACK").execute();
  } catch (const sqlite_error&) {
    // SQLite may already have rolled back by itself (after SQLITE_FULL, SQLITE_IOERR, ...).
  }
}

void transaction::commit() {
  db_.prepare("COMMIT").execute();
  open_ = false;
}

savepoint::savepoint(database& db) : db_(db) { db_.prepare("SAVEPOINT roadmapd_unit").execute(); }

savepoint::~savepoint() {
  if (!open_) return;
  try {
    db_.prepare("ROLLBACK TO roadmapd_unit").execute();
    db_.prepare("RELEASE roadmapd_unit").execute();
  } catch (const sqlite_error&) {
    // As for a transaction: SQLite may have rolled back the whole transaction by itself.
  }
}

void savepoint::release() {
  db_.prepare("RELEASE roadmapd_unit").execute();
  open_ = false;
}

std::string_view to_string(write_source s) {
  switch (s) {
    case write_source::poll: return "poll";
    case write_source::full_resync: return "full-resync";
    case write_source::webhook: return "webhook";
    case write_source::roadmapd: return "roadmapd";
  }
  return "poll";
}

}  // namespace roadmapd::store

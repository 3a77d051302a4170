// One SQLite connection to the mirror (RAII), its statement cache, and transactions.
// open() returns an error for what depends on the file (not a database, read-only, a schema newer
// than this binary); everything else that fails throws store::sqlite_error.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/change_log.hpp"
#include "store/statement.hpp"
#include "util/result.hpp"
#include "util/text.hpp"

struct sqlite3;

namespace roadmapd::store {

class database {
 public:
  // Opens or creates the file (":memory:" for a private in-memory database), configures the
  // connection (WAL, foreign keys, busy timeout, synchronous=NORMAL) and migrates the schema to
  // the newest version this binary knows.
  static result<database> open(const std::filesystem::path& path);

  // A second, read-only connection to a mirror another connection opened: for reading beside it
  // on another thread (WAL lets readers and the writer go on together). Never migrates; a schema
  // other than this binary's is an error.
  static result<database> open_reader(const std::filesystem::path& path);

  database(database&& other) noexcept;
  database& operator=(database&& other) noexcept;
  ~database();

  // Runs one or more statements without results (schema changes, pragmas).
  void exec(std::string_view sql);
  // The cached prepared statement for this SQL text, reset and with its bindings cleared. The
  // reference stays valid as long as the database. Do not re-prepare a statement you are still
  // stepping through: it would be reset under you.
  statement& prepare(std::string_view sql);

  int schema_version();                  // PRAGMA user_version
  std::string journal_mode();            // "wal" for a file, "memory" for ":memory:"
  std::int64_t last_insert_rowid() const;
  const std::string& name() const { return name_; }
  // Whether a reader opened now (open_reader) sees what this connection sees: the mirror is a file
  // and this connection holds no open transaction.
  bool readers_see_the_same() const;
  sqlite3* handle() const { return db_; }

  // The change log told about every mirror write (lib/history); nullptr: no history is kept. It must
  // outlive the writes.
  void set_change_log(store::change_log* log) { change_log_ = log; }
  store::change_log* change_log() const { return change_log_; }

 private:
  database(sqlite3* db, std::string name) : db_(db), name_(std::move(name)) {}
  void close() noexcept;

  sqlite3* db_ = nullptr;
  std::string name_;
  store::change_log* change_log_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<statement>, util::text_hash, std::equal_to<>> cache_;
};

// BEGIN IMMEDIATE on construction; rolls back in the destructor unless commit() was called.
// Immediate so that a second writer waits (busy_timeout) at BEGIN rather than failing mid-way.
class transaction {
 public:
  explicit transaction(database& db);
  ~transaction();
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;

  void commit();

 private:
  database& db_;
  bool open_ = true;
};

// A nested unit inside a transaction (SAVEPOINT): rolling it back undoes only its own writes, so one
// failing piece of a batch leaves the others to commit. Destroyed without release(): rolled back.
class savepoint {
 public:
  explicit savepoint(database& db);
  ~savepoint();
  savepoint(const savepoint&) = delete;
  savepoint& operator=(const savepoint&) = delete;

  void release();

 private:
  database& db_;
  bool open_ = true;
};

}  // namespace roadmapd::store

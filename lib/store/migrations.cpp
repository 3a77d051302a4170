// Applying the embedded migrations.
#include "store/migrations.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

#include <sqlite3.h>

#include "store/database.hpp"
#include "store/embedded_migrations.hpp"

namespace roadmapd::store {
namespace {

std::vector<migration> load() {
  std::vector<migration> list;
  for (const auto& file : embedded::files()) {
    int version = 0;
    auto [end, ec] = std::from_chars(file.name.data(), file.name.data() + file.name.size(), version);
    if (ec != std::errc{} || end == file.name.data() || *end != '_')
      throw std::logic_error("migration file name must start with its number: " + std::string(file.name));
    list.push_back({version, file.name, file.text});
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].version != static_cast<int>(i) + 1)
      throw std::logic_error("migrations must be numbered 1..n in order; found " +
                             std::string(list[i].name) + " at position " + std::to_string(i + 1));
  }
  return list;
}

}  // namespace

std::span<const migration> migrations() {
  static const std::vector<migration> list = load();
  return list;
}

int latest_schema_version() { return static_cast<int>(migrations().size()); }

void migrate(database& db, std::span<const migration> list) {
  // Rebuilding a table (the usual way to alter one in SQLite) needs foreign keys off, and the
  // pragma is a no-op inside a transaction; they are checked once all migrations ran.
  db.exec("PRAGMA foreign_keys = OFF");
  struct foreign_keys_back_on {
    database& db;
    ~foreign_keys_back_on() {
      try {
        db.exec("PRAGMA foreign_keys = ON");
      } catch (const sqlite_error&) {
        // Only reachable on a broken connection, which the caller is already unwinding from.
      }
    }
  } guard{db};
  for (const auto& m : list) {
    transaction tx(db);
    // Re-read inside the write lock: another process may have migrated meanwhile.
    if (db.schema_version() >= m.version) continue;
    try {
      db.exec(m.sql);
      db.exec("PRAGMA user_version = " + std::to_string(m.version));
    } catch (const sqlite_error& e) {
      throw sqlite_error(e.code(), "migration " + std::string(m.name) + " failed: " + e.what(), {});
    }
    tx.commit();
  }
  auto& check = db.prepare("PRAGMA foreign_key_check");
  if (check.step()) {
    std::string table = check.column_text(0);
    check.reset();
    throw sqlite_error(SQLITE_CONSTRAINT_FOREIGNKEY, "after migrating, rows of " + table + " violate a foreign key", {});
  }
}

}  // namespace roadmapd::store

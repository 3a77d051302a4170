// Schema migrations: numbered .sql files in lib/store/migrations/, embedded at build time. Each
// one runs in its own transaction and sets PRAGMA user_version to its number.
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace roadmapd::store {

class database;

struct migration {
  int version = 0;        // from the file name: 0003_x.sql is version 3
  std::string_view name;  // file name
  std::string_view sql;
};

// PRAGMA application_id of a roadmapd mirror ('roam'); set by the first migration.
inline constexpr int application_id = 1919247716;

// The embedded migrations, ordered by version, numbered 1..n without gaps.
std::span<const migration> migrations();
// The schema version this binary creates and understands.
int latest_schema_version();

// Applies the migrations newer than the database's version, in order, each in its own
// transaction. Throws sqlite_error (naming the migration) if one fails; earlier ones stay applied.
void migrate(database& db, std::span<const migration> list);

}  // namespace roadmapd::store

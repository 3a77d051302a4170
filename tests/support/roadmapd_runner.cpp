// roadmapd runner (see roadmapd_runner.hpp).
#include "roadmapd_runner.hpp"

#include <sqlite3.h>
#include <chrono>
#include <regex>
#include <stdexcept>
#include <thread>

namespace roadmapd::test {

std::string fixture_targets_toml() {
  return read_file(std::filesystem::path(ROADMAPD_FAKE_GITHUB_DIR) / "fixtures" / "roadmap.targets.toml");
}

std::filesystem::path write_config(const temp_dir& dir, const fake_github& fake, std::string_view body,
                                   std::string_view sync_section) {
  dir.write("github-token", std::string(fake_github::token) + "\n");
  std::string text = "[github]\napi_url = \"" + fake.api_url() + "\"\ntoken_file = \"github-token\"\nca_file = \"" +
                     fake.ca_file().string() +
                     "\"\nrequest_timeout = \"5s\"\nsecondary_limit_wait = \"1s\"\nmax_attempts = 4\n\n"
                     "[storage]\ndatabase = \"mirror.db\"\n\n" +
                     std::string(sync_section) + "\n[log]\nlevel = \"debug\"\n\n" +
                     (body.empty() ? fixture_targets_toml() : std::string(body));
  return dir.write("roadmapd.toml", text);
}

run_result roadmapd(std::vector<std::string> args, const temp_dir& dir, std::chrono::milliseconds timeout) {
  args.insert(args.begin(), ROADMAPD_BINARY);
  return run_command(std::move(args), dir.path(), timeout);
}

std::uint16_t listening_port(const std::string& log) {
  static const std::regex line(R"(webhook endpoint (?:now )?listening on http://127\.0\.0\.1:(\d+)/)");
  std::uint16_t port = 0;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), line); it != std::sregex_iterator(); ++it) {
    port = static_cast<std::uint16_t>(std::stoi((*it)[1].str()));
  }
  return port;
}

std::uint16_t wait_for_listening_port(process& daemon) {
  for (int i = 0; i < 500; ++i) {
    if (const auto port = listening_port(daemon.err())) return port;
    if (!daemon.running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return listening_port(daemon.err());
}

rows query(const std::filesystem::path& database, std::string_view sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + database.string());
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error("bad test query: " + msg + ": " + std::string(sql));
  }
  rows out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      const auto* text = sqlite3_column_text(stmt, c);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    out.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

void execute(const std::filesystem::path& database, std::string_view sql) {
  sqlite3* db = nullptr;
  char* message = nullptr;
  const bool ok = sqlite3_open(database.c_str(), &db) == SQLITE_OK &&
                  sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, &message) == SQLITE_OK;
  std::string why = message ? message : (db ? sqlite3_errmsg(db) : "cannot open");
  sqlite3_free(message);
  sqlite3_close(db);
  if (!ok) throw std::runtime_error("execute failed: " + why + ": " + std::string(sql));
}

std::string scalar(const std::filesystem::path& database, std::string_view sql) {
  auto r = query(database, sql);
  if (r.size() != 1 || r[0].size() != 1) throw std::runtime_error("expected one value from: " + std::string(sql));
  return r[0][0];
}

}  // namespace roadmapd::test

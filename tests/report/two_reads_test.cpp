// A "what changed" report reads on read-only connections beside its own when it can (a file mirror,
// no open transaction) and on its own connection otherwise: both must say the same.
#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>

#include "config/config.hpp"
#include "report/report.hpp"
#include "store/database.hpp"
#include "util/time.hpp"

namespace roadmapd::report {
namespace {

namespace fs = std::filesystem;

// One board with quarterly columns, a tracking issue per item, and a history in and before the window.
void plant(store::database& db) {
  db.exec("INSERT INTO projects (id, owner, number, title, url, closed, synced_at) VALUES ('P', 'apache', 1, 'Roadmap', "
          "'https://github.com/orgs/apache/projects/1', 0, 'x')");
  db.exec("INSERT INTO project_fields (id, project_id, name, data_type, position) VALUES ('F', 'P', 'Status', 'SINGLE_SELECT', 0)");
  const char* columns[] = {"Q1 2027", "Q2 2027", "Q3 2027", "Done"};
  for (int k = 0; k < 4; ++k) {
    db.exec("INSERT INTO field_options (field_id, id, name, position) VALUES ('F', 'O" + std::to_string(k) + "', '" +
            columns[k] + "', " + std::to_string(k) + ")");
  }
  db.exec("INSERT INTO changes (at, seen_at, board, project_id, kind, attribute, source) VALUES "
          "('2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z', 'apache/1', 'P', 'board', 'history-start', 'poll')");
  std::mt19937 rng(7);
  for (int n = 1; n <= 40; ++n) {
    const std::string num = std::to_string(n), item = "PVTI" + num, issue = "I" + num;
    db.exec("INSERT INTO issues (id, repo, number, is_pull_request, title, body, state, url, created_at, updated_at, seen_pass, "
            "is_tracking) VALUES ('" + issue + "', 'apache/tvm', " + num + ", 0, 'Item " + num + "', '', '" +
            (n % 5 == 0 ? "CLOSED" : "OPEN") + "', 'https://github.com/apache/tvm/issues/" + num +
            "', '2026-06-01T00:00:00Z', '2026-12-01T00:00:00Z', 1, 1)");
    db.exec("INSERT INTO items (id, project_id, type, position, content_id, content_repo, content_number, content_state, "
            "content_url, seen_pass) VALUES ('" + item + "', 'P', 'ISSUE', " + num + ", '" + issue + "', 'apache/tvm', " + num +
            ", 'OPEN', 'https://github.com/apache/tvm/issues/" + num + "', 1)");
    db.exec("INSERT INTO item_field_values (item_id, field_id, kind, option_id) VALUES ('" + item + "', 'F', 'single_select', 'O" +
            std::to_string(n % 3) + "')");
    for (int c = 0; c < 6; ++c) {
      const std::string at = "2026-" + std::string(c < 3 ? "09" : "11") + "-" + std::to_string(10 + rng() % 18) + "T12:00:00Z";
      const int done = static_cast<int>(rng() % 4);
      db.exec(c % 2 == 0
                  ? "INSERT INTO changes (at, seen_at, board, project_id, item_id, content_id, kind, attribute, old_value, "
                    "new_value, source) VALUES ('" + at + "', '" + at + "', 'apache/1', 'P', '" + item + "', '" + issue +
                        "', 'field', 'Status', '" + columns[rng() % 3] + "', '" + columns[rng() % 4] + "', 'poll')"
                  : "INSERT INTO changes (at, seen_at, content_id, kind, attribute, old_value, new_value, source) VALUES ('" + at +
                        "', '" + at + "', '" + issue + "', 'tracking', 'progress', '" + std::to_string(done) + "/4', '" +
                        std::to_string(done + 1) + "/4', 'poll')");
    }
  }
}

std::string json_of(store::database& db, const config::settings& s, const request& r) {
  auto built = build(db, s, r);
  EXPECT_TRUE(built) << (built ? "" : built.message());
  return built ? render(*built, format::json) : std::string();
}

TEST(report_reads, beside_its_connection_and_on_it_alone_say_the_same) {
  const fs::path dir = fs::temp_directory_path() / ("roadmapd-two-reads-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    auto db = std::move(store::database::open(dir / "mirror.db").value());
    plant(db);
    config::settings s;
    s.projects.push_back({"apache", 1});
    request r;
    r.now = *util::parse_iso8601("2026-12-01T00:00:00Z");
    r.since = *util::parse_iso8601("2026-10-01T00:00:00Z");

    ASSERT_TRUE(db.readers_see_the_same());
    const std::string beside = json_of(db, s, r);
    std::string alone;
    {
      store::transaction tx(db);  // an open transaction: everything is read on this connection
      ASSERT_FALSE(db.readers_see_the_same());
      alone = json_of(db, s, r);
    }
    EXPECT_EQ(beside, alone);
    // Not two empty reports: the window's moves and tracking progress are in both.
    rapidjson::Document doc;
    doc.Parse(beside.c_str());
    ASSERT_FALSE(doc.HasParseError());
    EXPECT_GT(doc["changes"]["moved"].Size() + doc["changes"]["finished"].Size(), 0u);
    EXPECT_GT(doc["changes"]["progress"].Size(), 0u);
  }
  fs::remove_all(dir);
}

TEST(report_reads, an_in_memory_mirror_has_no_reader_beside_it) {
  auto db = std::move(store::database::open(":memory:").value());
  EXPECT_FALSE(db.readers_see_the_same());
}

}  // namespace
}  // namespace roadmapd::report

// Runs the real roadmapd binary against a fake GitHub: writes a config (and token file) into the
// test's directory, runs commands, reads the mirror back with plain SQL.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "fake_github.hpp"
#include "process.hpp"
#include "temp_dir.hpp"

namespace roadmapd::test {

// The fixture's boards and repositories, as a config would list them.
std::string fixture_targets_toml();

// Writes dir/roadmapd.toml pointing at `fake` (token file, CA, database dir/mirror.db) plus `body`
// (the [[project]]/[[repository]] blocks, fixture_targets_toml() by default). Returns its path.
std::filesystem::path write_config(const temp_dir& dir, const fake_github& fake, std::string_view body = {},
                                   std::string_view sync_section = "[sync]\ninterval = \"10s\"\nfull_resync = \"6h\"\n");

// Runs roadmapd with `args`; the binary is the one built with the tests.
run_result roadmapd(std::vector<std::string> args, const temp_dir& dir,
                    std::chrono::milliseconds timeout = std::chrono::seconds(180));

// The port of the last "webhook endpoint [now ]listening on http://127.0.0.1:PORT/" line of a
// daemon's log (a reload may move it); 0 when there is none.
std::uint16_t listening_port(const std::string& log);
// Waits up to 10 s for a starting daemon to log that line; 0 when it exited or never did.
std::uint16_t wait_for_listening_port(process& daemon);

// Rows of a query against a SQLite file, each column as text ("NULL" for null).
using rows = std::vector<std::vector<std::string>>;
rows query(const std::filesystem::path& database, std::string_view sql);
// Runs statements against a SQLite file (tests that tamper with a mirror on purpose).
void execute(const std::filesystem::path& database, std::string_view sql);
// The single value of a one-row, one-column query.
std::string scalar(const std::filesystem::path& database, std::string_view sql);

}  // namespace roadmapd::test

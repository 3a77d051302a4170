// The content of a mirror as sorted text rows, without sync bookkeeping (pass numbers, local sync
// times), so that two mirrors of the same GitHub state compare equal however they were reached.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "roadmapd_runner.hpp"

namespace roadmapd::test {

// Table name -> its rows, sorted, each column as text.
using mirror_snapshot = std::map<std::string, rows>;

// The mirrored tables of `database`: projects, their fields, options, iterations and items with
// values, assignees and labels; issues with labels, assignees and tracking tasks.
mirror_snapshot snapshot(const std::filesystem::path& database);

// "" when equal; else which tables differ, with row counts and the first differing rows.
std::string difference(const mirror_snapshot& expected, const mirror_snapshot& actual);

}  // namespace roadmapd::test

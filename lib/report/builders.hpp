// The body of each report kind, built into the report's JSON (report.cpp adds the header: kind,
// generated_at, boards, where history starts).
#pragma once

#include "config/config.hpp"
#include "report/json.hpp"
#include "report/report.hpp"
#include "report/roadmap.hpp"
#include "report/window.hpp"
#include "store/database.hpp"

namespace roadmapd::report {

// `w`: the window's rows (window.hpp), read before or beside the roadmap.
json_value changes_report(store::database& db, const config::settings& settings, const roadmap& map, const request& r,
                          window w, json_allocator& a);
json_value quarter_report(store::database& db, const config::settings& settings, const roadmap& map, const request& r,
                          json_allocator& a);
// Errors: a milestone no mirrored issue has (naming the ones there are).
result<json_value> release_report(store::database& db, const config::settings& settings, const roadmap& map,
                                  const request& r, json_allocator& a);

}  // namespace roadmapd::report

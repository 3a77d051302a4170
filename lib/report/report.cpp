// build (see report.hpp): the header every report shares, then the kind's body (builders.hpp).
#include "report/report.hpp"

#include <future>
#include <optional>

#include "history/timeline.hpp"
#include "report/builders.hpp"
#include "report/window.hpp"
#include "rules/item_tests.hpp"
#include "util/time.hpp"

namespace roadmapd::report {

result<rapidjson::Document> build(store::database& db, const config::settings& settings, const request& r) {
  if (r.kind == kind::changes && r.since > r.now) {
    return make_error("--since " + util::to_iso8601(r.since) + " is in the future (now is " + util::to_iso8601(r.now) + ")");
  }
  for (const auto& q : r.quarters) {
    if (!rules::parse_quarter(q)) return make_error("\"" + q + "\" is not a quarter (write it like \"Q3 2027\")");
  }
  if (r.kind == kind::quarter && r.quarters.size() != 1) return make_error("a quarter review takes exactly one --quarter");
  if (r.kind == kind::release && r.milestone.empty() && r.quarters.empty()) {
    return make_error("a release roadmap takes --milestone NAME or the --quarter(s) the release spans");
  }
  // The window's rows are plain reads that take about as long as judging the roadmap: on a second
  // connection, beside it, when the mirror is a file and this connection holds no transaction (the
  // reader then sees what this one sees). Otherwise after it, on this connection.
  const std::string since = util::to_iso8601(r.since), until = util::to_iso8601(r.now);
  std::future<std::optional<window>> beside;
  if (r.kind == kind::changes && db.readers_see_the_same()) {
    beside = std::async(std::launch::async, [path = db.name(), since, until]() -> std::optional<window> {
      auto reader = store::database::open_reader(path);
      if (!reader) return std::nullopt;
      return read_window(*reader, since, until);
    });
  }
  auto map = load_roadmap(db, settings, r.board, r.now);
  std::optional<window> read = beside.valid() ? beside.get() : std::nullopt;  // rethrows what the reader threw
  if (!map) return map.err();

  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  history::timeline t(db);
  json_value boards(rapidjson::kArrayType);
  std::string latest_start;
  for (const auto& b : map->boards) {
    const auto start = t.board_start(b.project_id);
    latest_start = std::max(latest_start, start);
    json_object o(a);
    o.set("board", b.name).set("title", b.title).set("history_start", start);
    boards.PushBack(o.take(), a);
  }
  const std::string now = util::to_iso8601(r.now);
  json_object head(a);
  head.set("schema", "roadmapd.report/1").set("generated_at", now).set("boards", std::move(boards));

  std::string title, note;
  json_value body;
  if (r.kind == kind::changes) {
    title = "Roadmap changes from " + since.substr(0, 10) + " to " + now.substr(0, 10);
    head.set("kind", "changes").set("since", since).set("until", now);
    if (latest_start.empty() || latest_start > since) {
      note = latest_start.empty() ? "roadmapd has not read every board yet: there is no history to report."
                                  : "History starts on " + latest_start.substr(0, 10) +
                                        ", the first complete read of a board: nothing before it is known (GitHub keeps no "
                                        "history of field values).";
    }
    body = changes_report(db, settings, *map, r, read ? std::move(*read) : read_window(db, since, until), a);
  } else if (r.kind == kind::quarter) {
    const auto q = rules::parse_quarter(r.quarters.front());
    title = q->column + " review";
    head.set("kind", "quarter");
    if (latest_start.empty() || latest_start > q->start + "T00:00:00Z") {
      note = "History starts on " + (latest_start.empty() ? now : latest_start).substr(0, 10) +
             ", after this quarter began: what was planned is taken as of then.";
    }
    body = quarter_report(db, settings, *map, r, a);
  } else {
    title = r.milestone.empty() ? "Release roadmap" : "Release roadmap: " + r.milestone;
    head.set("kind", "release");
    auto built = release_report(db, settings, *map, r, a);
    if (!built) return built.err();
    body = std::move(*built);
  }
  head.set("title", title).set("history_note", note.empty() ? std::nullopt : std::optional<std::string>(note)).set(r.kind == kind::changes ? "changes" : r.kind == kind::quarter ? "quarter" : "release",
                                                        std::move(body));
  json_value v = head.take();
  static_cast<json_value&>(doc).Swap(v);  // the document takes the object (same allocator)
  return doc;
}

}  // namespace roadmapd::report

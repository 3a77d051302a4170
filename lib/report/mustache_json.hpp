// Mustache over a JSON document, looked up as the template asks: a kainjow context whose names are
// resolved in the JSON (and in the few names derived from it, below) when a tag is rendered, each
// value made then and freed when its section ends.
//
// Why not convert the JSON into kainjow's data first: a report's tree holds hundreds of thousands
// of values, each a few allocations; building it, then freeing it long after, cost four times the
// rendering itself (docs/performance.md, section 5). Looked up lazily, a value lives for the few
// microseconds its entry takes to render.
//
// Names, beside each member of an object:
//   X_count, has_X   beside an array X: its size, and whether it has any entry
//   link             an object with a title (and url, ref): a Markdown link to GitHub, escaped
//   bar              an object with done and total: "█████░░░░░ 4/8"
//   owners_text      an owners array: `login`, `login` (named, never mentioned), or "nobody yet"
//   from_code, to_code  a from/to string as code (an owner or column: no @-mention)
//   X_date           a time (at, since, until, generated_at) as its date
//   goals_quote      a goals text, quoted line by line
// A dotted name (item.link) is resolved from the innermost object that has its first part, as
// kainjow's own context does; null is false; numbers are their text.
#pragma once

#include <string>

#include <kainjow/mustache.hpp>
#include <rapidjson/document.h>

namespace roadmapd::report {

// Markdown escaping of untrusted text (the custom escape of a Markdown template), and a link to
// GitHub with its title escaped; anything else than an https URL leaves the plain title.
std::string markdown_escape(const std::string& text);
std::string markdown_link(const std::string& title, const std::string& url);

// Renders `tmpl` over `root`. Throws std::logic_error when the template is invalid.
std::string render_json(kainjow::mustache::mustache& tmpl, const rapidjson::Value& root);

}  // namespace roadmapd::report

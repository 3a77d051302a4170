// Mustache over JSON (lib/report/mustache_json): the names it looks up, as a converted tree held
// them, and values that live only while their entry is rendered.
#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include "report/mustache_json.hpp"

namespace roadmapd::report {
namespace {

namespace mst = kainjow::mustache;

std::string render(const std::string& tmpl_text, const char* json) {
  rapidjson::Document doc;
  doc.Parse(json);
  EXPECT_FALSE(doc.HasParseError());
  mst::mustache tmpl{tmpl_text};
  tmpl.set_custom_escape(markdown_escape);
  return render_json(tmpl, doc);
}

TEST(mustache_json, members_lists_and_outer_names_resolve_as_kainjow_resolves_them) {
  const char* json = R"({"title": "Report", "rows": [{"name": "a", "n": 1}, {"name": "b", "n": 2, "title": "own"}],
                         "tags": ["x", "y"], "none": null, "flag": true, "ratio": 0.5})";
  // An entry's own name first, then the report's; {{.}} in a list of strings; null is false.
  EXPECT_EQ(render("{{#rows}}{{name}}{{n}} {{title}};{{/rows}}", json), "a1 Report;b2 own;");
  EXPECT_EQ(render("{{#tags}}[{{.}}]{{/tags}}", json), "[x][y]");
  EXPECT_EQ(render("{{^none}}no{{/none}}{{#none}}yes{{/none}}{{#flag}}on{{/flag}}", json), "noon");
  EXPECT_EQ(render("{{rows_count}} {{tags_count}} {{#has_rows}}some{{/has_rows}}", json), "2 2 some");
  EXPECT_EQ(render("{{missing}}|{{rows.missing}}|", json), "||");
}

TEST(mustache_json, dotted_names_derived_names_and_escaping) {
  const char* json = R"({"entries": [
      {"item": {"title": "Fix *all* [the] | bugs", "ref": "apache/tvm#12", "url": "https://github.com/apache/tvm/issues/12",
                "owners": ["@tqchen", "a`b"], "progress": {"done": 4, "total": 8, "reason": "4 of 8 done"}},
       "at": "2027-01-15T10:00:00Z", "from": "@areusch", "to": null}]})";
  EXPECT_EQ(render("{{#entries}}{{{item.link}}}{{/entries}}", json),
            "[apache/tvm#12 Fix \\*all\\* \\[the\\] \\| bugs](https://github.com/apache/tvm/issues/12)");
  EXPECT_EQ(render("{{#entries}}{{item.progress.reason}}: {{{item.progress.bar}}}{{/entries}}", json),
            "4 of 8 done: \u2588\u2588\u2588\u2588\u2588\u2591\u2591\u2591\u2591\u2591 4/8");
  EXPECT_EQ(render("{{#entries}}{{{item.owners_text}}} on {{at_date}}{{/entries}}", json), "`tqchen`, `a'b` on 2027-01-15");
  EXPECT_EQ(render("{{#entries}}{{#from}}{{{from_code}}}{{/from}} -> {{#to}}{{{to_code}}}{{/to}}{{^to}}nobody{{/to}}{{/entries}}",
                   json),
            "`areusch` -> nobody");
  // A title from GitHub cannot become a link of its own, and a URL that is not https stays text.
  EXPECT_EQ(render("{{#e}}{{{link}}}{{/e}}", R"j({"e": {"title": "<b>x</b>", "url": "javascript:alert(1)"}})j"),
            "\\<b\\>x\\</b\\>");
}

TEST(mustache_json, a_large_list_renders_every_entry_in_order) {
  std::string json = "{\"rows\": [";
  for (int i = 0; i < 5000; ++i) json += (i ? "," : "") + std::string("{\"n\": ") + std::to_string(i) + ", \"tags\": [\"t\"]}";
  json += "]}";
  const std::string out = render("{{#rows}}{{n}}{{#tags}}{{.}}{{/tags}},{{/rows}}", json.c_str());
  std::string expected;
  for (int i = 0; i < 5000; ++i) expected += std::to_string(i) + "t,";
  EXPECT_EQ(out, expected);
}

TEST(mustache_json, an_invalid_template_is_an_error_naming_it) {
  rapidjson::Document doc;
  doc.Parse("{}");
  mst::mustache tmpl{std::string("{{#open}}never closed")};
  EXPECT_THROW(render_json(tmpl, doc), std::logic_error);
}

}  // namespace
}  // namespace roadmapd::report

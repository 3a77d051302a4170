// render (see report.hpp): the JSON as it is, or through the report's Mustache template
// (templates/*.md.mustache, embedded at build time) as Markdown; HTML is that Markdown through
// cmark-gfm, in a page of its own (templates/page.html.mustache). Every text from GitHub is escaped
// for Markdown on its way in, so a title cannot become a link, a heading or a table cell of its own;
// cmark-gfm then drops raw HTML.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <kainjow/mustache.hpp>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <memory>
#include <stdexcept>

#include "report/mustache_json.hpp"
#include "report/report.hpp"
#include "report/templates.hpp"

namespace roadmapd::report {
namespace {

namespace mst = kainjow::mustache;

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_page(const std::string& title, const std::string& body) {
  mst::mustache tmpl{std::string(templates::page)};
  if (!tmpl.is_valid()) throw std::logic_error("report template: " + tmpl.error_message());
  tmpl.set_custom_escape(html_escape);
  mst::data page;
  page.set("title", title);
  page.set("body", body);
  return tmpl.render(page);
}

std::string markdown_to_html(const std::string& markdown) {
  cmark_gfm_core_extensions_ensure_registered();
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(cmark_parser_new(CMARK_OPT_DEFAULT), &cmark_parser_free);
  for (const char* name : {"table", "autolink", "strikethrough"}) {
    if (auto* e = cmark_find_syntax_extension(name)) cmark_parser_attach_syntax_extension(parser.get(), e);
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> doc(cmark_parser_finish(parser.get()), &cmark_node_free);
  // CMARK_OPT_DEFAULT, not UNSAFE: raw HTML and javascript: links come out as nothing.
  char* html = cmark_render_html(doc.get(), CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser.get()));
  std::string out(html);
  std::free(html);
  return out;
}

}  // namespace

std::string render(const rapidjson::Document& report, format f) {
  if (f == format::json) {
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
    w.SetIndent(' ', 2);
    report.Accept(w);
    return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
  }
  const std::string kind = report["kind"].GetString();
  const std::string_view text = kind == "changes" ? templates::changes : kind == "quarter" ? templates::quarter
                                                                                               : templates::release;
  mst::mustache tmpl{std::string(text)};
  tmpl.set_custom_escape(markdown_escape);
  const std::string markdown = render_json(tmpl, report);
  if (f == format::markdown) return markdown;
  const auto title = report.FindMember("title");
  return render_page(title != report.MemberEnd() && title->value.IsString() ? title->value.GetString() : "roadmapd report",
                     markdown_to_html(markdown));
}

}  // namespace roadmapd::report

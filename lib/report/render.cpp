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

#include <cctype>
#include <memory>
#include <stdexcept>

#include "report/report.hpp"
#include "report/templates.hpp"

namespace roadmapd::report {
namespace {

namespace mst = kainjow::mustache;

// A backslash before what could start Markdown inside a line (emphasis, code, links, HTML, table
// cells, strikethrough, entities), and one line: a title may hold any of them. Text is never put at
// the start of a line, so "-", "#" and "1." need none.
std::string markdown_escape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    const bool entity = c == '&' && i + 1 < text.size() &&
                        (std::isalpha(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '#');
    if (entity || std::string_view("\\`*_[]<>|~").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

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

// A link only to GitHub's own pages; its URL with the characters that would end it encoded.
std::string link(const std::string& title, const std::string& url) {
  if (!url.starts_with("https://")) return markdown_escape(title);
  std::string safe;
  for (char c : url) {
    if (c == ')' || c == '(' || c == ' ' || c == '<' || c == '>') {
      static constexpr char hex[] = "0123456789ABCDEF";
      safe += '%';
      safe += hex[(c >> 4) & 0xF];
      safe += hex[c & 0xF];
    } else {
      safe += c;
    }
  }
  return "[" + markdown_escape(title) + "](" + safe + ")";
}

// "█████░░░░░ 50%" for done/total, as text that survives any renderer.
std::string bar(int done, int total) {
  if (total <= 0) return "nothing to count";
  const int filled = done * 10 / total;
  std::string out;
  for (int i = 0; i < 10; ++i) out += i < filled ? "\u2588" : "\u2591";
  return out + " " + std::to_string(done) + "/" + std::to_string(total);
}

// JSON -> Mustache data. Beside each array X: X_count and has_X; beside an object with a title and
// a url: link (Markdown, escaped); with done and total: bar; owners as `login`, `login`; a time as
// its date (at -> at_date).
mst::data to_data(const rapidjson::Value& v) {
  if (v.IsString()) return mst::data(std::string(v.GetString(), v.GetStringLength()));
  if (v.IsBool()) return mst::data(v.GetBool());
  if (v.IsInt()) return mst::data(std::to_string(v.GetInt()));
  if (v.IsNumber()) return mst::data(std::to_string(v.GetDouble()));
  if (v.IsNull()) return mst::data(false);
  if (v.IsArray()) {
    mst::data list{mst::data::type::list};
    for (const auto& e : v.GetArray()) list.push_back(to_data(e));
    return list;
  }
  mst::data o;
  for (const auto& m : v.GetObject()) {
    const std::string key = m.name.GetString();
    o.set(key, to_data(m.value));
    if (m.value.IsArray()) {
      o.set(key + "_count", std::to_string(m.value.Size()));
      o.set("has_" + key, m.value.Size() > 0);
    }
    if (m.value.IsString() && (key == "from" || key == "to")) {
      // Owners and columns as code: a login is named, never mentioned (no notification on GitHub).
      std::string name = m.value.GetString();
      if (!name.empty() && name[0] == '@') name.erase(0, 1);
      for (char& c : name) c = c == '`' ? '\'' : c;
      o.set(key + "_code", "`" + name + "`");
    }
    if (m.value.IsString() && (key == "at" || key == "since" || key == "until" || key == "generated_at") &&
        m.value.GetStringLength() >= 10) {
      o.set(key + "_date", std::string(m.value.GetString(), 10));
    }
  }
  const auto title = v.FindMember("title"), url = v.FindMember("url"), ref = v.FindMember("ref");
  if (title != v.MemberEnd() && title->value.IsString()) {
    std::string text = title->value.GetString();
    if (ref != v.MemberEnd() && ref->value.IsString() && ref->value.GetStringLength() > 0) {
      text = std::string(ref->value.GetString()) + " " + text;
    }
    o.set("link", link(text, url != v.MemberEnd() && url->value.IsString() ? url->value.GetString() : ""));
  }
  if (const auto goals = v.FindMember("goals"); goals != v.MemberEnd() && goals->value.IsString()) {
    // A board card's own Markdown, quoted line by line (cmark-gfm drops any raw HTML in it).
    std::string quote, line;
    const std::string text = goals->value.GetString();
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == '\n') {
        quote += "> " + line + "\n";
        line.clear();
      } else if (text[i] != '\r') {
        line += text[i];
      }
    }
    o.set("goals_quote", quote);
  }
  const auto done = v.FindMember("done"), total = v.FindMember("total");
  if (done != v.MemberEnd() && total != v.MemberEnd() && done->value.IsInt() && total->value.IsInt()) {
    o.set("bar", bar(done->value.GetInt(), total->value.GetInt()));
  }
  if (const auto owners = v.FindMember("owners"); owners != v.MemberEnd() && owners->value.IsArray()) {
    std::string text;
    for (const auto& login : owners->value.GetArray()) {
      std::string name = login.GetString();
      if (!name.empty() && name[0] == '@') name.erase(0, 1);  // named, not mentioned: no notification
      std::string clean;
      for (char c : name) clean += c == '`' ? '\'' : c;
      text += (text.empty() ? "" : ", ") + std::string("`") + clean + "`";
    }
    o.set("owners_text", text.empty() ? std::string("nobody yet") : text);
  }
  return o;
}

std::string render_template(std::string_view text, const mst::data& data, bool markdown) {
  mst::mustache tmpl{std::string(text)};
  if (!tmpl.is_valid()) throw std::logic_error("report template: " + tmpl.error_message());
  if (markdown) tmpl.set_custom_escape(markdown_escape);
  else tmpl.set_custom_escape(html_escape);
  return tmpl.render(data);
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
  const mst::data data = to_data(report);
  const std::string kind = report["kind"].GetString();
  const std::string_view tmpl = kind == "changes" ? templates::changes : kind == "quarter" ? templates::quarter
                                                                                              : templates::release;
  const std::string markdown = render_template(tmpl, data, true);
  if (f == format::markdown) return markdown;
  mst::data page = data;
  page.set("body", markdown_to_html(markdown));
  return render_template(templates::page, page, false);
}

}  // namespace roadmapd::report

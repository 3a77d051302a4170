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
#include <set>
#include <string_view>
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

// Every name a template uses ("item.link" gives "item" and "link"): the data holds only these. A
// report's JSON has far more than its Markdown shows, and each Mustache value is a few allocations.
using name_set = std::set<std::string, std::less<>>;

name_set names_in(std::initializer_list<std::string_view> texts) {
  name_set out;
  for (const std::string_view text : texts) {
    for (auto open = text.find("{{"); open != std::string_view::npos; open = text.find("{{", open + 2)) {
      const auto close = text.find("}}", open + 2);
      if (close == std::string_view::npos) break;
      std::string_view tag = text.substr(open + 2, close - open - 2);
      while (!tag.empty() && std::string_view("#^/&{! ").find(tag.front()) != std::string_view::npos) tag.remove_prefix(1);
      while (!tag.empty() && (tag.back() == '}' || tag.back() == ' ')) tag.remove_suffix(1);
      for (std::size_t start = 0; start <= tag.size();) {
        const auto dot = std::min(tag.find('.', start), tag.size());
        if (dot > start) out.emplace(tag.substr(start, dot - start));
        start = dot + 1;
      }
    }
  }
  return out;
}

// JSON -> Mustache data. Beside each array X: X_count and has_X; beside an object with a title and
// a url: link (Markdown, escaped); with done and total: bar; owners as `login`, `login`; a time as
// its date (at -> at_date).
//
// Filled in place: kainjow's set() and push_back() copy what they are given, and a report's tree is
// deep (report, boards, sections, entries, items, progress), so building it bottom-up copied each
// subtree once per level above it.
void fill(const rapidjson::Value& v, const name_set& names, mst::data& out) {
  auto used = [&](std::string_view name) { return names.contains(name); };
  if (v.IsString()) {
    out = mst::data(std::string(v.GetString(), v.GetStringLength()));
    return;
  }
  if (v.IsBool()) {
    out = mst::data(v.GetBool());
    return;
  }
  if (v.IsInt()) {
    out = mst::data(std::to_string(v.GetInt()));
    return;
  }
  if (v.IsNumber()) {
    out = mst::data(std::to_string(v.GetDouble()));
    return;
  }
  if (v.IsNull()) {
    out = mst::data(false);
    return;
  }
  if (v.IsArray()) {
    out = mst::data(mst::data::type::list);
    // The list is ours and not const; kainjow only hands it out as const. Reserved, because its
    // values' move is not noexcept: a growing vector would deep-copy every entry.
    auto& list = const_cast<mst::basic_list<std::string>&>(out.list_value());
    list.reserve(v.Size());
    for (const auto& e : v.GetArray()) fill(e, names, list.emplace_back(false));
    return;
  }
  out = mst::data(mst::data::type::object);
  mst::data& o = out;
  for (const auto& m : v.GetObject()) {
    const std::string key = m.name.GetString();
    if (used(key)) fill(m.value, names, o[key]);
    if (m.value.IsArray()) {
      if (used(key + "_count")) o.set(key + "_count", std::to_string(m.value.Size()));
      if (used("has_" + key)) o.set("has_" + key, m.value.Size() > 0);
    }
    if (m.value.IsString() && (key == "from" || key == "to") && used(key + "_code")) {
      // Owners and columns as code: a login is named, never mentioned (no notification on GitHub).
      std::string name = m.value.GetString();
      if (!name.empty() && name[0] == '@') name.erase(0, 1);
      for (char& c : name) c = c == '`' ? '\'' : c;
      o.set(key + "_code", "`" + name + "`");
    }
    if (m.value.IsString() && (key == "at" || key == "since" || key == "until" || key == "generated_at") &&
        m.value.GetStringLength() >= 10 && used(key + "_date")) {
      o.set(key + "_date", std::string(m.value.GetString(), 10));
    }
  }
  const auto title = v.FindMember("title"), url = v.FindMember("url"), ref = v.FindMember("ref");
  if (title != v.MemberEnd() && title->value.IsString() && used("link")) {
    std::string text = title->value.GetString();
    if (ref != v.MemberEnd() && ref->value.IsString() && ref->value.GetStringLength() > 0) {
      text = std::string(ref->value.GetString()) + " " + text;
    }
    o.set("link", link(text, url != v.MemberEnd() && url->value.IsString() ? url->value.GetString() : ""));
  }
  if (const auto goals = v.FindMember("goals"); goals != v.MemberEnd() && goals->value.IsString() && used("goals_quote")) {
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
  if (done != v.MemberEnd() && total != v.MemberEnd() && done->value.IsInt() && total->value.IsInt() && used("bar")) {
    o.set("bar", bar(done->value.GetInt(), total->value.GetInt()));
  }
  if (const auto owners = v.FindMember("owners"); owners != v.MemberEnd() && owners->value.IsArray() && used("owners_text")) {
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
}

mst::data to_data(const rapidjson::Value& v, const name_set& names) {
  mst::data out;
  fill(v, names, out);
  return out;
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
  const std::string kind = report["kind"].GetString();
  const std::string_view tmpl = kind == "changes" ? templates::changes : kind == "quarter" ? templates::quarter
                                                                                              : templates::release;
  static const name_set changes_names = names_in({templates::changes}), quarter_names = names_in({templates::quarter}),
                        release_names = names_in({templates::release});
  const mst::data data =
      to_data(report, kind == "changes" ? changes_names : kind == "quarter" ? quarter_names : release_names);
  const std::string markdown = render_template(tmpl, data, true);
  if (f == format::markdown) return markdown;
  mst::data page;
  page.set("title", data.get("title") != nullptr ? *data.get("title") : mst::data(std::string("roadmapd report")));
  page.set("body", markdown_to_html(markdown));
  return render_template(templates::page, page, false);
}

}  // namespace roadmapd::report

// render_json (see mustache_json.hpp): a kainjow context over a rapidjson tree.
//
// kainjow calls get(name) for each tag, push() with the value a section opens (or each entry of a
// list), and pop() when it closes. Values made for a tag go on an arena (a deque: their addresses
// stay put) and are freed back to the mark of the frame that was innermost when they were made,
// when that frame is popped: a list lives until the section around it closes, an entry's values
// until the entry is rendered. An object is made as a placeholder (true) remembered beside the JSON
// it stands for, so that pushing it makes a frame over that JSON.
#include "report/mustache_json.hpp"

#include <cctype>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace roadmapd::report {
namespace {

namespace mst = kainjow::mustache;
using json = rapidjson::Value;

// "█████░░░░░ 4/8" for done/total, as text that survives any renderer.
std::string bar(int done, int total) {
  if (total <= 0) return "nothing to count";
  const int filled = done * 10 / total;
  std::string out;
  for (int i = 0; i < 10; ++i) out += i < filled ? "\u2588" : "\u2591";
  return out + " " + std::to_string(done) + "/" + std::to_string(total);
}

// A login or column as code: named, never mentioned (no notification on GitHub), and no backtick
// of its own to end the code span.
std::string as_code(std::string_view name) {
  if (!name.empty() && name.front() == '@') name.remove_prefix(1);
  std::string out = "`";
  for (char c : name) out += c == '`' ? '\'' : c;
  return out + "`";
}

const json* member(const json& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  const auto it = object.FindMember(json(rapidjson::StringRef(name.data(), name.size())));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::string_view text_of(const json& v) { return {v.GetString(), v.GetStringLength()}; }

// The derived names (see mustache_json.hpp), or nothing when `name` is none of them here. They are
// looked at before the members, as a converted tree set them over any member of the same name.
std::optional<mst::data> derived(const json& o, std::string_view name) {
  auto base_of = [&](std::string_view suffix) -> const json* {
    if (!name.ends_with(suffix)) return nullptr;
    return member(o, name.substr(0, name.size() - suffix.size()));
  };
  if (const json* a = base_of("_count"); a != nullptr && a->IsArray()) return mst::data(std::to_string(a->Size()));
  if (name.starts_with("has_")) {
    if (const json* a = member(o, name.substr(4)); a != nullptr && a->IsArray()) return mst::data(a->Size() > 0);
  }
  if (name == "link") {
    const json* title = member(o, "title");
    if (title == nullptr || !title->IsString()) return std::nullopt;
    std::string text(text_of(*title));
    if (const json* ref = member(o, "ref"); ref != nullptr && ref->IsString() && ref->GetStringLength() > 0) {
      text = std::string(text_of(*ref)) + " " + text;
    }
    const json* url = member(o, "url");
    return mst::data(markdown_link(text, url != nullptr && url->IsString() ? std::string(text_of(*url)) : std::string()));
  }
  if (name == "bar") {
    const json *done = member(o, "done"), *total = member(o, "total");
    if (done != nullptr && total != nullptr && done->IsInt() && total->IsInt()) return mst::data(bar(done->GetInt(), total->GetInt()));
    return std::nullopt;
  }
  if (name == "owners_text") {
    const json* owners = member(o, "owners");
    if (owners == nullptr || !owners->IsArray()) return std::nullopt;
    std::string text;
    for (const auto& login : owners->GetArray()) {
      if (login.IsString()) text += (text.empty() ? "" : ", ") + as_code(text_of(login));
    }
    return mst::data(text.empty() ? std::string("nobody yet") : text);
  }
  if (name == "goals_quote") {
    // A board card's own Markdown, quoted line by line (cmark-gfm drops any raw HTML in it).
    const json* goals = member(o, "goals");
    if (goals == nullptr || !goals->IsString()) return std::nullopt;
    std::string quote, line;
    const std::string_view text = text_of(*goals);
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == '\n') {
        quote += "> " + line + "\n";
        line.clear();
      } else if (text[i] != '\r') {
        line += text[i];
      }
    }
    return mst::data(quote);
  }
  if (name == "from_code" || name == "to_code") {
    const json* v = base_of("_code");
    if (v != nullptr && v->IsString()) return mst::data(as_code(text_of(*v)));
    return std::nullopt;
  }
  if (name == "at_date" || name == "since_date" || name == "until_date" || name == "generated_at_date") {
    const json* v = base_of("_date");
    if (v != nullptr && v->IsString() && v->GetStringLength() >= 10) return mst::data(std::string(v->GetString(), 10));
  }
  return std::nullopt;
}

class json_context final : public mst::basic_context<std::string> {
 public:
  explicit json_context(const json& root) { frames_.push_back({&root_, &root, 0}); }

  void push(const mst::data* d) override {
    const auto it = json_of_.find(d);
    frames_.push_back({d, it == json_of_.end() ? nullptr : it->second, made_.size()});
  }

  void pop() override {
    release(frames_.back().mark);
    frames_.pop_back();
  }

  const mst::data* get(const std::string& name) const override {
    if (name == ".") return frames_.back().value;
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
      const auto dot = name.find('.', start);
      parts.emplace_back(std::string_view(name).substr(start, dot == std::string::npos ? std::string::npos : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    for (auto f = frames_.rbegin(); f != frames_.rend(); ++f) {
      if (const mst::data* v = f->json_value != nullptr ? resolve(*f->json_value, parts) : resolve(f->value, parts)) return v;
    }
    return nullptr;
  }

  const mst::data* get_partial(const std::string&) const override { return nullptr; }

 private:
  struct frame {
    const mst::data* value;
    const json* json_value;  // the JSON it stands for, when it was made here
    std::size_t mark;        // the arena's size when it was pushed
  };
  struct made {
    mst::data value;
    const json* placeholder_of = nullptr;  // an object (value is its placeholder) or an array of them
  };

  // A value of a frame kainjow made itself (a string a section opened): as kainjow resolves it.
  static const mst::data* resolve(const mst::data* value, const std::vector<std::string_view>& parts) {
    for (const auto part : parts) {
      value = value->get(std::string(part));
      if (value == nullptr) return nullptr;
    }
    return value;
  }

  const mst::data* resolve(const json& object, const std::vector<std::string_view>& parts) const {
    const json* at = &object;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      at = member(*at, parts[i]);
      if (at == nullptr || !at->IsObject()) return nullptr;
    }
    if (auto d = derived(*at, parts.back())) return keep(std::move(*d));
    const json* v = member(*at, parts.back());
    return v == nullptr ? nullptr : make(*v);
  }

  const mst::data* keep(mst::data value, const json* placeholder_of = nullptr) const {
    made_.push_back({std::move(value), placeholder_of});
    return &made_.back().value;
  }

  static mst::data scalar(const json& v) {
    if (v.IsString()) return mst::data(std::string(text_of(v)));
    if (v.IsBool()) return mst::data(v.GetBool());
    if (v.IsInt()) return mst::data(std::to_string(v.GetInt()));
    if (v.IsNumber()) return mst::data(std::to_string(v.GetDouble()));
    return mst::data(false);  // null
  }

  // Fills `list` with v's entries: objects as placeholders, the rest as values.
  void fill_list(const json& v, mst::data& out) const {
    out = mst::data(mst::data::type::list);
    // The list is ours; kainjow hands it out only as const. Reserved, so that the placeholders stay
    // where they were remembered.
    auto& list = const_cast<mst::basic_list<std::string>&>(out.list_value());
    list.reserve(v.Size());
    for (const auto& e : v.GetArray()) {
      if (e.IsObject()) {
        json_of_[&list.emplace_back(true)] = &e;
      } else if (e.IsArray()) {
        fill_list(e, list.emplace_back(false));
      } else {
        list.push_back(scalar(e));
      }
    }
  }

  const mst::data* make(const json& v) const {
    if (v.IsObject()) {
      const mst::data* d = keep(mst::data(true), &v);
      json_of_[d] = &v;
      return d;
    }
    if (!v.IsArray()) return keep(scalar(v));
    made_.push_back({mst::data(false), &v});
    fill_list(v, made_.back().value);
    return &made_.back().value;
  }

  void forget(const mst::data& value) const {
    if (!value.is_list()) {
      json_of_.erase(&value);
      return;
    }
    for (const auto& e : value.list_value()) forget(e);
  }

  void release(std::size_t mark) {
    while (made_.size() > mark) {
      if (made_.back().placeholder_of != nullptr) forget(made_.back().value);
      made_.pop_back();
    }
  }

  mst::data root_{true};
  std::vector<frame> frames_;
  mutable std::deque<made> made_;
  mutable std::unordered_map<const mst::data*, const json*> json_of_;
};

}  // namespace

// A backslash before what could start Markdown inside a line (emphasis, code, links, HTML, table
// cells, strikethrough, entities), and one line: a title may hold any of them. Text is never put at
// the start of a line, so "-", "#" and "1." need none.
std::string markdown_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 8);
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

std::string markdown_link(const std::string& title, const std::string& url) {
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

std::string render_json(mst::mustache& tmpl, const json& root) {
  if (!tmpl.is_valid()) throw std::logic_error("report template: " + tmpl.error_message());
  json_context ctx(root);
  std::string out = tmpl.render(ctx);
  if (!tmpl.is_valid()) throw std::logic_error("report template: " + tmpl.error_message());
  return out;
}

}  // namespace roadmapd::report

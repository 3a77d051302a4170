// parse_sections and prose_blocks: cmark-gfm parses the body as GitHub renders it; the tree is
// walked with cmark's own iterator, not recursion, so a 1 MB body of nested quotes cannot exhaust
// the stack.
#include "markdown/sections.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "markdown/task_list.hpp"

namespace roadmapd::markdown {
namespace {

using document_ptr = std::unique_ptr<cmark_node, decltype(&cmark_node_free)>;
using iter_ptr = std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)>;

const std::vector<cmark_syntax_extension*>& gfm_extensions() {
  static const std::vector<cmark_syntax_extension*> all = [] {
    cmark_gfm_core_extensions_ensure_registered();
    std::vector<cmark_syntax_extension*> found;
    for (const char* name : {"tasklist", "autolink", "strikethrough", "table"}) {
      cmark_syntax_extension* e = cmark_find_syntax_extension(name);
      if (e == nullptr) throw std::runtime_error(std::string("cmark-gfm lacks the ") + name + " extension");
      found.push_back(e);
    }
    return found;
  }();
  return all;
}

document_ptr parse(std::string_view body) {
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(
      cmark_parser_new(CMARK_OPT_VALIDATE_UTF8), &cmark_parser_free);
  if (!parser) throw std::bad_alloc();
  for (auto* e : gfm_extensions()) cmark_parser_attach_syntax_extension(parser.get(), e);
  cmark_parser_feed(parser.get(), body.data(), body.size());
  document_ptr document(cmark_parser_finish(parser.get()), &cmark_node_free);
  if (!document) throw std::bad_alloc();
  return document;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Lower-cased, trimmed, inner whitespace collapsed to one space.
std::string normalise(std::string_view s) {
  std::string out;
  bool gap = false;
  for (char c : trim(s)) {
    if (is_space(c)) {
      gap = true;
      continue;
    }
    if (gap) out += ' ';
    gap = false;
    out += lower(c);
  }
  return out;
}

std::string_view without_trailing_colon(std::string_view s) {
  s = trim(s);
  while (!s.empty() && s.back() == ':') s = trim(s.substr(0, s.size() - 1));
  return s;
}

// What an HTML block shows as text: comments (issue templates' "<!-- describe ... -->") and tags
// removed. An unterminated comment hides the rest, as in a browser.
std::string strip_html(std::string_view html) {
  std::string out;
  std::size_t i = 0;
  while (i < html.size()) {
    if (html.substr(i).starts_with("<!--")) {
      std::size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
    } else if (html[i] == '<') {
      std::size_t end = html.find('>', i + 1);
      if (end == std::string_view::npos) {
        out.append(html.substr(i));
        break;
      }
      i = end + 1;
    } else {
      out += html[i++];
    }
  }
  return out;
}

struct flatten_options {
  bool mask_code = false;  // prose: code characters become '_'
  bool link_urls = false;  // prose: a link to an issue or PR reads as its URL
};

bool is_block(cmark_node* node) {
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
    case CMARK_NODE_ITEM:
    case CMARK_NODE_LIST:
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK:
      return true;
    default:
      return false;
  }
}

// Appends the plain text of the subtree rooted at `root`. Blocks end with a newline.
void flatten(cmark_node* root, std::string& out, flatten_options opts = {}) {
  iter_ptr iter(cmark_iter_new(root), &cmark_iter_free);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    if (ev == CMARK_EVENT_EXIT) {
      if (is_block(node) && !out.empty() && out.back() != '\n') out += '\n';
      continue;
    }
    const char* literal = nullptr;
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_TEXT:
        if ((literal = cmark_node_get_literal(node)) != nullptr) out += literal;
        break;
      case CMARK_NODE_CODE:
        if ((literal = cmark_node_get_literal(node)) != nullptr) {
          if (opts.mask_code) out.append(std::string_view(literal).size(), '_');
          else out += literal;
        }
        break;
      case CMARK_NODE_CODE_BLOCK:
        if ((literal = cmark_node_get_literal(node)) != nullptr) {
          if (opts.mask_code) out.append(std::string_view(literal).size(), '_');
          else out += literal;
        }
        out += '\n';  // leaf blocks have no EXIT event
        break;
      case CMARK_NODE_HTML_BLOCK:
        if ((literal = cmark_node_get_literal(node)) != nullptr) out += strip_html(literal);
        out += '\n';
        break;
      case CMARK_NODE_SOFTBREAK:
        out += ' ';
        break;
      case CMARK_NODE_LINEBREAK:
        out += '\n';
        break;
      case CMARK_NODE_LINK:
        if (opts.link_urls) {
          const char* url = cmark_node_get_url(node);
          if (url != nullptr && std::string_view(url).starts_with("http")) {
            auto ref = find_reference(url, "");
            if (ref && ref->offset == 0 && ref->repo) {
              out += ' ';
              out += url;
              out += ' ';
              cmark_iter_reset(iter.get(), node, CMARK_EVENT_EXIT);  // its text is not read
            }
          }
        }
        break;
      default:  // HTML_INLINE (tags, comments) shows no text; containers are entered
        break;
    }
  }
}

std::string flat_text(cmark_node* node, flatten_options opts = {}) {
  std::string out;
  flatten(node, out, opts);
  return out;
}

// A top-level paragraph that opens a section with bold text: "**Goals**: ...", "**Goals:** ...",
// "**Goals**" alone or on its own line. Sets heading and the rest of the paragraph.
bool lead_in(cmark_node* paragraph, std::string& heading, std::string& rest) {
  cmark_node* first = cmark_node_first_child(paragraph);
  if (first == nullptr || cmark_node_get_type(first) != CMARK_NODE_STRONG) return false;
  std::string bold = flat_text(first);
  std::string_view bold_view = trim(bold);
  cmark_node* next = cmark_node_next(first);
  bool opens = false;
  std::string after;
  if (!bold_view.empty() && bold_view.back() == ':') {
    opens = true;
  } else if (next == nullptr) {
    opens = true;
  } else if (cmark_node_get_type(next) == CMARK_NODE_SOFTBREAK ||
             cmark_node_get_type(next) == CMARK_NODE_LINEBREAK) {
    opens = true;
  } else if (cmark_node_get_type(next) == CMARK_NODE_TEXT) {
    const char* literal = cmark_node_get_literal(next);
    std::string_view text = literal != nullptr ? std::string_view(literal) : std::string_view();
    std::string_view lead = trim(text);
    if (lead.starts_with(":")) {
      opens = true;
      after = std::string(text.substr(text.find(':') + 1));
      next = cmark_node_next(next);
    }
  }
  if (!opens) return false;
  heading = std::string(without_trailing_colon(bold_view));
  if (heading.empty()) return false;
  rest = std::move(after);
  for (cmark_node* n = next; n != nullptr; n = cmark_node_next(n)) flatten(n, rest);
  return true;
}

}  // namespace

std::vector<section> parse_sections(std::string_view body, const std::vector<std::string>& own_sections) {
  std::vector<section> sections;
  if (trim(body).empty()) return sections;
  document_ptr document = parse(body);

  // Sections still collecting content, innermost last, and whether each is one of `own_sections`.
  struct open_section {
    std::size_t index;
    bool own;
  };
  std::vector<open_section> open;
  // A block's text goes to every open section up to the innermost one that stands on its own: the
  // sections outside that one do not see it.
  auto add_to_open = [&](const std::string& text) {
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
      sections[it->index].content += text;
      if (it->own) break;
    }
  };
  for (cmark_node* block = cmark_node_first_child(document.get()); block != nullptr;
       block = cmark_node_next(block)) {
    section opened;
    bool opens = false;
    std::string text;
    if (cmark_node_get_type(block) == CMARK_NODE_HEADING) {
      opens = true;
      opened.level = cmark_node_get_heading_level(block);
      text = flat_text(block);
      opened.heading = std::string(without_trailing_colon(text));
    } else if (cmark_node_get_type(block) == CMARK_NODE_PARAGRAPH) {
      std::string rest;
      if (lead_in(block, opened.heading, rest)) {
        opens = true;
        opened.level = 7;
        text = flat_text(block);
        opened.content = std::move(rest);
      }
    }
    if (!opens) {
      if (!open.empty()) add_to_open(flat_text(block));  // text before the first section belongs to none
      continue;
    }
    while (!open.empty() && sections[open.back().index].level >= opened.level) open.pop_back();
    const bool own = !own_sections.empty() && heading_matches(opened.heading, own_sections);
    // A sub-section's heading is content of the sections around it, unless it stands on its own.
    if (!own) add_to_open(text);
    opened.line = cmark_node_get_start_line(block);
    sections.push_back(std::move(opened));
    open.push_back({sections.size() - 1, own});
  }
  return sections;
}

bool heading_matches(std::string_view heading, const std::vector<std::string>& names) {
  const std::string want = normalise(without_trailing_colon(heading));
  return std::any_of(names.begin(), names.end(), [&](const std::string& name) {
    return !want.empty() && normalise(without_trailing_colon(name)) == want;
  });
}

bool is_placeholder(std::string_view content, const std::vector<std::string>& placeholders) {
  auto strip_periods = [](std::string s) {
    while (!s.empty() && (s.back() == '.' || is_space(s.back()))) s.pop_back();
    return s;
  };
  const std::string text = normalise(content);
  if (text.empty()) return true;
  const std::string stripped = strip_periods(text);
  return std::any_of(placeholders.begin(), placeholders.end(), [&](const std::string& p) {
    const std::string want = normalise(p);
    return want == text || (!stripped.empty() && strip_periods(want) == stripped);
  });
}

std::vector<prose_block> prose_blocks(std::string_view body) {
  std::vector<prose_block> blocks;
  if (trim(body).empty()) return blocks;
  document_ptr document = parse(body);
  const flatten_options prose{.mask_code = true, .link_urls = true};

  iter_ptr iter(cmark_iter_new(document.get()), &cmark_iter_free);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node* node = cmark_iter_get_node(iter.get());
    const cmark_node_type type = cmark_node_get_type(node);
    const char* type_name = cmark_node_get_type_string(node);
    const bool row = type_name != nullptr && (std::string_view(type_name) == "table_row" ||
                                              std::string_view(type_name) == "table_header");
    if (type != CMARK_NODE_PARAGRAPH && type != CMARK_NODE_HEADING && !row) continue;
    prose_block block;
    if (row) {
      for (cmark_node* cell = cmark_node_first_child(node); cell != nullptr; cell = cmark_node_next(cell)) {
        if (!block.text.empty()) block.text += " | ";
        flatten(cell, block.text, prose);
      }
    } else {
      flatten(node, block.text, prose);
      cmark_node* parent = cmark_node_parent(node);
      block.list_item = parent != nullptr && cmark_node_get_type(parent) == CMARK_NODE_ITEM;
    }
    while (!block.text.empty() && block.text.back() == '\n') block.text.pop_back();
    blocks.push_back(std::move(block));
    cmark_iter_reset(iter.get(), node, CMARK_EVENT_EXIT);  // its inlines are read
  }
  return blocks;
}

}  // namespace roadmapd::markdown

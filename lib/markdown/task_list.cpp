// parse_task_list: cmark-gfm parses the body as GitHub does (tasklist extension); each task item's
// own text is flattened and searched for the first reference.
#include "markdown/task_list.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <memory>
#include <stdexcept>

namespace roadmapd::markdown {
namespace {

struct extensions {
  cmark_syntax_extension* tasklist;
  std::vector<cmark_syntax_extension*> all;
};

const extensions& gfm_extensions() {
  static const extensions ext = [] {
    cmark_gfm_core_extensions_ensure_registered();
    extensions e{cmark_find_syntax_extension("tasklist"), {}};
    // Table and strikethrough too, so the body is split into blocks and inlines as on GitHub.
    for (const char* name : {"tasklist", "autolink", "strikethrough", "table"}) {
      cmark_syntax_extension* found = cmark_find_syntax_extension(name);
      if (found == nullptr)
        throw std::runtime_error(std::string("cmark-gfm lacks the ") + name + " extension");
      e.all.push_back(found);
    }
    return e;
  }();
  return ext;
}

// The plain text of one entry, with code masked out for the reference search: scan has the same
// length as text, with code characters replaced by '_' (a word character, so nothing next to
// code starts a reference either).
struct entry_text {
  std::string text;
  std::string scan;
  std::optional<reference> link_ref;  // first link whose target is an issue or PR

  void add(std::string_view s, bool code) {
    text += s;
    if (code) scan.append(s.size(), '_');
    else scan += s;
  }
  void separate() {
    if (!text.empty() && text.back() != ' ') add(" ", false);
  }
};

void flatten(cmark_node* node, entry_text& out, std::string_view default_repo) {
  for (cmark_node* child = cmark_node_first_child(node); child != nullptr;
       child = cmark_node_next(child)) {
    switch (cmark_node_get_type(child)) {
      case CMARK_NODE_LIST:  // nested entries are entries of their own
      case CMARK_NODE_CODE_BLOCK:
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_HTML_INLINE:
        break;
      case CMARK_NODE_TEXT:
        out.add(cmark_node_get_literal(child), false);
        break;
      case CMARK_NODE_CODE:
        out.add(cmark_node_get_literal(child), true);
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out.separate();
        break;
      case CMARK_NODE_LINK: {
        const char* url = cmark_node_get_url(child);
        if (!out.link_ref && url != nullptr && std::string_view(url).starts_with("http")) {
          if (auto r = find_reference(url, default_repo); r && r->offset == 0 && r->repo) {
            r->offset = out.text.size();
            out.link_ref = std::move(r);
          }
        }
        flatten(child, out, default_repo);
        break;
      }
      case CMARK_NODE_PARAGRAPH:
      case CMARK_NODE_HEADING:
      case CMARK_NODE_BLOCK_QUOTE:
        out.separate();
        flatten(child, out, default_repo);
        break;
      default:
        flatten(child, out, default_repo);
        break;
    }
  }
}

std::string trim(std::string s) {
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

}  // namespace

std::vector<model::task_entry> parse_task_list(std::string_view body, std::string_view default_repo) {
  std::vector<model::task_entry> entries;
  if (body.empty()) return entries;
  const extensions& ext = gfm_extensions();

  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(
      cmark_parser_new(CMARK_OPT_VALIDATE_UTF8), &cmark_parser_free);
  if (!parser) throw std::bad_alloc();
  for (auto* e : ext.all) cmark_parser_attach_syntax_extension(parser.get(), e);
  cmark_parser_feed(parser.get(), body.data(), body.size());
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> document(
      cmark_parser_finish(parser.get()), &cmark_node_free);
  if (!document) throw std::bad_alloc();

  std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)> iter(
      cmark_iter_new(document.get()), &cmark_iter_free);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(node) != CMARK_NODE_ITEM ||
        cmark_node_get_syntax_extension(node) != ext.tasklist)
      continue;
    entry_text text;
    flatten(node, text, default_repo);
    model::task_entry entry;
    entry.position = static_cast<int>(entries.size());
    entry.checked = cmark_gfm_extensions_get_tasklist_item_checked(node);
    auto ref = find_reference(text.scan, default_repo);
    if (text.link_ref && (!ref || text.link_ref->offset <= ref->offset)) ref = text.link_ref;
    if (ref) {
      entry.ref_repo = ref->repo;
      entry.ref_number = ref->number;
    }
    entry.text = trim(std::move(text.text));
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace roadmapd::markdown

// dependencies: the seeds want "dependencies and blockers easily traceable": each reference after a
// phrase like "Depends on" must name an issue roadmapd knows, and an item cannot be planned for an
// earlier quarter than an open issue it waits for.
#include <algorithm>
#include <set>
#include <string_view>
#include <utility>

#include "markdown/sections.hpp"
#include "markdown/task_list.hpp"
#include "rules/item_tests.hpp"
#include "rules/rule_functions.hpp"
#include "util/text.hpp"

namespace roadmapd::rules {
namespace {

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where `phrase` occurs in text as whole words (case-insensitive), each followed by its end offset.
std::vector<std::size_t> phrase_ends(std::string_view text, std::string_view phrase) {
  std::vector<std::size_t> ends;
  if (phrase.empty() || phrase.size() > text.size()) return ends;
  for (std::size_t i = 0; i + phrase.size() <= text.size(); ++i) {
    if (i > 0 && word_char(text[i - 1])) continue;
    if (!iequals(text.substr(i, phrase.size()), phrase)) continue;
    const std::size_t end = i + phrase.size();
    if (end < text.size() && word_char(text[end])) continue;
    ends.push_back(end);
  }
  return ends;
}

// Whether `word` occurs in text, ignoring case: a first-letter test, then the word.
bool contains_ci(std::string_view text, std::string_view word) {
  if (word.empty() || word.size() > text.size()) return false;
  const char lower = util::ascii_lower(word.front());
  for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
    if (util::ascii_lower(text[i]) == lower && iequals(text.substr(i, word.size()), word)) return true;
  }
  return false;
}

// The clause after a phrase: up to the end of its sentence or line.
std::string_view clause(std::string_view text, std::size_t from) {
  std::size_t end = from;
  while (end < text.size() && text[end] != '\n' && text[end] != ';' &&
         !(text[end] == '.' && (end + 1 == text.size() || space(text[end + 1]))))
    ++end;
  return text.substr(from, end - from);
}

bool only_punctuation(std::string_view s) {
  for (char c : s)
    if (!space(c) && c != ':' && c != '-') return false;
  return true;
}

// Appends every reference in text with its offset (+ base), for document order.
void collect(std::string_view text, std::size_t base, std::string_view default_repo,
             std::vector<std::pair<std::size_t, markdown::reference>>& refs) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto ref = markdown::find_reference(text.substr(pos), default_repo);
    if (!ref) return;
    const std::size_t at = pos + ref->offset;
    std::size_t next = at + 1;
    while (next < text.size() && !space(text[next]) && text[next] != ',') ++next;
    if (ref->repo) refs.emplace_back(base + at, std::move(*ref));
    pos = next;
  }
}

}  // namespace

// Every reference the body names as a dependency, in document order. "Depends on:" closing a
// paragraph takes the list that follows it.
std::vector<markdown::reference> dependency_references(const item_facts& item, const std::vector<std::string>& phrases) {
  std::vector<markdown::reference> refs;
  // Most bodies name no dependency: when no phrase's first word occurs in the raw text at all, the
  // prose cannot hold the phrase (formatting may sit between words, never inside one), and the
  // Markdown need not be parsed. Lint, reports and passes ask this of every item.
  const bool may_name_one = std::any_of(phrases.begin(), phrases.end(), [&](const std::string& phrase) {
    return contains_ci(item.body, std::string_view(phrase).substr(0, phrase.find(' ')));
  });
  if (!may_name_one) return refs;
  const auto blocks = markdown::prose_blocks(item.body);
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const std::string& text = blocks[b].text;
    std::vector<std::pair<std::size_t, markdown::reference>> found;
    bool takes_list = false;
    for (const auto& phrase : phrases) {
      for (std::size_t end : phrase_ends(text, phrase)) {
        const std::string_view rest = clause(text, end);
        if (only_punctuation(rest) && end + rest.size() == text.size()) takes_list = true;
        collect(rest, end, item.repo, found);
      }
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t l = b + 1; takes_list && l < blocks.size() && blocks[l].list_item; ++l)
      collect(blocks[l].text, text.size() + l, item.repo, found);
    for (auto& [offset, ref] : found) refs.push_back(std::move(ref));
  }
  return refs;
}

bool dependencies_enabled(const config::rule_set& settings) {
  return settings.dependencies.enabled && !settings.dependencies.phrases.empty();
}

void judge_dependencies(const judge_context& ctx, std::vector<finding>& out) {
  // Without a lookup nothing can be resolved; the caller always sets one.
  if (!ctx.lookup_issue || !ctx.item.body_known) return;
  const auto& item = ctx.item;
  const auto& label = ctx.settings.dependencies.label;
  const quarter* planned = quarter_of(ctx.board, item.status);
  std::set<std::string> seen;
  for (const auto& ref : dependency_references(item, ctx.settings.dependencies.phrases)) {
    if (iequals(*ref.repo, item.repo) && ref.number == item.number) continue;
    const std::string name = *ref.repo + "#" + std::to_string(ref.number);
    std::string key = name;
    for (char& c : key) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (!seen.insert(key).second) continue;

    const issue_status dep = ctx.lookup_issue(*ref.repo, ref.number);
    if (!dep.known) {
      out.push_back({.rule = "dependencies",
                     .code = "unknown-dependency:" + name,
                     .message = "The description says this item depends on " + name + ", which roadmapd cannot find.",
                     .fix = "Check that reference: it should name an existing issue or pull request (`owner/repo#number`) "
                            "in a repository roadmapd watches; fix it or remove it.",
                     .label = label});
      continue;
    }
    if (planned == nullptr || dep.state != "OPEN" || !dep.scheduled || planned->start >= dep.scheduled->start) continue;
    out.push_back({.rule = "dependencies",
                   .code = "dependency-scheduled-later:" + name,
                   .message = "This item is planned for " + planned->column + ", but it depends on " + name +
                              ", which is still open and planned for " + dep.scheduled->column + ".",
                   .fix = "Move this item to " + dep.scheduled->column + " or later, or agree with the owner of " + name +
                          " to bring it forward.",
                   .label = label});
  }
}

}  // namespace roadmapd::rules

// The sticky comment's text (see comment.hpp).
#include "enforce/comment.hpp"

namespace roadmapd::enforce {
namespace {

std::string on_boards(const std::vector<std::string>& boards) {
  std::string out;
  for (std::size_t i = 0; i < boards.size(); ++i) {
    if (i > 0) out += i + 1 == boards.size() ? " and " : ", ";
    out += "**" + boards[i] + "**";
  }
  return out.empty() ? "the roadmap" : out;
}

// Headings and list syntax in a message must not break the list it is put in.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace

std::string render_findings(const std::vector<rules::finding>& findings, const std::vector<std::string>& boards,
                            std::string_view exempt_label) {
  std::string out(sticky_marker);
  out += "\n### Roadmap check\n\n";
  out += "This item is on " + on_boards(boards) +
         ". The roadmap guidelines ask every item for a few things that are not here yet:\n\n";
  for (const auto& f : findings) {
    if (!f.in_comment) continue;
    out += "- [ ] " + one_line(f.message);
    if (!f.fix.empty()) out += "<br>**How to fix:** " + one_line(f.fix);
    out += "\n";
  }
  out += "\nThis comment is kept up to date by roadmapd: it changes when the item does, and says so "
         "when everything is in place.";
  if (!exempt_label.empty()) out += " Maintainers can add the `" + std::string(exempt_label) + "` label to opt an item out.";
  out += "\n";
  return out;
}

std::string render_resolved(const std::vector<std::string>& boards) {
  std::string out(sticky_marker);
  out += "\n### Roadmap check\n\nEverything the roadmap guidelines ask for is in place for this item on " +
         on_boards(boards) + ". Thank you!\n";
  return out;
}

}  // namespace roadmapd::enforce

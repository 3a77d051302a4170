// The structure of an issue body as the roadmap guidelines read it: its sections (Markdown headings
// and bold lead-ins like "**Goals**: ...") with their plain-text content, and its prose with code
// masked out, for the rules that look for dependency phrases.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace roadmapd::markdown {

// One section of a body. A heading (ATX or setext, any level) or a top-level paragraph that opens
// with bold text followed by ':' ("**Goals**: ...", "**Goals:** ...") or is nothing but bold text.
// Its content runs to the next heading or lead-in of the same or a higher rank (lead-ins rank
// below every heading), so a "## Goals" section includes its "### Sub-goal" sub-sections, except
// the sub-sections whose heading is one of `own_sections` (see parse_sections).
struct section {
  std::string heading;  // the heading's plain text, trimmed, without a trailing ':'
  int level = 0;        // 1-6 for headings, 7 for bold lead-ins
  int line = 0;         // 1-based line of the heading in the body
  std::string content;  // plain text of the content: code kept, HTML comments and tags dropped
};

// Every section, in document order. Headings inside code blocks, block quotes and lists do not
// open sections. Parsed with cmark-gfm as GitHub renders; never throws for any input (invalid
// UTF-8 is replaced, an unclosed code fence runs to the end as on GitHub).
//
// `own_sections` names headings (as heading_matches compares them) that are sections in their own
// right wherever they stand: such a section, its heading and everything under it, is not content of
// the sections around it. The rules pass every required section's names, so "# Motivation", "N/A",
// "### Goals ..." leaves Motivation with only its placeholder, while "### Performance" under
// "## Goals" still counts as Goals' content.
std::vector<section> parse_sections(std::string_view body, const std::vector<std::string>& own_sections = {});

// Whether a heading names one of `names`: compared case-insensitively after trimming, collapsing
// inner whitespace and dropping a trailing ':'.
bool heading_matches(std::string_view heading, const std::vector<std::string>& names);

// Whether content counts as missing: empty once trimmed, or only one of `placeholders`
// (case-insensitive, trailing periods ignored: "TBD." is "TBD").
bool is_placeholder(std::string_view content, const std::vector<std::string>& placeholders);

// The running text of a body, one entry per paragraph, heading, list item or table row, for
// phrase searches. Code spans and code blocks are replaced by '_' (so nothing in code is found);
// a link whose target is an issue or pull request URL reads as that URL.
struct prose_block {
  std::string text;
  bool list_item = false;  // the text of one list item (nested items are blocks of their own)
};
std::vector<prose_block> prose_blocks(std::string_view body);

}  // namespace roadmapd::markdown

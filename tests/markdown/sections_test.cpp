// parse_sections and prose_blocks on the bodies people write in roadmap issues, including the
// broken ones.
#include "markdown/sections.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace roadmapd::markdown {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// "level|heading|content" per section, content trimmed and newlines shown as '/'.
std::vector<std::string> summary(std::string_view body, const std::vector<std::string>& own = {}) {
  std::vector<std::string> out;
  for (const auto& s : parse_sections(body, own)) {
    std::string content;
    for (char c : s.content) content += c == '\n' ? '/' : c;
    while (!content.empty() && (content.back() == '/' || content.back() == ' ')) content.pop_back();
    while (!content.empty() && (content.front() == '/' || content.front() == ' ')) content.erase(0, 1);
    out.push_back(std::to_string(s.level) + "|" + s.heading + "|" + content);
  }
  return out;
}

std::vector<std::string> texts(std::string_view body) {
  std::vector<std::string> out;
  for (const auto& b : prose_blocks(body)) out.push_back((b.list_item ? "- " : "") + b.text);
  return out;
}

TEST(sections, atx_and_setext_headings_at_any_level) {
  EXPECT_THAT(summary("# One\na\n\nTwo\n===\nb\n\nThree\n---\nc\n###### Six ######\nd\n"),
              ElementsAre("1|One|a", "1|Two|b/Three/c/Six/d", "2|Three|c/Six/d", "6|Six|d"));
}

TEST(sections, sub_sections_belong_to_their_parent) {
  EXPECT_THAT(summary("## Goals\n### Speed\nfast\n## Scope\nsmall\n"),
              ElementsAre("2|Goals|Speed/fast", "3|Speed|fast", "2|Scope|small"));
}

TEST(sections, sections_that_stand_on_their_own_are_not_content_of_the_ones_around_them) {
  EXPECT_THAT(summary("# Motivation\nN/A\n### Goals\nfast\n#### Speed\nx\n### Other\ny\n", {"goals"}),
              ElementsAre("1|Motivation|N/A/Other/y", "3|Goals|fast/Speed/x", "4|Speed|x", "3|Other|y"));
  EXPECT_THAT(summary("# Motivation\nN/A\n### Goals\nfast\n"),
              ElementsAre("1|Motivation|N/A/Goals/fast", "3|Goals|fast"))
      << "without own sections every sub-section is content";
}

TEST(sections, bold_lead_ins_open_sections) {
  EXPECT_THAT(summary("**Goals**: be fast\n\n**Scope:** small\nand simple\n\n**Deliverables**\n\n- code\n\n"
                      "**Bold** but not a lead-in.\n"),
              ElementsAre("7|Goals|be fast", "7|Scope|small and simple", "7|Deliverables|code/Bold but not a lead-in."));
}

TEST(sections, trailing_colons_and_inline_markup_leave_the_heading_text) {
  EXPECT_THAT(summary("## *End* `goals`:\nx\n## [Scope](https://example.com) ::\ny\n"),
              ElementsAre("2|End goals|x", "2|Scope|y"));
}

TEST(sections, headings_in_code_quotes_and_lists_open_nothing) {
  EXPECT_THAT(summary("```\n## Goals\n```\n> ## Scope\n\n- ## Motivation\n\n    ## Deliverables\n"), IsEmpty());
}

TEST(sections, html_comments_are_not_content_but_code_is) {
  EXPECT_THAT(summary("## Motivation\n<!-- Why? -->\n## Goals\n<!-- x --> real <b>bold</b>\n## Scope\n```\ncode\n```\n"),
              ElementsAre("2|Motivation|", "2|Goals|real bold", "2|Scope|code"));
}

TEST(sections, hostile_input_does_not_crash) {
  EXPECT_THAT(summary(""), IsEmpty());
  EXPECT_THAT(summary("\r\n\r\n"), IsEmpty());
  EXPECT_THAT(summary("## A\r\nx\r\n## B\r\ny\r\n"), ElementsAre("2|A|x", "2|B|y"));
  EXPECT_THAT(summary(std::string("## A\0B\nx\n", 9)), ElementsAre("2|A\xef\xbf\xbd" "B|x"));
  EXPECT_THAT(summary("## \xff\n\xfe\n"), ElementsAre("2|\xef\xbf\xbd|\xef\xbf\xbd"));
  // Deep nesting is walked without recursion.
  std::string deep(200000, '>');
  deep += " ## x\n";
  EXPECT_THAT(summary(deep), IsEmpty());
  EXPECT_FALSE(prose_blocks(deep).empty());
  std::string nested;
  for (int i = 0; i < 5000; ++i) nested += std::string(i * 2 % 400, ' ') + "- item\n";
  EXPECT_FALSE(prose_blocks(nested).empty());
  // A megabyte of headings.
  std::string many;
  while (many.size() < (1u << 20)) many += "# h\ntext\n";
  EXPECT_GT(parse_sections(many).size(), 100000u);
}

TEST(placeholders, empty_or_only_a_placeholder) {
  const std::vector<std::string> p{"TBD", "TODO", "-", "N/A", "..."};
  for (const char* s : {"", "  \n ", "TBD", " tbd. ", "Todo", "-", "n/a", "...", "…"})
    EXPECT_EQ(is_placeholder(s, p), std::string_view(s) != "…") << s;
  EXPECT_FALSE(is_placeholder("TBD by March", p));
  EXPECT_FALSE(is_placeholder("x", p));
}

TEST(headings, match_names_and_aliases_loosely) {
  EXPECT_TRUE(heading_matches("End   goals:", {"Goals", "End goals"}));
  EXPECT_TRUE(heading_matches("GOALS", {"Goals"}));
  EXPECT_FALSE(heading_matches("Goals and non-goals", {"Goals"}));
  EXPECT_FALSE(heading_matches("", {""}));
}

TEST(prose, blocks_mask_code_and_read_issue_links_as_urls) {
  EXPECT_THAT(texts("Depends on `#1` and [this](https://github.com/a/b/issues/2).\n\n"
                    "```\nDepends on #3\n```\n\n- Blocked by #4\n  - nested #5\n\n| a | #6 |\n|---|---|\n| b | #7 |\n"),
              ElementsAre("Depends on __ and  https://github.com/a/b/issues/2 .", "- Blocked by #4", "- nested #5",
                          "a | #6", "b | #7"));
}

}  // namespace
}  // namespace roadmapd::markdown

// sections: the description explains motivation, goals, deliverables and scope, each under its
// own heading or bold lead-in, with real content.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "facts_builder.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class sections_rule : public ::testing::Test {
 protected:
  board_facts board = seeds_board();
  item_facts item = good_item();
  config::rule_set settings;

  std::vector<std::string> judge(std::string body) {
    item.body = std::move(body);
    return codes(judge_sections, item, board, settings);
  }
};

TEST_F(sections_rule, a_complete_body_passes_in_every_accepted_form) {
  EXPECT_THAT(judge(complete_body), IsEmpty());
  EXPECT_THAT(judge("Motivation\n==========\nUsers need it.\n\nEnd goals:\n----------\nIt works.\n\n"
                    "**Deliverables**: code and docs\n\n**Scope:** the core only\n"),
              IsEmpty());
  EXPECT_THAT(judge("# WHY\nBecause.\n#### objectives:\nFast.\n\n**Outcomes**\n\nA release.\n\n### Non-goals\nGPUs.\n"),
              IsEmpty());
}

TEST_F(sections_rule, an_empty_body_misses_every_section_in_configured_order) {
  EXPECT_THAT(judge(""), ElementsAre("missing-section:Motivation", "missing-section:Goals",
                                     "missing-section:Deliverables", "missing-section:Scope"));
  const auto found = findings(judge_sections, item, board, settings);
  EXPECT_THAT(found.at(1).fix, HasSubstr("`## Goals`"));
  EXPECT_THAT(found.at(1).fix, HasSubstr("`## End goals`"));
  EXPECT_EQ(found.at(1).label, "roadmap:needs-details");
  EXPECT_EQ(found.at(1).rule, "sections");
}

TEST_F(sections_rule, placeholders_and_empty_sections_are_empty_sections) {
  EXPECT_THAT(judge("## Motivation\nUsers need it.\n## Goals\nTBD\n## Deliverables\n- todo\n## Scope\n"),
              ElementsAre("empty-section:Goals", "empty-section:Deliverables", "empty-section:Scope"));
  const auto found = findings(judge_sections, item, board, settings);
  EXPECT_THAT(found.at(0).message, HasSubstr("`TBD`"));
  EXPECT_THAT(found.at(0).fix, HasSubstr("line 3"));
  EXPECT_THAT(found.at(2).message, HasSubstr("empty"));
}

TEST_F(sections_rule, an_issue_whose_body_roadmapd_cannot_see_is_not_judged) {
  item.body_known = false;  // its repository is not mirrored: "" means unknown, not empty
  EXPECT_THAT(judge(""), IsEmpty());
}

TEST_F(sections_rule, issue_template_comments_are_not_content) {
  EXPECT_THAT(judge("### Motivation\n<!-- Why is this needed? -->\n\n### Goals\n<!-- What does success look like? -->\nFaster builds.\n"
                    "### Deliverables\n\n- [ ] \n\n### Scope\n<!--\nWhat is out of scope?\n-->\n"),
              ElementsAre("empty-section:Motivation", "empty-section:Deliverables", "empty-section:Scope"));
}

TEST_F(sections_rule, a_duplicate_heading_with_content_wins) {
  EXPECT_THAT(judge(std::string("## Goals\nTBD\n\n") + complete_body), IsEmpty());
}

// A required section nested under another is a section of its own, not the other's content; any
// other sub-heading is still content of the section it stands under.
TEST_F(sections_rule, a_placeholder_above_a_nested_required_section_is_still_a_placeholder) {
  EXPECT_THAT(judge("# Motivation\nN/A\n### Goals\nFaster builds.\n## Deliverables\nCode.\n## Scope\nCore.\n"),
              ElementsAre("empty-section:Motivation"));
  const auto found = findings(judge_sections, item, board, settings);
  EXPECT_THAT(found.at(0).message, HasSubstr("`N/A`"));
}

TEST_F(sections_rule, a_placeholder_above_a_nested_alias_is_still_a_placeholder) {
  EXPECT_THAT(judge("## Motivation\nUsers.\n# End goals\nTODO\n## Deliverables\n- code\n## Scope\nCore.\n"),
              ElementsAre("empty-section:Goals"));
}

TEST_F(sections_rule, an_empty_section_above_a_nested_alias_is_still_empty) {
  EXPECT_THAT(judge("# motivation\n## End goals\nFast.\n## Deliverables\nCode.\n## Scope\nCore.\n"),
              ElementsAre("empty-section:Motivation"));
  const auto found = findings(judge_sections, item, board, settings);
  EXPECT_THAT(found.at(0).message, HasSubstr("is empty"));
}

TEST_F(sections_rule, a_nested_lead_in_of_a_required_section_is_its_own_section) {
  EXPECT_THAT(judge("## Motivation\n**Goals**: fast\n\n## Deliverables\nCode.\n## Scope\nCore.\n"),
              ElementsAre("empty-section:Motivation"));
}

TEST_F(sections_rule, other_sub_headings_are_content_of_the_section_above) {
  EXPECT_THAT(judge("## Motivation\nUsers.\n## Goals\n### Performance\nTwice as fast.\n## Deliverables\nCode.\n"
                    "## Scope\nCore.\n"),
              IsEmpty());
  // Text after a nested required section, under a later plain sub-heading, is the outer one's again.
  EXPECT_THAT(judge("# Motivation\n### Goals\nFast.\n### Background detail\nUsers asked.\n## Deliverables\nCode.\n"
                    "## Scope\nCore.\n"),
              IsEmpty());
}

TEST_F(sections_rule, sections_and_placeholders_are_configurable) {
  settings.sections.sections = {{"Rationale", {}}};
  settings.sections.placeholders = {"see below"};
  EXPECT_THAT(judge(complete_body), ElementsAre("missing-section:Rationale"));
  EXPECT_THAT(judge("## Rationale\nSee below.\n"), ElementsAre("empty-section:Rationale"));
  EXPECT_THAT(judge("## Rationale\nTBD\n"), IsEmpty()) << "TBD is no placeholder in this rule set";
  settings.sections.sections.clear();
  EXPECT_FALSE(sections_enabled(settings));
}

TEST_F(sections_rule, malformed_bodies_give_sensible_findings) {
  // An unclosed fence swallows the rest of the body, as on GitHub.
  EXPECT_THAT(judge("## Motivation\nUsers.\n```python\n## Goals\nFast.\n## Deliverables\nX\n## Scope\nY\n"),
              ElementsAre("missing-section:Goals", "missing-section:Deliverables", "missing-section:Scope"));
  // Headings inside closed code blocks do not count either; code under a heading is content.
  EXPECT_THAT(judge("## Motivation\n```\n## Goals\nx\n```\n## Deliverables\n    ## Scope\n\n## Scope\nY\n"),
              ElementsAre("missing-section:Goals"));
  // CRLF line ends.
  std::string crlf;
  for (char c : std::string(complete_body)) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  EXPECT_THAT(judge(crlf), IsEmpty());
  // Invalid UTF-8 around the headings.
  EXPECT_THAT(judge("\xff\xfe## Motivation\n\xc3\x28 bytes\n## Goals\n\x80\x80\n## Deliverables\nok\xe2\x82\n## Scope\n\xf0\n"),
              ElementsAre("missing-section:Motivation"));
  // A megabyte of text under one heading.
  std::string big = "## Motivation\n";
  while (big.size() < (1u << 20)) big += "Lorem ipsum dolor sit amet, **consectetur** `adipiscing` elit.\n";
  EXPECT_THAT(judge(big), ElementsAre("missing-section:Goals", "missing-section:Deliverables", "missing-section:Scope"));
}

}  // namespace
}  // namespace roadmapd::rules::test

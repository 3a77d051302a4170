// dependencies: references after "Depends on" / "Blocked by" / "Requires" must resolve, and must not
// be planned later than the item that waits for them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "facts_builder.hpp"
#include "rules/item_tests.hpp"
#include "rules/rule_functions.hpp"

namespace roadmapd::rules::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class dependencies_rule : public ::testing::Test {
 protected:
  board_facts board = seeds_board();
  item_facts item = good_item();
  config::rule_set settings;
  std::map<std::string, issue_status> known;

  std::function<issue_status(const std::string&, int)> lookup() {
    return [this](const std::string& repo, int number) {
      auto it = known.find(repo + "#" + std::to_string(number));
      return it != known.end() ? it->second : issue_status{};
    };
  }
  std::vector<std::string> judge(const std::string& body) {
    item.body = std::string(complete_body) + "\n" + body;
    return codes(judge_dependencies, item, board, settings, lookup());
  }
  void SetUp() override {
    known["acme/app#12"] = {true, "OPEN", std::nullopt};
    known["acme/app#13"] = {true, "CLOSED", *parse_quarter("Q4 2027")};
    known["acme/lib#34"] = {true, "OPEN", *parse_quarter("Q3 2027")};
    known["acme/lib#35"] = {true, "OPEN", *parse_quarter("Q1 2027")};
  }
};

TEST_F(dependencies_rule, known_references_after_a_phrase_pass) {
  EXPECT_THAT(judge("Depends on #12."), IsEmpty());
  EXPECT_THAT(judge("blocked by acme/app#13 and #12"), IsEmpty());
}

TEST_F(dependencies_rule, unknown_references_are_reported_with_their_full_name) {
  EXPECT_THAT(judge("Depends on #99, acme/lib#35 and https://github.com/other/repo/issues/7."),
              ElementsAre("unknown-dependency:acme/app#99", "unknown-dependency:other/repo#7"));
  const auto found = findings(judge_dependencies, item, board, settings, lookup());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_THAT(found[0].message, HasSubstr("acme/app#99"));
  EXPECT_EQ(found[0].label, "roadmap:blocked-dependency");
}

TEST_F(dependencies_rule, references_not_after_a_phrase_or_in_code_are_ignored) {
  EXPECT_THAT(judge("See #99 for background. Depends on nothing; fixes #98."), IsEmpty());
  EXPECT_THAT(judge("Run `depends on #97` to check.\n\n```\nDepends on #96\n```\n"), IsEmpty());
  EXPECT_THAT(judge("Depends on `#95`"), IsEmpty());
  // The phrase is a whole word: "independs on" is not it.
  EXPECT_THAT(judge("It independs on #94"), IsEmpty());
}

// dependency_references skips parsing a body that holds no phrase's first word: formatting around
// or between the words must not hide a phrase from it.
TEST_F(dependencies_rule, formatting_around_a_phrase_does_not_hide_it) {
  item_facts only = item;
  for (const char* body : {"**Blocked** by #99.", "Depends _on_ acme/lib#34.", "REQUIRES #98"}) {
    only.body = body;
    const auto refs = dependency_references(only, settings.dependencies.phrases);
    EXPECT_EQ(refs.size(), 1u) << body;
  }
  only.body = "Nothing here names a dependency on #97.";
  EXPECT_THAT(dependency_references(only, settings.dependencies.phrases), IsEmpty());
}

TEST_F(dependencies_rule, a_phrase_ending_a_paragraph_takes_the_list_below) {
  EXPECT_THAT(judge("Blocked by:\n\n- #91\n- [acme/lib#34](https://github.com/acme/lib/issues/34)\n- [the RFC](https://github.com/acme/rfcs/pull/92)\n\nLater: #93\n"),
              ElementsAre("unknown-dependency:acme/app#91", "dependency-scheduled-later:acme/lib#34",
                          "unknown-dependency:acme/rfcs#92"));
}

TEST_F(dependencies_rule, an_open_dependency_planned_for_a_later_quarter_is_flagged) {
  // The item is planned for Q2 2027; acme/lib#34 is open and planned for Q3 2027.
  const auto found_codes = judge("Requires acme/lib#34 and acme/lib#35");
  EXPECT_THAT(found_codes, ElementsAre("dependency-scheduled-later:acme/lib#34"));
  const auto found = findings(judge_dependencies, item, board, settings, lookup());
  EXPECT_THAT(found.at(0).message, HasSubstr("Q3 2027"));
  EXPECT_THAT(found.at(0).fix, HasSubstr("Move this item to Q3 2027"));
  // A closed dependency, or an item not in a quarter, is not late.
  EXPECT_THAT(judge("Requires acme/app#13"), IsEmpty());
  item.status = "Backlog";
  item.body = std::string(complete_body) + "Requires acme/lib#34";
  EXPECT_THAT(codes(judge_dependencies, item, board, settings, lookup()), IsEmpty());
}

TEST_F(dependencies_rule, repeats_and_self_references_count_once_or_not_at_all) {
  EXPECT_THAT(judge("Depends on #99. Blocked by acme/app#99 and ACME/App#99. Requires #10."),
              ElementsAre("unknown-dependency:acme/app#99"));
}

TEST_F(dependencies_rule, phrases_are_configurable) {
  settings.dependencies.phrases = {"needs"};
  EXPECT_THAT(judge("Depends on #99. Needs #98."), ElementsAre("unknown-dependency:acme/app#98"));
  settings.dependencies.phrases.clear();
  EXPECT_FALSE(dependencies_enabled(settings));
}

TEST_F(dependencies_rule, drafts_have_no_repository_so_bare_numbers_name_nothing) {
  item.type = "DRAFT_ISSUE";
  item.repo.clear();
  item.number = 0;
  EXPECT_THAT(judge("Depends on #99 and other/repo#5"), ElementsAre("unknown-dependency:other/repo#5"));
}

}  // namespace
}  // namespace roadmapd::rules::test

// parse_task_list on the task lists people write in RFC tracking issues.
#include "markdown/task_list.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace roadmapd::markdown {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// "x|text|repo#number" (or "-" without reference) per entry, to compare whole lists at a glance.
std::vector<std::string> summary(std::string_view body, std::string_view repo = "acme/rfcs") {
  std::vector<std::string> out;
  for (const auto& e : parse_task_list(body, repo)) {
    std::string ref = "-";
    if (e.ref_number) ref = e.ref_repo.value_or("?") + "#" + std::to_string(*e.ref_number);
    out.push_back(std::string(e.checked ? "x" : " ") + "|" + e.text + "|" + ref);
  }
  return out;
}

TEST(task_list, recognises_githubs_checkbox_forms) {
  EXPECT_THAT(summary("- [ ] #1 one\n"
                      "- [x] #2 two\n"
                      "* [X] #3 three\n"
                      "+ [ ] #4 four\n"
                      "\n"
                      "1. [ ] #5 five\n"
                      "2. [x] #6 six\n"),
              ElementsAre(" |#1 one|acme/rfcs#1", "x|#2 two|acme/rfcs#2", "x|#3 three|acme/rfcs#3",
                          " |#4 four|acme/rfcs#4", " |#5 five|acme/rfcs#5",
                          "x|#6 six|acme/rfcs#6"));
}

TEST(task_list, positions_count_from_zero_in_document_order) {
  auto entries = parse_task_list("Intro\n\n- [ ] a\n- [x] b\n\nMore text\n\n- [ ] c\n", "acme/rfcs");
  ASSERT_EQ(entries.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(entries[i].position, i);
}

TEST(task_list, ordinary_list_items_are_not_entries) {
  EXPECT_THAT(summary("- plain item #7\n- [ ] real #8\n- [] not a box #9\n- [y] nor this #10\n"),
              ElementsAre(" |real #8|acme/rfcs#8"));
}

TEST(task_list, nested_entries_follow_their_parent_and_are_not_part_of_its_text) {
  EXPECT_THAT(summary("- [ ] Parent #1\n"
                      "  - [x] Child #2\n"
                      "    - [ ] Grandchild #3\n"
                      "- [ ] Sibling\n"),
              ElementsAre(" |Parent #1|acme/rfcs#1", "x|Child #2|acme/rfcs#2",
                          " |Grandchild #3|acme/rfcs#3", " |Sibling|-"));
}

TEST(task_list, nested_entries_under_a_plain_item_count_too) {
  EXPECT_THAT(summary("- Phase 1\n  - [x] #1\n  - [ ] #2\n"),
              ElementsAre("x|#1|acme/rfcs#1", " |#2|acme/rfcs#2"));
}

TEST(task_list, text_without_a_reference_has_none) {
  auto entries = parse_task_list("- [ ] Write the announcement blog post\n", "acme/rfcs");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].text, "Write the announcement blog post");
  EXPECT_EQ(entries[0].ref_repo, std::nullopt);
  EXPECT_EQ(entries[0].ref_number, std::nullopt);
}

TEST(task_list, references_in_other_repositories) {
  EXPECT_THAT(summary("- [ ] rust-lang/cargo#12345 upstream\n"
                      "- [x] Needs my-org/my.repo_name#7 first\n"),
              ElementsAre(" |rust-lang/cargo#12345 upstream|rust-lang/cargo#12345",
                          "x|Needs my-org/my.repo_name#7 first|my-org/my.repo_name#7"));
}

TEST(task_list, urls_of_issues_and_pull_requests_on_any_host) {
  EXPECT_THAT(
      summary("- [ ] https://github.com/acme/app/issues/42#issuecomment-1234567\n"
              "- [ ] https://github.com/acme/app/pull/43/files\n"
              "- [x] https://ghe.example.com/team/tool/pull/9\n"
              "- [ ] [the design](https://github.com/acme/design/issues/5) is settled\n"
              "- [ ] <https://github.com/acme/app/issues/44>\n"),
      ElementsAre(" |https://github.com/acme/app/issues/42#issuecomment-1234567|acme/app#42",
                  " |https://github.com/acme/app/pull/43/files|acme/app#43",
                  "x|https://ghe.example.com/team/tool/pull/9|team/tool#9",
                  " |the design is settled|acme/design#5",
                  " |https://github.com/acme/app/issues/44|acme/app#44"));
}

TEST(task_list, other_urls_and_their_fragments_are_not_references) {
  EXPECT_THAT(summary("- [ ] see https://example.com/docs#12 and https://github.com/acme/app/wiki/3\n"
                      "- [ ] [anchor](#13) only\n"),
              ElementsAre(" |see https://example.com/docs#12 and https://github.com/acme/app/wiki/3|-",
                          " |anchor only|-"));
}

TEST(task_list, the_first_reference_wins) {
  EXPECT_THAT(summary("- [ ] #5 supersedes acme/app#6 and https://github.com/acme/app/issues/7\n"
                      "- [ ] acme/app#6 before #5\n"
                      "- [ ] https://github.com/acme/app/issues/7 then #5\n"),
              ElementsAre(" |#5 supersedes acme/app#6 and https://github.com/acme/app/issues/7|acme/rfcs#5",
                          " |acme/app#6 before #5|acme/app#6",
                          " |https://github.com/acme/app/issues/7 then #5|acme/app#7"));
}

TEST(task_list, markdown_is_flattened_into_plain_text) {
  EXPECT_THAT(summary("- [ ] **Implement** the `--fast` flag in _the CLI_ (~~#3~~ #4)\n"),
              ElementsAre(" |Implement the --fast flag in the CLI (#3 #4)|acme/rfcs#3"));
}

TEST(task_list, references_inside_code_are_ignored) {
  EXPECT_THAT(summary("- [ ] `#1` is an example; the real one is acme/app#2\n"
                      "- [ ] run `gh issue view 3 -R acme/app#3`\n"),
              ElementsAre(" |#1 is an example; the real one is acme/app#2|acme/app#2",
                          " |run gh issue view 3 -R acme/app#3|-"));
}

TEST(task_list, checkboxes_in_code_blocks_are_not_entries) {
  EXPECT_THAT(summary("```markdown\n- [ ] #1 template\n- [x] #2 template\n```\n"
                      "\n"
                      "    - [ ] #3 indented code\n"
                      "\n"
                      "- [ ] #4 real\n"),
              ElementsAre(" |#4 real|acme/rfcs#4"));
}

TEST(task_list, words_and_paths_are_not_references) {
  EXPECT_THAT(summary("- [ ] issue#5, a/b/c#6, C#8 and #9abc\n"),
              ElementsAre(" |issue#5, a/b/c#6, C#8 and #9abc|-"));
}

TEST(task_list, crlf_bodies_parse_like_lf_bodies) {
  EXPECT_EQ(summary("Tasks:\r\n\r\n- [ ] #1 first\r\n- [x] acme/app#2 second\r\n  - [ ] nested\r\n"),
            summary("Tasks:\n\n- [ ] #1 first\n- [x] acme/app#2 second\n  - [ ] nested\n"));
  EXPECT_THAT(summary("- [ ] #1 first\r\n- [x] second\r\n"),
              ElementsAre(" |#1 first|acme/rfcs#1", "x|second|-"));
}

TEST(task_list, empty_and_list_less_bodies_have_no_entries) {
  EXPECT_THAT(parse_task_list("", "acme/rfcs"), IsEmpty());
  EXPECT_THAT(parse_task_list("Just prose about #12.\n", "acme/rfcs"), IsEmpty());
}

TEST(task_list, without_a_default_repository_short_references_keep_only_the_number) {
  auto entries = parse_task_list("- [ ] #12\n- [ ] acme/app#3\n", "");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].ref_repo, std::nullopt);
  EXPECT_EQ(entries[0].ref_number, 12);
  EXPECT_EQ(entries[1].ref_repo, "acme/app");
  EXPECT_EQ(entries[1].ref_number, 3);
}

TEST(task_list, multi_paragraph_entries_are_joined_with_spaces) {
  EXPECT_THAT(summary("- [ ] First line\n  continues #4\n\n  Second paragraph\n"),
              ElementsAre(" |First line continues #4 Second paragraph|acme/rfcs#4"));
}

TEST(task_list, a_huge_body_is_parsed_completely) {
  std::string body = "# Tracking\n\n";
  for (int i = 1; i <= 10000; ++i)
    body += std::string(i % 3 == 0 ? "- [x] " : "- [ ] ") + "Step " + std::to_string(i) + " #" +
            std::to_string(i) + "\n";
  auto entries = parse_task_list(body, "acme/rfcs");
  ASSERT_EQ(entries.size(), 10000u);
  EXPECT_EQ(entries[9999].position, 9999);
  EXPECT_EQ(entries[9999].ref_number, 10000);
  EXPECT_EQ(entries[9999].text, "Step 10000 #10000");
  EXPECT_TRUE(entries[8].checked);
  EXPECT_FALSE(entries[9].checked);
}

}  // namespace
}  // namespace roadmapd::markdown

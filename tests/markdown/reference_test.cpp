// find_reference: the reference forms on their own.
#include <gtest/gtest.h>

#include "markdown/task_list.hpp"

namespace roadmapd::markdown {
namespace {

std::string found(std::string_view text) {
  auto r = find_reference(text, "acme/rfcs");
  if (!r) return "none";
  return r->repo.value_or("?") + "#" + std::to_string(r->number) + "@" + std::to_string(r->offset);
}

TEST(find_reference, short_form_uses_the_default_repository) {
  EXPECT_EQ(found("#12"), "acme/rfcs#12@0");
  EXPECT_EQ(found("(see #12)"), "acme/rfcs#12@5");
  EXPECT_EQ(found("done: #7."), "acme/rfcs#7@6");
}

TEST(find_reference, qualified_form) {
  EXPECT_EQ(found("x owner/repo#3"), "owner/repo#3@2");
  EXPECT_EQ(found("Owner-1/re.po_x#30,"), "Owner-1/re.po_x#30@0");
}

TEST(find_reference, urls) {
  EXPECT_EQ(found("at http://git.local/a/b/issues/8?x=1"), "a/b#8@3");
  EXPECT_EQ(found("https://github.com/a/b/pulls/8"), "none");
  EXPECT_EQ(found("https://github.com/a/b/issues/8x"), "none");
  EXPECT_EQ(found("https://github.com/a/b/issues/"), "none");
}

TEST(find_reference, not_references) {
  EXPECT_EQ(found("#0"), "none");
  EXPECT_EQ(found("#"), "none");
  EXPECT_EQ(found("abc#1"), "none");
  EXPECT_EQ(found("#99999999999"), "none");  // does not fit an issue number
  EXPECT_EQ(found("a/b/c#1"), "none");
}

}  // namespace
}  // namespace roadmapd::markdown

// The log format: priority prefixes and no timestamps for the journal, timestamps elsewhere; the
// journal is recognised only when JOURNAL_STREAM names the very file stderr is.
#include <sys/stat.h>

#include <cstdio>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include "util/logging.hpp"

namespace roadmapd::util {
namespace {

using ::testing::MatchesRegex;

std::string lines_from(bool journal) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger logger("test", sink);
  logger.set_level(spdlog::level::debug);
  apply_log_format(logger, journal);
  logger.info("synced 4 boards");
  logger.warn("slow");
  logger.error("failed");
  logger.debug("detail");
  return out.str();
}

TEST(logging_test, journal_lines_carry_the_syslog_priority_and_no_time) {
  EXPECT_EQ(lines_from(true), "<6>synced 4 boards\n<4>slow\n<3>failed\n<7>detail\n");
}

TEST(logging_test, other_lines_start_with_the_time_and_level) {
  const auto text = lines_from(false);
  EXPECT_THAT(text.substr(0, text.find('\n')),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} info synced 4 boards"));
}

TEST(logging_test, the_journal_is_the_file_journal_stream_names) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  struct stat st {};
  ASSERT_EQ(fstat(fileno(f), &st), 0);
  const std::string mine = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  EXPECT_TRUE(is_journal_stream(mine.c_str(), fileno(f)));
  EXPECT_FALSE(is_journal_stream((std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1)).c_str(), fileno(f)));
  EXPECT_FALSE(is_journal_stream("garbage", fileno(f)));
  EXPECT_FALSE(is_journal_stream(nullptr, fileno(f)));
  std::fclose(f);
}

}  // namespace
}  // namespace roadmapd::util

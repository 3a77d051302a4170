// The sd_notify messages roadmapd sends, as the service manager receives them on its socket.
#include <cstdlib>
#include <ctime>

#include <gtest/gtest.h>
#include <unistd.h>

#include "notify_socket.hpp"
#include "systemd/notifier.hpp"
#include "temp_dir.hpp"

namespace roadmapd::systemd {
namespace {

using namespace std::chrono_literals;

// Each test starts from an environment without the service manager's variables.
class notifier_test : public ::testing::Test {
 protected:
  test::temp_dir dir;
  test::notify_socket socket{dir / "notify"};

  void SetUp() override { clear(); }
  void TearDown() override { clear(); }
  static void clear() {
    for (const char* v : {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"}) ::unsetenv(v);
  }
  void connect() { ::setenv("NOTIFY_SOCKET", socket.path().c_str(), 1); }
};

TEST_F(notifier_test, ready_status_and_stopping_arrive_as_systemd_expects_them) {
  connect();
  notifier n;
  EXPECT_TRUE(n.enabled());
  n.ready("started; 2 boards");
  EXPECT_EQ(socket.receive(5s), "READY=1\nSTATUS=started; 2 boards");
  n.status("last sync 12:03:04 ok\nsecond line");
  EXPECT_EQ(socket.receive(5s), "STATUS=last sync 12:03:04 ok second line");
  n.ready();
  EXPECT_EQ(socket.receive(5s), "READY=1");
  n.stopping("stopping on signal 15");
  EXPECT_EQ(socket.receive(5s), "STOPPING=1\nSTATUS=stopping on signal 15");
  n.watchdog();
  EXPECT_EQ(socket.receive(5s), "WATCHDOG=1");
}

TEST_F(notifier_test, reloading_carries_the_monotonic_clock) {
  connect();
  notifier n;
  timespec before{}, after{};
  clock_gettime(CLOCK_MONOTONIC, &before);
  n.reloading();
  clock_gettime(CLOCK_MONOTONIC, &after);
  const auto message = socket.receive(5s);
  ASSERT_TRUE(message);
  const std::string prefix = "RELOADING=1\nMONOTONIC_USEC=";
  ASSERT_EQ(message->substr(0, prefix.size()), prefix) << *message;
  const auto usec = std::stoull(message->substr(prefix.size()));
  EXPECT_GE(usec, static_cast<unsigned long long>(before.tv_sec) * 1'000'000 + before.tv_nsec / 1000);
  EXPECT_LE(usec, static_cast<unsigned long long>(after.tv_sec) * 1'000'000 + after.tv_nsec / 1000);
}

TEST_F(notifier_test, without_notify_socket_nothing_is_sent) {
  notifier n;
  EXPECT_FALSE(n.enabled());
  n.ready("started");
  n.status("x");
  n.stopping();
  n.watchdog();
  EXPECT_EQ(socket.receive(200ms), std::nullopt);
}

TEST_F(notifier_test, the_watchdog_interval_is_watchdog_usec_for_this_process_only) {
  connect();
  EXPECT_EQ(notifier().watchdog_interval(), std::nullopt);
  ::setenv("WATCHDOG_USEC", "3000000", 1);
  EXPECT_EQ(notifier().watchdog_interval(), std::chrono::microseconds(3'000'000));
  ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
  EXPECT_EQ(notifier().watchdog_interval(), std::chrono::microseconds(3'000'000));
  // Meant for another process (inherited from a parent that is the service's main process).
  ::setenv("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str(), 1);
  EXPECT_EQ(notifier().watchdog_interval(), std::nullopt);
}

}  // namespace
}  // namespace roadmapd::systemd

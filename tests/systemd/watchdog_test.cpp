// Watchdog keep-alives: sent from the event loop at half WatchdogSec=, never while the loop is busy.
#include <cstdlib>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <gtest/gtest.h>

#include "notify_socket.hpp"
#include "systemd/watchdog.hpp"
#include "temp_dir.hpp"

namespace roadmapd::systemd {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

class watchdog_test : public ::testing::Test {
 protected:
  test::temp_dir dir;
  test::notify_socket socket{dir / "notify"};
  asio::io_context io{1};

  void SetUp() override { ::setenv("NOTIFY_SOCKET", socket.path().c_str(), 1); }
  void TearDown() override {
    for (const char* v : {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"}) ::unsetenv(v);
  }

  // Keep-alives waiting on the socket.
  int drain() {
    int n = 0;
    while (auto m = socket.receive(0ms)) {
      EXPECT_EQ(*m, "WATCHDOG=1");
      ++n;
    }
    return n;
  }

  void spawn(watchdog& w) {
    asio::co_spawn(io, w.run(), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
  }
};

TEST_F(watchdog_test, keep_alives_come_at_half_the_interval_until_stopped) {
  ::setenv("WATCHDOG_USEC", "200000", 1);
  notifier n;
  watchdog w(io.get_executor(), n);
  EXPECT_EQ(w.period(), 100ms);
  spawn(w);
  asio::steady_timer stop(io, 1s);
  stop.async_wait([&](auto) { w.stop(); });
  io.run();  // returns once stopped: the watchdog holds no more work
  // One at once, then one per 100 ms for 1 s; a timer never fires early, a busy machine fires late.
  const int sent = drain();
  EXPECT_GE(sent, 2);
  EXPECT_LE(sent, 11);
}

TEST_F(watchdog_test, a_busy_loop_sends_no_keep_alive) {
  ::setenv("WATCHDOG_USEC", "100000", 1);
  notifier n;
  watchdog w(io.get_executor(), n);
  spawn(w);
  int while_busy = -1;
  asio::steady_timer busy(io, 120ms);
  busy.async_wait([&](auto) {
    drain();
    // The loop is stuck here for ten periods: systemd must see the silence.
    while_busy = 0;
    while (auto m = socket.receive(500ms)) ++while_busy;
    w.stop();
  });
  io.run();
  EXPECT_EQ(while_busy, 0);
}

TEST_F(watchdog_test, without_watchdog_usec_run_returns_at_once_and_sends_nothing) {
  notifier n;
  watchdog w(io.get_executor(), n);
  EXPECT_EQ(w.period(), 0us);
  spawn(w);
  io.run();
  EXPECT_EQ(drain(), 0);
}

}  // namespace
}  // namespace roadmapd::systemd

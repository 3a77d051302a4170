// A sample mirror for the benchmarks: boards laid out like the seeds' (theme cards, a Themes & Goals
// card atop each quarter, a Backlog), items from the ingest benchmark's generator with RFC tracking
// issues of 2-5 KB behind them, some without owner, priority or theme. Fixed seeds: every run is the
// same mirror.
#pragma once

#include <cstddef>

#include "config/config.hpp"
#include "store/mirror.hpp"

namespace roadmapd::bench {

struct mirror_summary {
  std::size_t body_bytes = 0;
  int issues = 0;
};

// Board k (number 2 + k, owner "apache") with `items` items, written in pass `pass`.
mirror_summary add_board(store::mirror& mirror, int k, int items, long pass);

// A configuration of `boards` such boards and apache/tvm, apache/tvm-rfcs, every rule on.
config::settings make_settings(int boards);

}  // namespace roadmapd::bench

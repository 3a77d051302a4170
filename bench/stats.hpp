// Min / median / max of repeated measurements, and their table rows: the benchmarks report
// spreads, never one number.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

// The build type a benchmark was compiled as (bench/CMakeLists.txt passes it); printed with the
// figures, since a Debug build's numbers mean little.
#ifndef ROADMAPD_BENCH_BUILD_TYPE
#define ROADMAPD_BENCH_BUILD_TYPE "unknown"
#endif

namespace roadmapd::bench {

inline double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct spread {
  double min = 0;
  double median = 0;
  double max = 0;
};

inline spread spread_of(std::vector<double> v) {
  if (v.empty()) return {};
  std::ranges::sort(v);
  const auto n = v.size();
  const double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  return {v.front(), median, v.back()};
}

inline std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// One row of a min / median / max table, its label padded to `width`.
inline void print_row(const char* name, const spread& s, int decimals, int width = 28) {
  std::printf("  %-*s %12s %12s %12s\n", width, name, fixed(s.min, decimals).c_str(), fixed(s.median, decimals).c_str(),
              fixed(s.max, decimals).c_str());
}

}  // namespace roadmapd::bench

// Min / median / max of repeated measurements: the benchmarks report spreads, never one number.
#pragma once

#include <algorithm>
#include <vector>

namespace roadmapd::bench {

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

}  // namespace roadmapd::bench

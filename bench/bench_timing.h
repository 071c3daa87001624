#pragma once
// Timing shared by the benchmark programs: one warm-up run, then `repeat` timed runs; the result is the
// JSON the run_*_bench.py scripts read (median and every sample, in milliseconds).

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <vector>

namespace bench {

inline double nowMs() { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

template <typename F>
nlohmann::json timeIt(int repeat, F&& body) {
    body();  // warm-up: page cache, allocator, one-time kernels
    std::vector<double> samples;
    for (int i = 0; i < repeat; ++i) {
        const double start = nowMs();
        body();
        samples.push_back(nowMs() - start);
    }
    std::vector<double> sorted = samples;
    std::sort(sorted.begin(), sorted.end());
    return {{"median_ms", sorted[sorted.size() / 2]}, {"samples_ms", samples}};
}

}  // namespace bench

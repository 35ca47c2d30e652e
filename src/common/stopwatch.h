// Wall-clock seconds of a stage, for --stats.
//
//   common::Stopwatch watch;
//   ...;
//   stats.seconds_x = watch.Lap();  // seconds since construction or the previous Lap()
#pragma once

#include <chrono>

namespace doppel::common {

class Stopwatch {
 public:
  Stopwatch() : start_(Clock::now()) {}
  // Seconds since construction or the previous Lap(); starts the next lap.
  double Lap() {
    const Clock::time_point now = Clock::now();
    const double seconds = std::chrono::duration<double>(now - start_).count();
    start_ = now;
    return seconds;
  }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_;
};

}  // namespace doppel::common

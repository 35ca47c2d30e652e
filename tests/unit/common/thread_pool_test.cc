#include "common/thread_pool.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

namespace doppel::common {
namespace {

TEST(ThreadPoolTest, CoversEveryIndexExactlyOnce) {
  for (int threads : {1, 2, 4}) {
    ThreadPool pool(threads);
    std::vector<int> hits(10007, 0);
    pool.ParallelFor(hits.size(), 64, [&](size_t b, size_t e) {
      for (size_t i = b; i < e; ++i) ++hits[i];
    });
    EXPECT_EQ(std::accumulate(hits.begin(), hits.end(), 0), 10007) << threads;
    EXPECT_EQ(*std::min_element(hits.begin(), hits.end()), 1);
  }
}

TEST(ThreadPoolTest, RunsManyJobsInARow) {
  ThreadPool pool(3);
  std::atomic<long> sum{0};
  for (int job = 0; job < 200; ++job) {
    pool.ParallelFor(100, 7, [&](size_t b, size_t e) { sum += static_cast<long>(e - b); });
  }
  EXPECT_EQ(sum.load(), 200 * 100);
}

TEST(ThreadPoolTest, RethrowsAWorkerException) {
  ThreadPool pool(2);
  EXPECT_THROW(pool.ParallelFor(1000, 1, [&](size_t b, size_t) {
                 if (b == 500) throw std::runtime_error("boom");
               }),
               std::runtime_error);
  // The pool still works afterwards.
  std::atomic<int> n{0};
  pool.ParallelFor(10, 1, [&](size_t, size_t) { ++n; });
  EXPECT_EQ(n.load(), 10);
}

TEST(ThreadPoolTest, ReportsFinalProgress) {
  ThreadPool pool(2);
  size_t last_done = 0, last_total = 0;
  pool.ParallelFor(100, 10, [](size_t, size_t) {},
                   [&](size_t done, size_t total) { last_done = done; last_total = total; });
  EXPECT_EQ(last_done, 100u);
  EXPECT_EQ(last_total, 100u);
}

}  // namespace
}  // namespace doppel::common

namespace doppel::common {
namespace {

// One thread: `first` runs to its end before `second` starts. Two: both run, and a
// `second` that waits for `first`'s flag sees it set (never before `first` was taken).
TEST(ThreadPoolTest, BesideRunsBothAndSecondNeverBeforeFirst) {
  for (int threads : {1, 2, 3}) {
    ThreadPool pool(threads);
    std::atomic<bool> first_done{false};
    bool second_saw_first_done = false;
    int second_runs = 0;
    pool.Beside([&] { first_done.store(true); },
                [&] {
                  ++second_runs;
                  while (!first_done.load()) {
                  }
                  second_saw_first_done = true;
                });
    EXPECT_TRUE(first_done.load()) << threads;
    EXPECT_EQ(second_runs, 1) << threads;
    EXPECT_TRUE(second_saw_first_done) << threads;
  }
}

// Every item once, whatever the pool; without one, in index order.
TEST(ThreadPoolTest, CostliestFirstCoversEveryItemOnce) {
  const size_t n = 1000;
  auto cost = [](size_t i) { return static_cast<uint64_t>((i * 7919) % 101); };
  for (int threads : {0, 1, 2, 3}) {
    std::unique_ptr<ThreadPool> pool = threads > 0 ? std::make_unique<ThreadPool>(threads) : nullptr;
    std::vector<std::atomic<int>> seen(n);
    std::vector<size_t> order;
    std::mutex mu;
    ParallelForCostliestFirst(pool.get(), n, 7, cost, [&](size_t i) {
      ++seen[i];
      std::lock_guard<std::mutex> lock(mu);
      order.push_back(i);
    });
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(seen[i].load(), 1) << threads << " " << i;
    if (threads <= 1) {
      for (size_t i = 0; i < n; ++i) EXPECT_EQ(order[i], i);
    }
  }
}

}  // namespace
}  // namespace doppel::common

// A fixed pool of worker threads with a deterministic ParallelFor.
//
// ParallelFor splits [0, n) into chunks that threads claim in any order; the caller
// writes results by index, so output never depends on scheduling. The calling thread
// works too and is the only one that calls the progress callback.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace doppel::common {

class ThreadPool {
 public:
  // num_threads <= 0: std::thread::hardware_concurrency().
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int num_threads() const { return num_threads_; }

  // Calls fn(begin, end) over disjoint chunks covering [0, n), at most chunk_size each.
  // progress(done, n) is called on the calling thread after each of its chunks. An
  // exception thrown by fn is rethrown here after all chunks stop.
  void ParallelFor(size_t n, size_t chunk_size, const std::function<void(size_t, size_t)>& fn,
                   const std::function<void(size_t, size_t)>& progress = {});

  // Runs `first` and `second` at the same time when the pool has two threads or more, else
  // `first` then `second`; returns when both are done. `second` never starts before
  // `first` was taken by a thread, so when both land on one thread `first` runs to its end
  // before `second` starts (work beside a serial step can stop as soon as a flag the step
  // sets says it is done).
  void Beside(const std::function<void()>& first, const std::function<void()>& second);

 private:
  void WorkerLoop();
  void RunChunks();

  int num_threads_;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_work_, cv_done_;
  bool stop_ = false;
  uint64_t generation_ = 0;
  int active_ = 0;
  // The current job.
  const std::function<void(size_t, size_t)>* fn_ = nullptr;
  size_t n_ = 0, chunk_ = 1;
  size_t next_ = 0, done_ = 0;
  std::exception_ptr error_;
};

// Calls fn(i) for every i in [0, n), over the pool in chunks of chunk_size (`pool` may be
// null: one thread, in index order). With two threads or more, the items are taken highest
// cost(i) first (ties by index; cost is asked once per item, in parallel), so that no
// expensive item is left to run alone at the end. fn must write its result by i: then the
// order of work changes nothing.
void ParallelForCostliestFirst(ThreadPool* pool, size_t n, size_t chunk_size,
                               const std::function<uint64_t(size_t)>& cost, const std::function<void(size_t)>& fn);

}  // namespace doppel::common

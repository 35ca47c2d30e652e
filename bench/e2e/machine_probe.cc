// The memory and kernel costs of the machine a benchmark ran on, printed as one JSON
// object: run_bench.py puts them beside the results, so that ratios from different
// machines can be told apart. doppel's default scan reads hundreds of megabytes at random
// and the Go peer mostly hashes, so a machine with slow random reads or costly fresh
// pages moves their ratio (session 17's VM: 359 ns a random read in 1 GiB, fresh pages at
// 0.6 GB/s).
// It also runs the same work on one thread and on two at once, as the ceiling of a
// two-thread speedup there.
//   g++ -O2 -std=c++17 -pthread bench/e2e/machine_probe.cc -o machine_probe && ./machine_probe
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <atomic>
#include <memory>
#include <random>
#include <thread>
#include <utility>

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Fresh anonymous memory of `bytes`, with transparent huge pages asked for (as doppel's
// heap has them).
uint64_t* Map(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  madvise(p, bytes, MADV_HUGEPAGE);
  return static_cast<uint64_t*>(p);
}

// A chase around one cycle through every 64-byte line of `bytes` of fresh memory
// (Sattolo's shuffle), so no read can start before the last one ends.
class Chase {
 public:
  explicit Chase(size_t bytes) : lines_(bytes / 64), mem_(Map(lines_ * 64)) {
    if (mem_ == nullptr) return;
    std::mt19937_64 rng(1);
    for (size_t i = 0; i < lines_; ++i) mem_[8 * i] = i;  // mem_[8 * i]: the line after line i
    for (size_t i = lines_ - 1; i > 0; --i) std::swap(mem_[8 * i], mem_[8 * (rng() % i)]);
  }
  ~Chase() {
    if (mem_ != nullptr) munmap(mem_, lines_ * 64);
  }
  // Seconds of `steps` dependent reads.
  double Run(size_t steps) const {
    uint64_t at = 0;
    const auto start = std::chrono::steady_clock::now();
    for (size_t s = 0; s < steps; ++s) at = mem_[8 * at];
    const double seconds = Seconds(start);
    if (at == lines_) std::puts("");  // keeps the chase
    return seconds;
  }
  bool ok() const { return mem_ != nullptr; }

 private:
  size_t lines_;
  uint64_t* mem_;
};

// Nanoseconds a dependent random read takes over `bytes` of memory.
double RandomReadNs(size_t bytes) {
  const Chase chase(bytes);
  if (!chase.ok()) return -1;
  const size_t steps = 4'000'000;
  return chase.Run(steps) * 1e9 / steps;
}

// GB/s at which fresh pages are first written (the kernel zeroes them; on a VM the host
// may first have to back them).
double FirstTouchGbps(size_t bytes) {
  uint64_t* mem = Map(bytes);
  if (mem == nullptr) return -1;
  const auto start = std::chrono::steady_clock::now();
  std::memset(mem, 1, bytes);
  const double s = Seconds(start);
  munmap(mem, bytes);
  return bytes / s / 1e9;
}

// Seconds of a chain-free integer loop: eight independent multiply-add chains, no memory.
double ComputeSeconds() {
  uint64_t a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8;
  const auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < 100'000'000; ++i) {
    a = a * 3 + 1, b = b * 5 + 1, c = c * 7 + 1, d = d * 9 + 1;
    e = e * 11 + 1, f = f * 13 + 1, g = g * 15 + 1, h = h * 17 + 1;
  }
  const double s = Seconds(start);
  if ((a ^ b ^ c ^ d ^ e ^ f ^ g ^ h) == 42) std::puts("");  // keeps the loop
  return s;
}

// How many times the work of one thread two threads do in the same time, each running
// `work` (which returns its own seconds) at once, started together once both have made
// their `setup`: 2 t1 / max(t2a, t2b). The ceiling of a two-thread speedup on this
// machine for that kind of work (2.0 where the threads have cores and memory paths of
// their own; less where a VM's two vCPUs share them).
template <typename Setup, typename Work>
double TwoThreadScalingOnce(Setup setup, Work work) {
  double one;
  {
    const auto state = setup();
    one = work(state);
  }
  double two[2] = {0, 0};
  std::atomic<int> ready{0};
  auto run = [&](int k) {
    const auto state = setup();
    ready.fetch_add(1);
    while (ready.load() < 2) {
    }
    two[k] = work(state);
  };
  std::thread other(run, 1);
  run(0);
  other.join();
  return 2 * one / std::max(two[0], two[1]);
}

// The median of five such measures (a shared host moves any one of them).
template <typename Setup, typename Work>
double TwoThreadScaling(Setup setup, Work work) {
  double ratios[5];
  for (double& r : ratios) r = TwoThreadScalingOnce(setup, work);
  std::sort(ratios, ratios + 5);
  return ratios[2];
}

// Nanoseconds of a system call that does nothing.
double SyscallNs() {
  const int calls = 200'000;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < calls; ++i) syscall(SYS_getppid);
  return Seconds(start) * 1e9 / calls;
}

}  // namespace

int main() {
  const double touch = FirstTouchGbps(size_t{512} << 20);
  const double read_64m = RandomReadNs(size_t{64} << 20);
  const double read_1g = RandomReadNs(size_t{1} << 30);
  const double call = SyscallNs();
  const double compute_2t = TwoThreadScaling([] { return 0; }, [](int) { return ComputeSeconds(); });
  // Each thread chases through 256 MiB of its own.
  const double read_2t = TwoThreadScaling([] { return std::make_unique<Chase>(size_t{256} << 20); },
                                          [](const std::unique_ptr<Chase>& c) { return c->Run(1'000'000); });
  std::printf(
      "{\"first_touch_gb_per_s\": %.2f, \"random_read_ns_64mib\": %.1f, \"random_read_ns_1gib\": %.1f, "
      "\"syscall_ns\": %.0f, \"two_thread_compute\": %.2f, \"two_thread_random_read\": %.2f}\n",
      touch, read_64m, read_1g, call, compute_2t, read_2t);
  return 0;
}

// The memory and kernel costs of the machine a benchmark ran on, printed as one JSON
// object: run_bench.py puts them beside the results, so that ratios from different
// machines can be told apart. doppel's default scan reads hundreds of megabytes at random
// and the Go peer mostly hashes, so a machine with slow random reads or costly fresh
// pages moves their ratio (session 17's VM: 359 ns a random read in 1 GiB, fresh pages at
// 0.6 GB/s).
//   g++ -O2 -std=c++17 bench/e2e/machine_probe.cc -o machine_probe && ./machine_probe
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
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

// Nanoseconds a dependent random read takes over `bytes` of memory: a chase around one
// cycle through every 64-byte line (Sattolo's shuffle), so no read can start before the
// last one ends.
double RandomReadNs(size_t bytes) {
  const size_t lines = bytes / 64;
  uint64_t* mem = Map(lines * 64);
  if (mem == nullptr) return -1;
  std::mt19937_64 rng(1);
  uint64_t* next = mem;  // next[8 * i] = the line after line i
  for (size_t i = 0; i < lines; ++i) next[8 * i] = i;
  for (size_t i = lines - 1; i > 0; --i) std::swap(next[8 * i], next[8 * (rng() % i)]);
  const size_t steps = 4'000'000;
  uint64_t at = 0;
  const auto start = std::chrono::steady_clock::now();
  for (size_t s = 0; s < steps; ++s) at = next[8 * at];
  const double ns = Seconds(start) * 1e9 / steps;
  if (at == lines) std::puts("");  // keeps the chase
  munmap(mem, lines * 64);
  return ns;
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
  std::printf(
      "{\"first_touch_gb_per_s\": %.2f, \"random_read_ns_64mib\": %.1f, \"random_read_ns_1gib\": %.1f, "
      "\"syscall_ns\": %.0f}\n",
      touch, read_64m, read_1g, call);
  return 0;
}

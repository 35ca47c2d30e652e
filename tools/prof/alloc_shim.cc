// Counts `operator new` calls by call site: an LD_PRELOAD shim for finding a scan's
// allocations (HACKING.md, "Allocation"). Build it, run a -fno-omit-frame-pointer build of
// doppel under it with ASLR off, and resolve the addresses:
//   g++ -O2 -shared -fPIC tools/prof/alloc_shim.cc -o /tmp/alloc_shim.so
//   setarch -R env LD_PRELOAD=/tmp/alloc_shim.so ALLOC_SHIM_OUT=/tmp/allocs.txt
//       build-prof/doppel scan docs.jsonl --threads 1 --quiet --pairs /dev/null
//   python3 tools/prof/alloc_report.py /tmp/allocs.txt build-prof/doppel
// Each output line: a count and the four return addresses above operator new.
#include <execinfo.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <vector>

namespace {

constexpr size_t kSlots = size_t{1} << 18;
struct Site {
  void* frames[4];
  unsigned long long count;
};
Site* sites = nullptr;
thread_local bool busy = false;  // backtrace() may allocate on its first call

void Count() {
  if (busy) return;
  busy = true;
  void* trace[6];
  const int depth = backtrace(trace, 6);
  if (sites == nullptr) sites = static_cast<Site*>(calloc(kSlots, sizeof(Site)));
  void* key[4] = {nullptr, nullptr, nullptr, nullptr};
  for (int i = 0; i < 4 && i + 2 < depth; ++i) key[i] = trace[i + 2];  // above Count, operator new
  unsigned long long h = 0;
  for (void* p : key) h = (h ^ reinterpret_cast<unsigned long long>(p)) * 0x9E3779B97F4A7C15ull;
  for (size_t s = h >> 46;; s = (s + 1) & (kSlots - 1)) {
    Site& site = sites[s];
    if (site.count == 0) {
      std::memcpy(site.frames, key, sizeof key);
      site.count = 1;
      break;
    }
    if (std::memcmp(site.frames, key, sizeof key) == 0) {
      ++site.count;
      break;
    }
  }
  busy = false;
}

struct Report {
  ~Report() {
    if (sites == nullptr) return;
    std::vector<Site*> found;
    for (size_t i = 0; i < kSlots; ++i) {
      if (sites[i].count != 0) found.push_back(&sites[i]);
    }
    std::sort(found.begin(), found.end(), [](const Site* a, const Site* b) { return a->count > b->count; });
    const char* path = std::getenv("ALLOC_SHIM_OUT");
    FILE* out = std::fopen(path != nullptr ? path : "/tmp/allocs.txt", "w");
    if (out == nullptr) return;
    unsigned long long total = 0;
    for (const Site* site : found) total += site->count;
    std::fprintf(out, "total %llu\n", total);
    for (size_t i = 0; i < found.size() && i < 100; ++i) {
      std::fprintf(out, "%llu", found[i]->count);
      for (void* frame : found[i]->frames) std::fprintf(out, " %lx", reinterpret_cast<unsigned long>(frame));
      std::fprintf(out, "\n");
    }
    std::fclose(out);
  }
} report;

void* Allocate(size_t n) {
  Count();
  void* p = std::malloc(n != 0 ? n : 1);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

void* operator new(size_t n) { return Allocate(n); }
void* operator new[](size_t n) { return Allocate(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

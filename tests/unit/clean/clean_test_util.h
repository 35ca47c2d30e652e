// Helpers shared by the clean-stage tests.
#pragma once

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "clean/cleaner.h"
#include "doppel/options.h"
#include "doppel/report.h"

namespace doppel::clean::testing {

// The removed spans of `text`, as strings.
inline std::vector<std::string> RemovedTexts(std::string_view text,
                                             const std::vector<Removal>& removals) {
  std::vector<std::string> out;
  for (const Removal& r : removals) out.emplace_back(text.substr(r.begin, r.end - r.begin));
  return out;
}

// All removed bytes joined by "|".
inline std::string Removed(std::string_view text, const CorpusLineStats* stats = nullptr,
                           const CleanOptions& options = CleanOptions{}) {
  std::string joined;
  for (const std::string& piece : RemovedTexts(text, FindRemovals(text, stats, options))) {
    if (!joined.empty()) joined += "|";
    joined += piece;
  }
  return joined;
}

// The cleaned text.
inline std::string Cleaned(std::string_view text, const CorpusLineStats* stats = nullptr,
                           const CleanOptions& options = CleanOptions{}) {
  return ApplyRemovals(text, FindRemovals(text, stats, options));
}

inline bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// The bytes of tests/fixtures/<dir>/<name> (empty when missing).
inline std::string ReadFixtureIn(const std::string& dir, const std::string& name) {
  std::ifstream in(std::string(DOPPEL_SOURCE_DIR) + "/tests/fixtures/" + dir + "/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline std::string ReadFixture(const std::string& name) { return ReadFixtureIn("clean", name); }

// SplitMix64: a small seeded generator for the property tests (the same seed always gives
// the same sequence, on every platform).
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

}  // namespace doppel::clean::testing

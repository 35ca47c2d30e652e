// Progress bar and run summary on stderr.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "doppel/doppel.h"

namespace doppel::cli {

// Draws "\r<stage> [=====>    ]  45%  12,345/27,000" at most 10 times a second.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  ~ProgressBar() { Clear(); }
  void Update(std::string_view stage, uint64_t done, uint64_t total);
  void Clear();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::string last_stage_;
  std::chrono::steady_clock::time_point last_draw_{};
};

// "12,345"
std::string WithCommas(uint64_t n);
// "1.2 MB"
std::string HumanBytes(uint64_t bytes);

// Opens path for writing ("-" is stdout), runs write on it and reports a failed open or
// write as an IoError naming the path.
Status WriteOutput(const std::string& path, const std::function<Status(std::ostream&)>& write);

// Input issues: counts by kind and the first few locations.
void PrintIssues(const std::vector<InputIssue>& issues, size_t max_listed);
// Writes every issue as JSONL.
Status WriteIssuesJsonl(const std::vector<InputIssue>& issues, const std::string& path);

}  // namespace doppel::cli

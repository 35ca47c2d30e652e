#include "progress.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

namespace doppel::cli {

void ProgressBar::Update(std::string_view stage, uint64_t done, uint64_t total) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (stage == last_stage_ && done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  last_stage_ = std::string(stage);
  if (total == 0) {  // unknown total (reading): a running count
    std::fprintf(stderr, "\r\033[K%-24.24s %s", last_stage_.c_str(), WithCommas(done).c_str());
    std::fflush(stderr);
    drawn_ = true;
    return;
  }
  constexpr int kWidth = 30;
  const double frac = total ? static_cast<double>(done) / total : 1.0;
  const int filled = static_cast<int>(frac * kWidth);
  std::string bar(filled, '=');
  if (filled < kWidth) bar += '>' + std::string(kWidth - filled - 1, ' ');
  std::fprintf(stderr, "\r\033[K%-24.24s [%s] %3d%%  %s/%s", last_stage_.c_str(), bar.c_str(),
               static_cast<int>(frac * 100), WithCommas(done).c_str(), WithCommas(total).c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Clear() {
  if (drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }
}

std::string WithCommas(uint64_t n) {
  // Built forward (inserting into the digits made GCC 12 warn -Wrestrict, bug 105651).
  const std::string digits = std::to_string(n);
  std::string s;
  s.reserve(digits.size() + digits.size() / 3);
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

std::string HumanBytes(uint64_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

void PrintIssues(const std::vector<InputIssue>& issues, size_t max_listed) {
  if (issues.empty()) return;
  std::map<std::string, uint64_t> by_kind;
  for (const InputIssue& i : issues) ++by_kind[InputIssueKindName(i.kind)];
  std::string counts;
  for (const auto& [kind, count] : by_kind) {
    if (!counts.empty()) counts += ", ";
    counts += WithCommas(count) + " " + kind;
  }
  std::cerr << "input issues: " << counts << "\n";
  for (size_t i = 0; i < issues.size() && i < max_listed; ++i) {
    const InputIssue& issue = issues[i];
    std::cerr << "  " << issue.where.ToString() << ": " << InputIssueKindName(issue.kind) << ": "
              << issue.detail << (issue.skipped ? " (skipped)" : " (kept)") << "\n";
  }
  if (issues.size() > max_listed) {
    std::cerr << "  ... and " << WithCommas(issues.size() - max_listed)
              << " more (--issues FILE lists them all)\n";
  }
}

Status WriteOutput(const std::string& path, const std::function<Status(std::ostream&)>& write) {
  if (path == "-") {
    Status s = write(std::cout);
    std::cout.flush();
    if (s.ok() && !std::cout) return IoError("could not write to stdout");
    return s;
  }
  std::ofstream out(path, std::ios::binary);
  if (!out) return IoError("cannot write " + path);
  Status s = write(out);
  out.flush();
  if (s.ok() && !out) return IoError("could not write " + path);
  return s;
}

Status WriteIssuesJsonl(const std::vector<InputIssue>& issues, const std::string& path) {
  return WriteOutput(path, [&](std::ostream& out) {
    for (const InputIssue& i : issues) {
      nlohmann::ordered_json row;
      row["file"] = i.where.file;
      row["line"] = i.where.line;
      row["kind"] = InputIssueKindName(i.kind);
      row["detail"] = i.detail;
      row["skipped"] = i.skipped;
      out << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    return Status::Ok();
  });
}

}  // namespace doppel::cli

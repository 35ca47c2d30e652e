#include "io/directory_walker.h"

#include <algorithm>
#include <system_error>
#include <utility>

namespace doppel::io {

namespace fs = std::filesystem;

DirectoryWalker::DirectoryWalker(const std::string& root, NameFilter accept)
    : root_(root), accept_(accept) {
  root_problem_ = Descend("");
}

std::string DirectoryWalker::PathOf(const std::string& rel) const {
  return rel.empty() ? root_.string() : (root_ / rel).string();
}

std::string DirectoryWalker::Descend(const std::string& rel_dir) {
  std::error_code ec;
  fs::directory_iterator it(rel_dir.empty() ? root_ : root_ / rel_dir, ec);
  if (ec) return "cannot list directory: " + ec.message();
  Level level;
  level.rel_dir = rel_dir;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    std::string name = it->path().filename().string();
    std::error_code entry_ec;
    fs::file_status link_status = it->symlink_status(entry_ec);
    if (!entry_ec && fs::is_directory(link_status)) {
      level.items.push_back({name + "/", true, ""});
      continue;
    }
    if (!accept_(name)) continue;
    fs::file_status target = entry_ec ? link_status : it->status(entry_ec);
    if (entry_ec) {
      // Typically a symbolic link to nowhere: its name says it was meant to be read.
      level.items.push_back({std::move(name), false, "cannot inspect file: " + entry_ec.message()});
    } else if (fs::is_regular_file(target)) {
      level.items.push_back({std::move(name), false, ""});
    }
    // Anything else (a link to a directory, a FIFO, a socket, a device) is not read.
  }
  if (ec) {
    // Reported first among this directory's entries: its key sorts before any name.
    level.items.push_back({"", false, "cannot list directory completely: " + ec.message()});
  }
  std::sort(level.items.begin(), level.items.end(),
            [](const Item& a, const Item& b) { return a.key < b.key; });
  stack_.push_back(std::move(level));
  return "";
}

bool DirectoryWalker::Next(WalkEntry* entry) {
  if (!root_problem_.empty()) {
    if (root_reported_) return false;
    root_reported_ = true;
    *entry = {"", PathOf(""), root_problem_};
    return true;
  }
  while (!stack_.empty()) {
    Level& level = stack_.back();
    if (level.next == level.items.size()) {
      stack_.pop_back();
      continue;
    }
    Item& item = level.items[level.next++];
    std::string name = item.is_dir ? item.key.substr(0, item.key.size() - 1) : item.key;
    std::string rel =
        level.rel_dir.empty() || name.empty() ? level.rel_dir + name : level.rel_dir + "/" + name;
    if (item.is_dir) {
      std::string problem = Descend(rel);  // invalidates `level` and `item`
      if (problem.empty()) continue;
      *entry = {rel, PathOf(rel), std::move(problem)};
      return true;
    }
    *entry = {rel, PathOf(rel), std::move(item.problem)};
    return true;
  }
  return false;
}

}  // namespace doppel::io

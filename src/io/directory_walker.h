// Streaming, sorted, recursive directory walk.
//
// Files come out in byte order of their path relative to the root ('/' separators),
// without listing the whole tree first: each directory is listed and sorted on its own,
// and a subdirectory sorts as its name followed by '/'. That gives exactly the global
// order, because every path below directory D starts with "D/" and the comparison of two
// such paths is decided where the names first differ, or by the '/' after the shorter
// one ("a.md" < "a.b/x" < "a/x", since '.' < '/'). Memory is bounded by the directories
// on the current path, not by the size of the tree, and the first file is read at once.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace doppel::io {

// What the walker yields: a file to read, or a problem to report at this position.
struct WalkEntry {
  std::string rel;      // relative to the root, '/' separators ("" for the root itself)
  std::string path;     // root joined with rel: what to open and name in locations
  std::string problem;  // non-empty: the directory or file cannot be listed or inspected
};

class DirectoryWalker {
 public:
  // `accept(file_name)`: whether a regular file with this name is wanted.
  using NameFilter = bool (*)(std::string_view file_name);

  DirectoryWalker(const std::string& root, NameFilter accept);

  // The next entry in order; false when the walk is over. Yields regular files (and
  // symbolic links to regular files) whose names pass the filter; skips other entries,
  // and does not follow symbolic links to directories (a link could make a cycle).
  bool Next(WalkEntry* entry);

 private:
  struct Item {
    std::string key;  // the name, with '/' appended for a directory
    bool is_dir = false;
    std::string problem;
  };
  struct Level {
    std::string rel_dir;
    std::vector<Item> items;  // sorted by key
    size_t next = 0;
  };

  // Lists rel_dir and pushes it on the stack; returns a problem when it cannot be listed.
  std::string Descend(const std::string& rel_dir);
  std::string PathOf(const std::string& rel) const;

  std::filesystem::path root_;
  NameFilter accept_;
  std::vector<Level> stack_;
  std::string root_problem_;
  bool root_reported_ = false;
};

}  // namespace doppel::io

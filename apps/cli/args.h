// Command-line flags shared by the subcommands, and their mapping to doppel::Options.
// CLI11 fills CliArgs (validation of single values only); ToOptions() builds Options.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "doppel/doppel.h"

namespace doppel::cli {

struct CliArgs {
  std::vector<std::string> inputs;
  // Input.
  std::string id_field = "id", text_field = "text", time_field;
  uint64_t max_doc_bytes = 64ull << 20;
  bool strict = false;
  std::string issues_path;
  // Run.
  int threads = 0;
  bool quiet = false;
  std::string progress = "auto";
  std::string max_memory;  // scan: "auto", "0" (no limit) or a size such as 8G
  // Not a flag: scan clears it when it writes the pairs alone (no clusters to show).
  bool choose_originals = true;
  bool release_text = false;  // Options::release_text, set by the scan command
  // Cleaning.
  bool no_clean = false;
  uint32_t boilerplate_min_docs = 4;
  // Matching.
  std::string mode = "rewrite";
  int shingle_size = 5, bands = 20, rows = 5;
  double jaccard = 0.8, containment = 0.8;
  uint32_t max_bucket = 1000;
  uint32_t max_band_bucket = 64;
  uint32_t max_partners = 64;
  // Rewrite detection (defaults from the library).
  RewriteOptions rewrite;
};

// Adds the input, run and cleaning flags to a subcommand.
void AddInputFlags(CLI::App* app, CliArgs* args);
void AddRunFlags(CLI::App* app, CliArgs* args);
// Adds the matching flags (scan).
void AddMatchFlags(CLI::App* app, CliArgs* args);

Options ToOptions(const CliArgs& args);

// "512M", "8G", "1.5T", "65536" (bytes; K, M, G, T are powers of 1024) -> bytes; false
// when the text is not a size.
bool ParseSize(const std::string& text, uint64_t* bytes);

// Exit codes, one per StatusCode (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 2;     // bad flag or option value
inline constexpr int kExitIo = 3;        // missing path, unreadable or unwritable file
inline constexpr int kExitData = 4;      // bad input data under --strict
inline constexpr int kExitInternal = 5;  // a bug: please report
inline constexpr int kExitResources = 6;  // the work would not fit the memory limit
int ExitCode(const Status& status);

// Prints "doppel: <message>" to stderr and returns the exit code for status.
int Fail(const Status& status);

}  // namespace doppel::cli

// Steps every subcommand shares: build options, read inputs with progress, report issues.
#pragma once

#include <memory>

#include "args.h"
#include "progress.h"

namespace doppel::cli {

// Whether stderr shows progress and summaries for these flags.
bool ShowProgress(const CliArgs& args);

// Validates options, creates the engine and reads every input. On failure prints the
// error and sets *exit_code.
std::unique_ptr<Engine> OpenCorpus(const CliArgs& args, ProgressBar* bar, int* exit_code);

// Ends the process with `code` once every output is written and closed: flushes the C++
// and C streams and exits without running destructors. The corpus, its index and the
// results (hundreds of MB in a million small blocks) are the system's to reclaim; freeing
// them block by block was 2-3% of a 100k-document near scan's CPU time.
[[noreturn]] void ExitWithoutTeardown(int code);

}  // namespace doppel::cli

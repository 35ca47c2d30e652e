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

}  // namespace doppel::cli

#include "common_run.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace doppel::cli {

bool ShowProgress(const CliArgs& args) {
  if (args.quiet || args.progress == "never") return false;
  return args.progress == "always" || isatty(STDERR_FILENO);
}

std::unique_ptr<Engine> OpenCorpus(const CliArgs& args, ProgressBar* bar, int* exit_code) {
  Options options = ToOptions(args);
  Status valid = Validate(options);
  if (!valid.ok()) {
    *exit_code = Fail(valid);
    return nullptr;
  }
  auto engine = std::make_unique<Engine>(options);
  engine->SetProgress([bar](std::string_view stage, uint64_t done, uint64_t total) {
    bar->Update(stage, done, total);
  });
  Status read = engine->AddInputs(args.inputs);
  bar->Clear();
  if (!args.issues_path.empty()) {
    Status written = WriteIssuesJsonl(engine->issues(), args.issues_path);
    if (!written.ok()) {
      *exit_code = Fail(written);
      return nullptr;
    }
  }
  if (!read.ok()) {
    if (!args.quiet) PrintIssues(engine->issues(), 20);
    *exit_code = Fail(read);
    return nullptr;
  }
  return engine;
}

void ExitWithoutTeardown(int code) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
#if defined(__SANITIZE_ADDRESS__)
  // Under AddressSanitizer, exit() so that LeakSanitizer still checks at exit (the
  // engine on the stack stays reachable, so only lost blocks are reported).
  std::exit(code);
#else
  std::_Exit(code);
#endif
}

}  // namespace doppel::cli

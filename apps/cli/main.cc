// doppel: find every copy and every rewrite of a text in a corpus.
#include <unistd.h>

#include <csignal>
#include <iostream>

#include "args.h"
#include "commands.h"
#include "huge_pages.h"

int main(int argc, char** argv) {
  // RestartWithHugePages has run already, from .preinit_array (huge_pages.cc).
  // A closed pipe (doppel scan ... | head) ends the run quietly, as ripgrep does.
  std::signal(SIGPIPE, [](int) { _exit(0); });
  CLI::App app{
      "doppel finds every copy and every rewrite of a text in a corpus: exact copies, copies "
      "wrapped in boilerplate or with repeated paragraphs, excerpts, near duplicates, and "
      "paraphrased rewrites that share almost no wording, kept apart from independent reports "
      "of the same story. It verifies every pair, groups them without chaining, names the "
      "original, and shows what each copy changed.\n\n"
      "Exit codes: 0 success, 2 bad flag or option, 3 missing or unreadable file, "
      "4 bad input under --strict, 5 internal error, 6 the corpus would not fit the memory "
      "limit (--max-memory) (docs/cli.md).",
      "doppel"};
  app.set_version_flag("--version", doppel::kVersion);
  app.require_subcommand(1);
  std::vector<doppel::cli::Command> commands = {doppel::cli::AddScanCommand(&app),
                                                doppel::cli::AddCleanCommand(&app),
                                                doppel::cli::AddCompareCommand(&app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return doppel::cli::kExitUsage;
  }
  for (const auto& c : commands) {
    if (c.app->parsed()) return c.run();
  }
  return doppel::cli::kExitUsage;
}

// doppel clean: write each document with its boilerplate and repeated spans removed.
#include <fstream>
#include <iostream>

#include "args.h"
#include "commands.h"
#include "common_run.h"
#include "progress.h"

namespace doppel::cli {

Command AddCleanCommand(CLI::App* root) {
  struct CleanArgs {
    CliArgs common;
    std::string output_path;
  };
  auto args = std::make_shared<CleanArgs>();
  CLI::App* app = root->add_subcommand(
      "clean",
      "Remove what is not a document's own content -- paragraphs it repeats, lines that recur "
      "across the corpus, template furniture (player and share labels, lists of other headlines, "
      "comment widgets, wire slugs and rules) -- and report every removed span.\n\n"
      "Output: one JSON object a line, {\"id\", \"text\": cleaned text, \"removed\": [{\"start\", "
      "\"end\", \"kind\": \"repeated\"|\"boilerplate\"}]}, with byte offsets into the original text.\n\n"
      "Example:\n  doppel clean examples/news -o cleaned.jsonl");
  AddInputFlags(app, &args->common);
  AddRunFlags(app, &args->common);
  app->add_option("-o,--output", args->output_path, "Write the cleaned documents here (- for stdout)")
      ->required()->group("Output");
  Command cmd;
  cmd.app = app;
  cmd.run = [args]() -> int {
    const CliArgs& a = args->common;
    ProgressBar bar(ShowProgress(a));
    int code = 0;
    std::unique_ptr<Engine> engine = OpenCorpus(a, &bar, &code);
    if (!engine) return code;
    Result<std::vector<CleanedDocument>> cleaned = engine->Clean();
    bar.Clear();
    if (!cleaned.ok()) return Fail(cleaned.status());
    Status s = WriteOutput(args->output_path,
                           [&](std::ostream& o) { return WriteCleanedJsonl(cleaned.value(), o); });
    if (!s.ok()) return Fail(s);
    if (!a.quiet) {
      uint64_t spans = 0, bytes = 0, docs_touched = 0;
      for (const CleanedDocument& d : cleaned.value()) {
        spans += d.removed.size();
        docs_touched += !d.removed.empty();
        for (const Removal& r : d.removed) bytes += r.end - r.begin;
      }
      PrintIssues(engine->issues(), 20);
      std::cerr << "doppel clean: " << WithCommas(cleaned.value().size()) << " documents; removed "
                << WithCommas(spans) << " spans (" << HumanBytes(bytes) << ") from "
                << WithCommas(docs_touched) << " documents\n";
    }
    return kExitOk;
  };
  return cmd;
}

}  // namespace doppel::cli

// doppel compare: align two documents sentence by sentence and flag the facts that changed.
#include "doppel/compare.h"

#include <unistd.h>

#include <iostream>

#include "args.h"
#include "commands.h"
#include "progress.h"

namespace doppel::cli {
namespace {

struct CompareArgs {
  std::string a, b;
  std::vector<std::string> corpus;
  std::string id_field = "id", text_field = "text";
  uint64_t max_doc_bytes = 64ull << 20;
  bool strict = false;
  bool json = false;
  std::string color = "auto";
  bool no_clean = false;
  bool no_facts = false;
  double min_similarity = CompareOptions{}.min_similarity;
  bool quiet = false;
};

Options ReadOptions(const CompareArgs& args) {
  Options o;
  o.input.id_field = args.id_field;
  o.input.text_field = args.text_field;
  o.input.max_doc_bytes = args.max_doc_bytes;
  o.input.strict = args.strict;
  o.num_threads = 1;
  return o;
}

// Reads `paths` into a new engine; prints issues unless quiet. Null on failure.
std::unique_ptr<Engine> Read(const CompareArgs& args, const std::vector<std::string>& paths,
                             int* exit_code) {
  auto engine = std::make_unique<Engine>(ReadOptions(args));
  Status read = engine->AddInputs(paths);
  if (!args.quiet) PrintIssues(engine->issues(), 20);
  if (!read.ok()) {
    *exit_code = Fail(read);
    return nullptr;
  }
  return engine;
}

// The one document of file `path`, with the path as its id.
Result<Document> ReadFileDocument(const CompareArgs& args, const std::string& path,
                                  int* exit_code) {
  std::unique_ptr<Engine> engine = Read(args, {path}, exit_code);
  if (!engine) return Status(StatusCode::kCancelled, "");
  if (engine->num_documents() != 1) {
    return InvalidArgument(path + " holds " + std::to_string(engine->num_documents()) +
                           " documents; compare needs one (name ids with --in " + path + ")");
  }
  Document doc = engine->document(0);
  doc.id = path;
  return doc;
}

Result<Document> FindDocument(const Engine& engine, const std::string& id) {
  for (DocIndex d = 0; d < engine.num_documents(); ++d) {
    if (engine.document(d).id == id) return engine.document(d);
  }
  return NotFound("no document with id \"" + id + "\" in the --in corpus");
}

}  // namespace

Command AddCompareCommand(CLI::App* root) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* app = root->add_subcommand(
      "compare",
      "Align the sentences of two documents and show what the second changed: each sentence "
      "pair as verbatim, paraphrase, merged (fused, split or condensed), added or dropped, "
      "reordering included; and the facts that changed -- numbers, dates, names, titles, "
      "qualifiers, negations, quotes, speakers, and claims the first does not support. "
      "Boilerplate and repeated paragraphs are removed first and listed.\n\n"
      "A and B are files (.txt/.md, or JSONL holding one document), or ids of documents in "
      "the corpus given with --in.\n\n"
      "Output: a readable report, or with --json one JSON object with byte offsets into the "
      "original texts (docs/compare-schema.md).\n\n"
      "Examples:\n  doppel compare source.txt copy.txt\n"
      "  doppel compare g01-src g01-rw3 --in corpus.jsonl --json");
  app->add_option("a", args->a, "The first (earlier, source) document: a file, or an id with --in")
      ->required();
  app->add_option("b", args->b, "The second document: a file, or an id with --in")->required();
  // One path per --in (repeat it for more), so that `--in corpus.jsonl A B` leaves A and B
  // to the positionals.
  app->add_option("--in", args->corpus,
                  "Read this file or directory as a corpus and take A and B as ids in it (repeat --in for more)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->group("Input");
  app->add_option("--id-field", args->id_field, "JSONL field holding the id; dotted paths allowed")
      ->capture_default_str()
      ->group("Input");
  app->add_option("--text-field", args->text_field,
                  "JSONL field holding the text; dotted paths allowed")
      ->capture_default_str()
      ->group("Input");
  app->add_option("--max-doc-bytes", args->max_doc_bytes,
                  "Documents larger than this many bytes are reported and skipped")
      ->capture_default_str()
      ->group("Input");
  app->add_flag("--strict", args->strict, "Treat any input issue as an error: exit 4")
      ->group("Input");
  app->add_flag("--no-clean", args->no_clean,
                "Do not remove repeated paragraphs or template furniture before aligning")
      ->group("Comparison");
  app->add_flag("--no-facts", args->no_facts, "Align only; do not look for changed facts")
      ->group("Comparison");
  app->add_option("--min-similarity", args->min_similarity,
                  "Align two sentence groups when their weighted content overlap (Dice, 0-1) is "
                  "at least this")
      ->check(CLI::Range(0.01, 1.0))
      ->capture_default_str()
      ->group("Comparison");
  app->add_flag("--json", args->json,
                "Write one JSON object (byte offsets into the original texts)")
      ->group("Output");
  app->add_option("--color", args->color,
                  "Colour the report: auto (when stdout is a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str()
      ->group("Output");
  app->add_flag("-q,--quiet", args->quiet, "Do not list input issues on stderr")->group("Output");

  Command cmd;
  cmd.app = app;
  cmd.run = [args]() -> int {
    int code = kExitOk;
    Document a, b;
    if (args->corpus.empty()) {
      Result<Document> ra = ReadFileDocument(*args, args->a, &code);
      if (code != kExitOk) return code;
      if (!ra.ok()) return Fail(ra.status());
      Result<Document> rb = ReadFileDocument(*args, args->b, &code);
      if (code != kExitOk) return code;
      if (!rb.ok()) return Fail(rb.status());
      a = std::move(ra).value();
      b = std::move(rb).value();
    } else {
      std::unique_ptr<Engine> engine = Read(*args, args->corpus, &code);
      if (!engine) return code;
      Result<Document> ra = FindDocument(*engine, args->a);
      if (!ra.ok()) return Fail(ra.status());
      Result<Document> rb = FindDocument(*engine, args->b);
      if (!rb.ok()) return Fail(rb.status());
      a = std::move(ra).value();
      b = std::move(rb).value();
    }
    CompareOptions options;
    options.clean.enabled = !args->no_clean;
    options.detect_facts = !args->no_facts;
    options.min_similarity = args->min_similarity;
    Result<Comparison> comparison = Compare(a, b, options);
    if (!comparison.ok()) return Fail(comparison.status());
    const bool color = args->color == "always" || (args->color == "auto" && isatty(STDOUT_FILENO));
    Status written = args->json ? WriteComparisonJson(comparison.value(), std::cout)
                                : WriteComparisonText(comparison.value(), a, b, color, std::cout);
    if (!written.ok()) return Fail(written);
    return kExitOk;
  };
  return cmd;
}

}  // namespace doppel::cli

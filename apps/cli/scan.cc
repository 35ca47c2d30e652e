// doppel scan: find and group every copy in a corpus.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

#include "args.h"
#include "commands.h"
#include "doppel/html_report.h"
#include "common_run.h"
#include "progress.h"

namespace doppel::cli {
namespace {

struct ScanArgs {
  CliArgs common;
  std::string pairs_path, clusters_path, report_path, stats_path;
};

// Process CPU seconds and peak RSS so far (all threads).
void FillProcessUsage(ScanStats* stats) {
  struct rusage usage;
  if (getrusage(RUSAGE_SELF, &usage) != 0) return;
  stats->cpu_seconds_user = usage.ru_utime.tv_sec + 1e-6 * usage.ru_utime.tv_usec;
  stats->cpu_seconds_system = usage.ru_stime.tv_sec + 1e-6 * usage.ru_stime.tv_usec;
  stats->peak_rss_bytes = static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // KiB on Linux
}

// The readable listing on stdout: stories of two or more clusters under a header; each
// cluster with its original and each member's relation to it.
void PrintClusters(const ScanResult& r, std::ostream& out) {
  std::map<std::pair<DocIndex, DocIndex>, const Pair*> by_pair;
  for (const Pair& p : r.pairs) {
    by_pair[{p.a, p.b}] = &p;
    by_pair.emplace(std::make_pair(p.b, p.a), &p);
  }
  std::map<uint32_t, std::pair<size_t, size_t>> story_size;  // clusters, documents
  for (const Cluster& c : r.clusters) {
    ++story_size[c.story].first;
    story_size[c.story].second += c.members.size();
  }
  if (r.clusters.empty()) out << "no copies found\n";
  uint32_t last_story = 0xFFFFFFFFu;
  for (const Cluster& c : r.clusters) {
    const auto& [story_clusters, story_docs] = story_size[c.story];
    const bool multi = story_clusters > 1;
    if (multi && c.story != last_story) {
      out << "story " << c.story << " (" << story_docs << " documents in " << story_clusters
          << " derivation clusters)\n";
    }
    last_story = c.story;
    const std::string indent = multi ? "  " : "";
    out << indent << "cluster " << c.id << " (" << c.members.size()
        << (c.members.size() == 1 ? " document" : " documents") << ")\n";
    for (DocIndex m : c.members) {
      out << indent << "  " << r.ids[m];
      if (m == c.original) {
        out << (c.members.size() > 1 ? "  [original]" : "");
        // A one-document cluster in a story: say how it relates to the story.
        if (c.members.size() == 1) {
          const Pair* best = nullptr;
          for (const Pair& p : r.pairs) {
            if ((p.a == m || p.b == m) && (!best || p.score > best->score)) best = &p;
          }
          if (best) {
            char score[16];
            std::snprintf(score, sizeof score, "%.2f", best->score);
            out << "  " << RelationName(best->relation) << " " << score << " with "
                << r.ids[best->a == m ? best->b : best->a];
          }
        }
      } else {
        auto it = by_pair.find({c.original, m});
        if (it != by_pair.end()) {
          char score[16];
          std::snprintf(score, sizeof score, "%.2f", it->second->score);
          out << "  " << RelationName(it->second->relation) << " " << score;
        } else {
          out << "  (linked through another member)";
        }
      }
      out << "\n";
    }
  }
}

void PrintSummary(const ScanResult& r, double seconds) {
  const ScanStats& s = r.stats;
  std::map<std::string, uint64_t> by_relation;
  for (const Pair& p : r.pairs) ++by_relation[RelationName(p.relation)];
  std::string pairs;
  for (const auto& [name, count] : by_relation) {
    if (!pairs.empty()) pairs += ", ";
    pairs += WithCommas(count) + " " + name;
  }
  size_t largest = 0, clustered = 0;
  for (const Cluster& c : r.clusters) {
    largest = std::max(largest, c.members.size());
    clustered += c.members.size();
  }
  std::fprintf(stderr,
               "doppel scan: %s documents (%s) read, %s skipped; cleaning removed %s\n"
               "  %s candidate pairs verified -> %s pairs%s%s%s\n"
               "  %s clusters holding %s documents (largest %s)\n"
               "  %.2f s (read %.2f, prepare %.2f, match %.2f, cluster %.2f)\n",
               WithCommas(s.documents_read).c_str(), HumanBytes(s.bytes_read).c_str(),
               WithCommas(s.documents_skipped).c_str(), HumanBytes(s.bytes_removed).c_str(),
               WithCommas(s.candidate_pairs).c_str(), WithCommas(r.pairs.size()).c_str(),
               pairs.empty() ? "" : " (", pairs.c_str(), pairs.empty() ? "" : ")",
               WithCommas(r.clusters.size()).c_str(), WithCommas(clustered).c_str(),
               WithCommas(largest).c_str(), seconds, s.seconds_read, s.seconds_prepare,
               s.seconds_match, s.seconds_cluster);
  if (s.band_star_buckets + s.sampled_star_lists + s.sampled_partners_dropped > 0) {
    std::fprintf(stderr,
                 "  candidate caps: %s band buckets and %s sampled-shingle lists paired through a core of 4, "
                 "%s sampled candidates past --max-partners (large groups: their clusters form, not every "
                 "pair is listed; --stats has the counts)\n",
                 WithCommas(s.band_star_buckets).c_str(), WithCommas(s.sampled_star_lists).c_str(),
                 WithCommas(s.sampled_partners_dropped).c_str());
  }
}

}  // namespace

Command AddScanCommand(CLI::App* root) {
  auto args = std::make_shared<ScanArgs>();
  CLI::App* app = root->add_subcommand(
      "scan",
      "Find every exact copy, near duplicate, partial copy and paraphrased rewrite in a corpus, "
      "and the independent reports of the same story; verify each pair, and group them into "
      "chain-guarded derivation clusters with an original, nested in stories (--mode near: "
      "copies only, the fast path).\n\n"
      "Examples:\n"
      "  doppel scan examples/news\n"
      "  doppel scan crawl/*.jsonl.zst --text-field content --pairs pairs.jsonl --clusters clusters.jsonl\n"
      "  cat docs.jsonl | doppel scan - --strict --threads 4\n\n"
      "Without --pairs or --clusters, the clusters are listed on stdout.");
  AddInputFlags(app, &args->common);
  AddMatchFlags(app, &args->common);
  AddRunFlags(app, &args->common);
  app->add_option("--pairs", args->pairs_path,
                  "Write verified pairs as JSONL ({a, b, relation, score, features}; docs/output-schema.md); - for stdout")
      ->group("Output");
  app->add_option("--clusters", args->clusters_path,
                  "Write clusters of two or more documents as JSONL ({cluster, story, original, members, ...}); - for stdout")
      ->group("Output");
  app->add_option("--report", args->report_path,
                  "Write a self-contained HTML page to browse the clusters, each copy side by side "
                  "with its original (docs/report.md)")
      ->group("Output");
  app->add_option("--stats", args->stats_path,
                  "Write the run's counts and costs as one JSON object to this file (documents, "
                  "candidate pairs per channel, pairs by relation, index bytes, wall seconds per "
                  "stage, process CPU seconds, peak RSS bytes)")
      ->group("Output");
  Command cmd;
  cmd.app = app;
  cmd.run = [args]() -> int {
    // The clusters are shown by --clusters, --report and the listing on stdout (written
    // when neither --pairs nor --clusters is); with --pairs alone (and --stats) nothing
    // reads their originals, so the scan does not choose them.
    const bool stdout_taken = args->pairs_path == "-" || args->clusters_path == "-" ||
                              args->report_path == "-" || args->stats_path == "-";
    const bool listing = args->pairs_path.empty() && args->clusters_path.empty() && !stdout_taken;
    args->common.choose_originals = listing || !args->clusters_path.empty() || !args->report_path.empty();
    // Nothing reads the documents' text after such a scan either (the report, which
    // does, needs originals): it is freed once read for the last time.
    args->common.release_text = !args->common.choose_originals;
    const CliArgs& a = args->common;
    auto start = std::chrono::steady_clock::now();
    ProgressBar bar(ShowProgress(a));
    int code = 0;
    std::unique_ptr<Engine> engine = OpenCorpus(a, &bar, &code);
    if (!engine) return code;
    Result<ScanResult> result = engine->Scan();
    bar.Clear();
    if (!result.ok()) return Fail(result.status());
    ScanResult& r = result.value();
    auto write_start = std::chrono::steady_clock::now();
    if (!args->pairs_path.empty()) {
      Status s = WriteOutput(args->pairs_path, [&](std::ostream& o) { return WritePairsJsonl(r, o, a.threads); });
      if (!s.ok()) return Fail(s);
    }
    if (!args->clusters_path.empty()) {
      Status s = WriteOutput(args->clusters_path, [&](std::ostream& o) { return WriteClustersJsonl(r, o); });
      if (!s.ok()) return Fail(s);
    }
    if (!args->report_path.empty()) {
      HtmlReportOptions report;
      report.compare.clean = ToOptions(a).clean;
      report.num_threads = a.threads;
      Status s = WriteOutput(args->report_path, [&](std::ostream& o) {
        return WriteHtmlReport(r, [&](DocIndex d) -> const Document& { return engine->document(d); },
                               report, o);
      });
      if (!s.ok()) return Fail(s);
    }
    if (listing) {
      PrintClusters(r, std::cout);
      std::cout.flush();
    }
    if (!args->stats_path.empty()) {
      const auto now = std::chrono::steady_clock::now();
      r.stats.seconds_write = std::chrono::duration<double>(now - write_start).count();
      r.stats.seconds_total = std::chrono::duration<double>(now - start).count();
      FillProcessUsage(&r.stats);
      Status s = WriteOutput(args->stats_path, [&](std::ostream& o) { return WriteStatsJson(r, o); });
      if (!s.ok()) return Fail(s);
    }
    if (!a.quiet) {
      PrintIssues(r.issues, 20);
      PrintSummary(r, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    ExitWithoutTeardown(kExitOk);
  };
  return cmd;
}

}  // namespace doppel::cli

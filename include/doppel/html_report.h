// The HTML report: one self-contained page to browse a scan's clusters.
//
//   doppel::HtmlReportOptions options;
//   auto document = [&](doppel::DocIndex d) -> const doppel::Document& {
//     return engine.document(d);
//   };
//   std::ofstream out("report.html", std::ios::binary);
//   DOPPEL_RETURN_IF_ERROR(doppel::WriteHtmlReport(result, document, options, out));
//
// The page works offline: CSS and JS are inline, the data is embedded as JSON, and a
// Content-Security-Policy forbids every network request. It lists the clusters largest
// first with a search box (ids and text), and shows for each cluster its original, its
// members with their relation and score, the verified pairs, and each member side by side
// with the original, with aligned spans linked, removed spans struck and changed facts
// flagged. What the page shows is described in docs/report.md.
//
// A large corpus stays browsable: the limits below cap what is embedded, and the page
// says what was left out.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

#include "doppel/compare.h"
#include "doppel/document.h"
#include "doppel/report.h"
#include "doppel/status.h"

namespace doppel {

struct HtmlReportOptions {
  // Page title (shown in the header and the browser tab).
  std::string title = "doppel report";
  // Clusters listed in the page, largest first; the rest are counted, not listed.
  uint32_t max_clusters_listed = 10000;
  // Clusters (largest first) embedded with their texts and comparisons; later clusters are
  // listed with ids, relations and scores only.
  uint32_t max_clusters_with_texts = 300;
  // Members per cluster embedded with their text and comparison, the original included.
  // Chosen round-robin over relations, so rare relations (rewrites, excerpts) are shown
  // next to a thousand exact copies.
  uint32_t max_texts_per_cluster = 40;
  // Member ids listed per cluster; the rest are counted.
  uint32_t max_members_listed = 2000;
  // Verified pairs listed per cluster; the rest are counted.
  uint32_t max_pairs_listed = 500;
  // One document's text is cut (at a UTF-8 boundary) after this many bytes.
  uint64_t max_text_bytes = 256ull << 10;
  // All embedded texts together: once reached, further clusters get no texts.
  uint64_t max_total_text_bytes = 48ull << 20;
  // Input issues listed; the rest are counted.
  uint32_t max_issues_listed = 200;
  // How each member is compared with its original for the side-by-side view (the cut
  // texts are compared, so cost stays bounded by the limits above).
  CompareOptions compare;
  // Threads for the comparisons; 0 = all cores. The page is identical for any value.
  int num_threads = 1;
};

// Returns the document with index d (0 <= d < result.ids.size()), e.g. Engine::document.
using DocumentLookup = std::function<const Document&(DocIndex)>;

// Writes the page for `result` to `out`, comparing each shown member with its original
// (doppel::Compare). A comparison that fails is named on the page; the page is still
// written. Returns kInvalidArgument when a limit is 0 where at least 1 is needed or
// options.compare is out of bounds, kIoError when the stream fails, and kInternal when
// the page data could not be built.
Status WriteHtmlReport(const ScanResult& result, const DocumentLookup& document,
                       const HtmlReportOptions& options, std::ostream& out);

}  // namespace doppel

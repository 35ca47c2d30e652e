// The HTML report writer's internal entry point (the public one is in
// include/doppel/html_report.h): the same writer with the pair comparison passed in, so
// tests can feed it comparisons of their own.
#pragma once

#include <functional>
#include <ostream>

#include "doppel/compare.h"
#include "doppel/html_report.h"

namespace doppel::report {

// Compares a cluster's original (first argument) with one member. Must be safe to call
// from several threads at once.
using CompareFn = std::function<Result<Comparison>(const Document&, const Document&)>;

// WriteHtmlReport with `compare` for the side-by-side views; a null `compare` writes
// the page without comparisons (the page then shows the two texts unaligned).
Status WriteHtmlReportWith(const ScanResult& result, const DocumentLookup& document,
                           const HtmlReportOptions& options, const CompareFn& compare,
                           std::ostream& out);

}  // namespace doppel::report

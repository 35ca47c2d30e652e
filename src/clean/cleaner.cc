#include "clean/cleaner.h"

#include <algorithm>

#include "clean/corpus_keys.h"
#include "clean/furniture.h"
#include "clean/line_shape.h"
#include "clean/repeats.h"
#include "clean/text_key.h"
#include "clean/units.h"

namespace doppel::clean {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool AllSpace(std::string_view s) { return std::all_of(s.begin(), s.end(), IsAsciiSpace); }

// Line breaks in a run of whitespace ("\r\n" counts once).
int CountLineBreaks(std::string_view s) {
  int breaks = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      ++breaks;
    } else if (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n')) {
      ++breaks;
    }
  }
  return breaks;
}

// Boilerplate flags of the units, into `boilerplate`: in-document furniture and corpus
// boilerplate. `shapes` holds what FindFurniture reads between the edges (words,
// terminal, markup_only); the edges get their full shape here (in `shapes`). unit_text(i)
// is unit i's text, corpus_key(i) its LineCorpusKey (0: no word). The working arrays are
// kept per thread from one document to the next (a fresh set grew a few times in every
// document: a seventh of a default scan's allocations), let go after a huge document.
template <typename UnitText, typename CorpusKey>
void FindBoilerplate(std::vector<LineShape>* shapes, UnitText unit_text, CorpusKey corpus_key,
                     const CorpusLineStats* stats, std::vector<bool>* boilerplate) {
  const size_t n = shapes->size();
  boilerplate->assign(n, false);
  const Edges edges = FindEdges(*shapes);
  thread_local ShapeBuffers buffers;
  thread_local std::vector<FurnitureRule> rules;
  for (size_t i = 0; i < n; ++i) {
    if (edges.IsEdge(i)) (*shapes)[i] = ComputeShape(unit_text(i), &buffers);
  }
  FindFurniture(*shapes, &rules);
  for (size_t i = 0; i < n; ++i) {
    if (rules[i] != FurnitureRule::kNone) {
      (*boilerplate)[i] = true;
    } else if (stats != nullptr) {
      const uint64_t key = corpus_key(i);
      (*boilerplate)[i] = key != 0 && stats->IsBoilerplate(key);
    }
  }
  constexpr size_t kMaxKeptCodePoints = size_t{1} << 16;
  constexpr size_t kMaxKeptUnits = size_t{1} << 16;
  if (buffers.code_points.capacity() > kMaxKeptCodePoints) buffers = ShapeBuffers();
  if (rules.capacity() > kMaxKeptUnits) std::vector<FurnitureRule>().swap(rules);
}

// The removals of the units flagged `boilerplate` or `repeated_units` (may be empty)
// and of the repeated sentences, sorted, neighbours of one kind merged. unit_span(i)
// gives {begin, end} of unit i.
template <typename UnitSpan>
std::vector<Removal> CollectRemovals(std::string_view text, size_t n, UnitSpan unit_span,
                                     const std::vector<bool>& boilerplate,
                                     const std::vector<bool>& repeated_units,
                                     const std::vector<text::Span>& repeated_sentences) {
  std::vector<Removal> removals;
  for (size_t i = 0; i < n; ++i) {
    if (boilerplate[i]) {
      const text::Span span = unit_span(i);
      removals.push_back({span.begin, span.end, RemovalKind::kBoilerplate});
    } else if (!repeated_units.empty() && repeated_units[i]) {
      const text::Span span = unit_span(i);
      removals.push_back({span.begin, span.end, RemovalKind::kRepeated});
    }
  }
  for (const text::Span& span : repeated_sentences) {
    removals.push_back({span.begin, span.end, RemovalKind::kRepeated});
  }
  std::sort(removals.begin(), removals.end(), [](const Removal& a, const Removal& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });

  // Merge neighbours of one kind separated only by whitespace (one span for a block of
  // furniture lines); sentence spans never overlap unit spans (they come from kept units).
  std::vector<Removal> merged;
  for (const Removal& r : removals) {
    if (!merged.empty()) {
      Removal& last = merged.back();
      if (r.begin < last.end) {  // overlap: keep the first, clip the second
        if (r.end <= last.end) continue;
        if (r.kind == last.kind) {
          last.end = r.end;
          continue;
        }
        merged.push_back({last.end, r.end, r.kind});
        continue;
      }
      if (r.kind == last.kind && AllSpace(text.substr(last.end, r.begin - last.end))) {
        last.end = r.end;
        continue;
      }
    }
    merged.push_back(r);
  }
  return merged;
}

}  // namespace

std::vector<Removal> FindRemovals(std::string_view text, const CorpusLineStats* stats,
                                  const CleanOptions& options) {
  if (!options.enabled || (!options.remove_boilerplate && !options.remove_repeated)) {
    return {};
  }
  const UnitLayout layout = SplitUnits(text);
  const std::vector<Unit>& units = layout.units;
  const size_t n = units.size();
  auto unit_text = [&](size_t i) {
    return text.substr(units[i].begin, units[i].end - units[i].begin);
  };
  const UnitKeys unit_keys = KeyUnits(text, units, options.remove_repeated);
  const std::vector<uint64_t>& keys = unit_keys.keys;
  const std::vector<uint32_t>& num_words = unit_keys.num_words;
  std::vector<bool> boilerplate(n, false);
  if (options.remove_boilerplate) {
    std::vector<LineShape> shapes(n);
    for (size_t i = 0; i < n; ++i) {
      shapes[i] = InteriorShape(unit_text(i), unit_keys.fast[i] ? &num_words[i] : nullptr);
    }
    FindBoilerplate(
        &shapes, unit_text, [&](size_t i) { return keys[i] != 0 ? LineCorpusKey(keys[i], num_words[i]) : 0; },
        stats, &boilerplate);
  }
  RepeatedSpans repeats;
  if (options.remove_repeated) {
    repeats = FindRepeats(text, units, unit_keys, boilerplate);
  }
  return CollectRemovals(
      text, n, [&](size_t i) { return text::Span{units[i].begin, units[i].end}; }, boilerplate,
      repeats.units, repeats.sentences);
}

std::vector<Removal> FindRemovals(std::string_view text, const CorpusLineStats* stats,
                                  const CleanOptions& options, const CleanCache& cache) {
  return FindRemovals(text, stats, options, cache.units, cache.sentences);
}

std::vector<Removal> FindRemovals(std::string_view text, const CorpusLineStats* stats,
                                  const CleanOptions& options, std::span<const CleanCache::UnitEntry> units,
                                  const std::vector<CleanCache::Sentence>& sentences) {
  if (!options.enabled || (!options.remove_boilerplate && !options.remove_repeated)) {
    return {};
  }
  const size_t n = units.size();
  // Working arrays kept per thread from one document to the next (this runs once a
  // document in the corpus pass: four allocations a document before), let go after a huge
  // document.
  thread_local std::vector<LineShape> shapes;
  thread_local std::vector<bool> boilerplate, repeated_units;
  boilerplate.assign(n, false);
  if (options.remove_boilerplate) {
    shapes.assign(n, LineShape{});
    for (size_t i = 0; i < n; ++i) {
      shapes[i].words = units[i].words;
      shapes[i].terminal = (units[i].flags & CleanCache::kTerminal) != 0;
      shapes[i].markup_only = (units[i].flags & CleanCache::kMarkupOnly) != 0;
    }
    FindBoilerplate(
        &shapes, [&](size_t i) { return text.substr(units[i].begin, units[i].end - units[i].begin); },
        [&](size_t i) { return units[i].corpus_key; }, stats, &boilerplate);
  }
  repeated_units.clear();
  std::vector<text::Span> repeated_sentences;
  if (options.remove_repeated) {
    repeated_units.resize(n);
    for (size_t i = 0; i < n; ++i) repeated_units[i] = (units[i].flags & CleanCache::kRepeated) != 0;
    repeated_sentences = RepeatedSentences(sentences, boilerplate);
  }
  std::vector<Removal> removals = CollectRemovals(
      text, n, [&](size_t i) { return text::Span{units[i].begin, units[i].end}; }, boilerplate,
      repeated_units, repeated_sentences);
  constexpr size_t kMaxKeptUnits = size_t{1} << 16;
  if (shapes.capacity() > kMaxKeptUnits) {
    std::vector<LineShape>().swap(shapes);
    std::vector<bool>().swap(boilerplate);
    std::vector<bool>().swap(repeated_units);
  }
  return removals;
}

std::string ApplyRemovals(std::string_view text, const std::vector<Removal>& removals,
                          std::vector<uint32_t>* to_source) {
  const uint32_t size = static_cast<uint32_t>(text.size());
  // Cuts: removals widened over the whitespace around them, merged when they touch.
  struct Cut {
    uint32_t begin;
    uint32_t end;
    bool paragraph;  // the widened whitespace held a blank line
  };
  std::vector<Removal> sorted;
  sorted.reserve(removals.size());
  for (const Removal& r : removals) {
    uint32_t begin = std::min(r.begin, size);
    uint32_t end = std::min(std::max(r.end, begin), size);
    if (begin < end) sorted.push_back({begin, end, r.kind});
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const Removal& a, const Removal& b) { return a.begin < b.begin; });
  std::vector<Cut> cuts;
  for (const Removal& r : sorted) {
    uint32_t begin = r.begin;
    while (begin > 0 && IsAsciiSpace(text[begin - 1])) --begin;
    uint32_t end = r.end;
    while (end < size && IsAsciiSpace(text[end])) ++end;
    bool paragraph = CountLineBreaks(text.substr(begin, r.begin - begin)) >= 2 ||
                     CountLineBreaks(text.substr(r.end, end - r.end)) >= 2;
    if (!cuts.empty() && begin <= cuts.back().end) {
      cuts.back().end = std::max(cuts.back().end, end);
      cuts.back().paragraph = cuts.back().paragraph || paragraph;
    } else {
      cuts.push_back({begin, end, paragraph});
    }
  }

  std::string out;
  out.reserve(text.size());
  if (to_source != nullptr) {
    to_source->clear();
    to_source->reserve(text.size() + 1);
  }
  auto append_source = [&](uint32_t begin, uint32_t end) {
    out.append(text.data() + begin, end - begin);
    if (to_source != nullptr) {
      for (uint32_t i = begin; i < end; ++i) to_source->push_back(i);
    }
  };
  auto append_separator = [&](std::string_view separator, uint32_t source_offset) {
    out.append(separator);
    if (to_source != nullptr) to_source->insert(to_source->end(), separator.size(), source_offset);
  };
  uint32_t pos = 0;
  for (const Cut& cut : cuts) {
    append_source(pos, cut.begin);
    if (cut.begin > 0 && cut.end < size) {
      append_separator(cut.paragraph ? "\n\n" : "\n", cut.begin);
    }
    pos = cut.end;
  }
  append_source(pos, size);
  if (to_source != nullptr) to_source->push_back(size);
  return out;
}

}  // namespace doppel::clean

// The engine's cleaning path (CorpusLineStats::Summarize(text, options, &cache), then
// FindRemovals(text, stats, options, cache)) must give exactly what the single-document
// path gives (LineKeys, Summarize(keys), FindRemovals(text, stats, options)): same
// summaries, same removals, for any text and options.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "clean/repeats.h"
#include "clean/text_key.h"
#include "clean/units.h"
#include "clean_test_util.h"
#include "text/normalize.h"
#include "text/tokenize.h"

namespace doppel::clean {
namespace {

// Sentences from a small vocabulary, so that documents repeat sentences and paragraphs,
// with the same words under different punctuation and case, abbreviations and initials
// that do not end a sentence, closing quotes, wrapped lines, non-ASCII text on and off
// TextKeyer's fast path, and template furniture.
const std::vector<std::string> kSentences = {
    "The committee approved the budget after a long debate on Tuesday.",
    "the committee approved the budget, after a long debate on tuesday!",
    "THE COMMITTEE APPROVED THE BUDGET AFTER A LONG DEBATE ON TUESDAY?",
    "Mr. Smith told the court he had never seen the money before.",
    "Mr Smith told the court he had never seen the money before.",
    "J. R. Ewing said: \"We will appeal the ruling in the U.S. courts.\"",
    "Residents were told to keep their windows closed overnight.",
    "Residents were told to keep their windows closed overnight...",
    "Prices rose 3.5 per cent in the year to March, the agency said.",
    "Zoë's café reopened in the old square, to the delight of its regulars.",
    "Die Straße wurde am Montag für den Verkehr gesperrt, sagte er.",
    "Die Strasse wurde am Montag für den Verkehr gesperrt, sagte er.",
    "東京の会議は月曜日に始まった。参加者は多かった。",
    "青石市的滨河公园今天重新开放，Zhou Mingyuan说新步道比以前宽了一倍。",
    "苹果公司发布了iPhone15，Apple的新品在2024年上市。",
    "Cafe\xcc\x81 owners met the mayor at noon to discuss the new rules.",
    "(Reporting by Jane Doe; editing by John Roe.)",
    "Why did nobody warn the passengers about the storm?!",
    "He said no.",
};
const std::vector<std::string> kLines = {
    "Share | Tweet | Email", "2 hours ago", "------------------------------",
    "\x19" "end<", "(reopens)", "24 comments", "Leave a comment", "<p>", "<div class=\"x\">",
    "12:30 01/02/03: Page 4 (HHH) COURTS Smith", "AP", "Advertisement", "Home > News > Courts",
    "Read more", "• • •", "Follow us on Twitter for the latest news.",
};

std::string RandomText(std::mt19937* rng) {
  std::uniform_int_distribution<size_t> sentence(0, kSentences.size() - 1);
  std::uniform_int_distribution<size_t> line(0, kLines.size() - 1);
  std::uniform_int_distribution<int> paragraphs(0, 12);
  std::uniform_int_distribution<int> per_paragraph(1, 5);
  std::uniform_int_distribution<int> choice(0, 9);
  std::string text;
  std::vector<std::string> earlier;  // paragraphs written, to repeat some
  const int n = paragraphs(*rng);
  if (choice(*rng) < 4) text += kLines[line(*rng)] + "\n" + kLines[line(*rng)] + "\n\n";
  for (int p = 0; p < n; ++p) {
    std::string paragraph;
    const int c = choice(*rng);
    if (c == 0 && !earlier.empty()) {
      paragraph = earlier[std::uniform_int_distribution<size_t>(0, earlier.size() - 1)(*rng)];
    } else if (c == 1) {
      paragraph = kLines[line(*rng)];
    } else {
      const int k = per_paragraph(*rng);
      for (int s = 0; s < k; ++s) {
        if (!paragraph.empty()) {
          // Hard-wrapped (a line break inside the paragraph), spaced or run together.
          const int sep = choice(*rng);
          paragraph += sep == 0 ? "\n" : sep == 1 ? "  " : sep == 2 ? "" : " ";
        }
        paragraph += kSentences[sentence(*rng)];
      }
    }
    earlier.push_back(paragraph);
    text += paragraph;
    const int sep = choice(*rng);
    text += sep < 5 ? "\n\n" : sep < 8 ? "\n" : "\r\n";
  }
  if (choice(*rng) < 4) text += "\n" + kLines[line(*rng)] + "\n" + kLines[line(*rng)] + "\n";
  return text;
}

void ExpectSameRemovals(const std::vector<Removal>& expected, const std::vector<Removal>& got,
                        const std::string& text) {
  ASSERT_EQ(expected.size(), got.size()) << text;
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(expected[i].begin, got[i].begin) << text;
    EXPECT_EQ(expected[i].end, got[i].end) << text;
    EXPECT_EQ(expected[i].kind, got[i].kind) << text;
  }
}

void ExpectSameSummary(const CorpusLineStats::DocSummary& expected,
                       const CorpusLineStats::DocSummary& got, const std::string& text) {
  EXPECT_EQ(expected.sketch, got.sketch) << text;
  EXPECT_EQ(expected.line_keys, got.line_keys) << text;
}

// Both paths over `texts` with `options`; returns the number of removals. The engine's
// form of the cached path (SummarizeInto: every document's line keys appended to one
// array, and Add from a slice of it) gives the same summaries and statistics.
size_t CheckCorpus(const std::vector<std::string>& texts, const CleanOptions& options) {
  CorpusLineStats stats, stats_from_slices;
  std::vector<CleanCache> caches(texts.size()), slice_caches(texts.size());
  std::vector<uint64_t> all_keys;
  for (size_t d = 0; d < texts.size(); ++d) {
    CorpusLineStats::DocSummary expected = CorpusLineStats::Summarize(LineKeys(texts[d]));
    CorpusLineStats::DocSummary got = CorpusLineStats::Summarize(texts[d], options, &caches[d]);
    ExpectSameSummary(expected, got, texts[d]);
    const size_t begin = all_keys.size();
    const CorpusLineStats::Sketch sketch =
        CorpusLineStats::SummarizeInto(texts[d], options, &slice_caches[d], nullptr, {}, &all_keys);
    EXPECT_EQ(sketch, expected.sketch) << texts[d];
    EXPECT_EQ(std::vector<uint64_t>(all_keys.begin() + begin, all_keys.end()), expected.line_keys) << texts[d];
    stats_from_slices.Add(sketch, all_keys.data() + begin, all_keys.size() - begin);
    stats.Add(std::move(got));
  }
  stats.Finalize(options);
  stats_from_slices.Finalize(options);
  size_t removals = 0;
  for (size_t d = 0; d < texts.size(); ++d) {
    std::vector<Removal> expected = FindRemovals(texts[d], &stats, options);
    ExpectSameRemovals(expected, FindRemovals(texts[d], &stats, options, caches[d]), texts[d]);
    ExpectSameRemovals(expected, FindRemovals(texts[d], &stats_from_slices, options, slice_caches[d]), texts[d]);
    // Without corpus statistics too (the cache does not depend on them).
    ExpectSameRemovals(FindRemovals(texts[d], nullptr, options),
                       FindRemovals(texts[d], nullptr, options, caches[d]), texts[d]);
    removals += expected.size();
  }
  return removals;
}

TEST(CleanCacheTest, SameSummariesAndRemovalsOnRandomTexts) {
  std::mt19937 rng(20261206);
  std::vector<std::string> texts;
  for (int i = 0; i < 600; ++i) texts.push_back(RandomText(&rng));
  // The corpus rule takes part: a few template lines recur across many unrelated texts.
  EXPECT_GT(CheckCorpus(texts, CleanOptions{}), 300u);
}

// The words keying finds (Summarize's KeyedWords) are the words of the default normal
// form, the ones the engine would otherwise get by normalising and tokenising the text
// again; texts off TextKeyer's fast path, and keying without a trace, give none.
TEST(CleanCacheTest, KeyedWordsAreTheWordsOfTheNormalForm) {
  std::mt19937 rng(11);
  size_t complete = 0, incomplete = 0;
  for (int i = 0; i < 600; ++i) {
    const std::string text = RandomText(&rng);
    CleanCache cache;
    CorpusLineStats::KeyedWords keyed;
    CorpusLineStats::Summarize(text, CleanOptions{}, &cache, &keyed);
    if (!keyed.complete) {
      EXPECT_TRUE(keyed.words.empty());
      ++incomplete;
      continue;
    }
    ++complete;
    const std::string normalized = text::NormalizeForWords(text, NormalizeOptions{});
    std::vector<text::Span> spans;
    text::TokenizeWords(normalized, &spans);
    ASSERT_EQ(keyed.words.size(), spans.size()) << text;
    for (size_t w = 0; w < spans.size(); ++w) {
      ASSERT_EQ(keyed.joined.substr(keyed.words[w].begin, keyed.words[w].size()),
                std::string_view(normalized).substr(spans[w].begin, spans[w].size()))
          << w << " of " << text;
    }
  }
  EXPECT_GT(complete, 100u);
  EXPECT_GT(incomplete, 100u);  // the generator writes text off the fast path too
  CleanOptions no_repeats;  // keyed without a trace
  no_repeats.remove_repeated = false;
  CleanCache cache;
  CorpusLineStats::KeyedWords keyed;
  CorpusLineStats::Summarize("Plain words only.", no_repeats, &cache, &keyed);
  EXPECT_FALSE(keyed.complete);
}

// Whether some run of kMinRepeatWords keyed words occurs twice (the plain definition).
bool SomeRunRepeats(const CorpusLineStats::KeyedWords& keyed) {
  std::vector<std::string> runs;
  for (size_t w = 0; w + kMinRepeatWords <= keyed.words.size(); ++w) {
    std::string run;
    for (size_t k = w; k < w + kMinRepeatWords; ++k) {
      run.append(keyed.joined.substr(keyed.words[k].begin, keyed.words[k].size())).push_back(' ');
    }
    runs.push_back(std::move(run));
  }
  std::sort(runs.begin(), runs.end());
  return std::adjacent_find(runs.begin(), runs.end()) != runs.end();
}

// Summarize's hook sees the complete keyed words before the repeated sentences are looked
// for. A sound hook (false only when no run of kMinRepeatWords words repeats) leaves the
// removals as they are, while the search is skipped for the texts it clears; a hook that
// always says false is obeyed (no repeated sentence is found).
TEST(CleanCacheTest, AHookThatRulesOutRepeatedRunsSkipsTheSentenceSearchAlone) {
  std::mt19937 rng(23);
  std::vector<std::string> texts;
  for (int i = 0; i < 600; ++i) texts.push_back(RandomText(&rng));
  const CleanOptions options;
  CorpusLineStats with_stats, without_stats;
  std::vector<CleanCache> with(texts.size()), without(texts.size());
  size_t cleared = 0, called = 0, sentences = 0, sentences_missed = 0;
  for (size_t d = 0; d < texts.size(); ++d) {
    CorpusLineStats::KeyedWords keyed;
    bool was_called = false;
    const CorpusLineStats::KeyedWordsHook hook = [&](const CorpusLineStats::KeyedWords& words) {
      was_called = true;
      EXPECT_TRUE(words.complete);
      const bool repeats = SomeRunRepeats(words);
      cleared += !repeats;
      return repeats;
    };
    with_stats.Add(CorpusLineStats::Summarize(texts[d], options, &with[d], &keyed, hook));
    EXPECT_EQ(was_called, keyed.complete) << texts[d];
    called += was_called;
    without_stats.Add(CorpusLineStats::Summarize(texts[d], options, &without[d]));
    sentences += without[d].sentences.size();
    CleanCache obeyed;
    CorpusLineStats::Summarize(texts[d], options, &obeyed, &keyed, [](const CorpusLineStats::KeyedWords&) { return false; });
    if (keyed.complete) {
      EXPECT_TRUE(obeyed.sentences.empty());
      sentences_missed += without[d].sentences.size();
    }
  }
  with_stats.Finalize(options);
  without_stats.Finalize(options);
  for (size_t d = 0; d < texts.size(); ++d) {
    ExpectSameRemovals(FindRemovals(texts[d], &without_stats, options, without[d]),
                       FindRemovals(texts[d], &with_stats, options, with[d]), texts[d]);
  }
  EXPECT_GT(called, 100u);
  EXPECT_GT(cleared, 50u);          // texts whose search was skipped
  EXPECT_GT(called - cleared, 20u);  // and texts that repeat a run, searched
  EXPECT_GT(sentences_missed, 0u);   // the always-false hook did hide some
  EXPECT_GT(sentences, sentences_missed);
}

TEST(CleanCacheTest, SameRemovalsWithEachPartSwitchedOff) {
  std::mt19937 rng(7);
  std::vector<std::string> texts;
  for (int i = 0; i < 200; ++i) texts.push_back(RandomText(&rng));
  CleanOptions no_repeats;
  no_repeats.remove_repeated = false;
  CheckCorpus(texts, no_repeats);
  CleanOptions no_boilerplate;
  no_boilerplate.remove_boilerplate = false;
  CheckCorpus(texts, no_boilerplate);
  CleanOptions low_threshold;
  low_threshold.min_boilerplate_docs = 2;
  CheckCorpus(texts, low_threshold);
  CleanOptions disabled;
  disabled.enabled = false;
  EXPECT_EQ(CheckCorpus(texts, disabled), 0u);
}

TEST(CleanCacheTest, SameRemovalsOnRepeatsAndEdgeCases) {
  const std::string paragraph =
      "The minister said the plan would cost more than expected. Officials declined to "
      "comment on the figures.";
  const std::vector<std::string> texts = {
      "",
      "   \n\n  ",
      "one",
      // A repeated paragraph, and a repeated sentence inside a longer one.
      paragraph + "\n\n" + paragraph + "\n\nA reporter asked again. " + paragraph,
      // The same sentence with other punctuation and case (same key).
      "Police closed the road for six hours on Friday. Traffic was diverted.\n\n"
      "Later: police, closed the road for six hours on friday!",
      // Abbreviations and initials inside a repeated sentence; the repeat after "?!".
      "Dr. J. Smith of St. Mary's said the U.S. team had won. Why?! "
      "Dr. J. Smith of St. Mary's said the U.S. team had won.",
      // A repeat that starts right after a closing quote or bracket.
      "\"It is over.\" The talks ended without a deal on Monday night. (Talks ended.) "
      "The talks ended without a deal on Monday night.",
      // Off the fast path (ideographic stops, combining marks) and "ß" / "ss".
      "東京の会議は月曜日に始まった。参加者は多かった。東京の会議は月曜日に始まった。",
      "Die Straße wurde am Montag gesperrt, sagte er.\nDie Strasse wurde am Montag gesperrt, "
      "sagte er.",
      "Cafe\xcc\x81 owners met the mayor at noon today. Café owners met the mayor at noon "
      "today.",
      // Hard-wrapped wire copy with a slug and a sign-off, its paragraph repeated.
      "12:30 01/02/03: Page 4 (HHH) COURTS Smith\n"
      "------------------------------------------------\n"
      "A man who stole a painting from a gallery in central London was jailed for\n"
      "two years yesterday. The judge said the theft had been carefully planned and\n"
      "that the painting had never been recovered by the police.\n\n"
      "A man who stole a painting from a gallery in central London was jailed for\n"
      "two years yesterday.\n\nend\n",
      // Short repeated labels (kept) and a repeated block of short lines (removed).
      "Share\nShare\n\nRead more about it\nat our site\nevery day now\n\nText.\n\n"
      "Read more about it\nat our site\nevery day now\n",
  };
  CheckCorpus(texts, CleanOptions{});
}

TEST(CleanCacheTest, SameRemovalsOnCleanFixtures) {
  std::vector<std::string> texts;
  for (const char* name : {"court_report.txt", "interview.txt", "match_report.txt", "recipe.txt",
                           "travel_feature.txt", "template_labels.jsonl"}) {
    std::string text = testing::ReadFixture(name);
    ASSERT_FALSE(text.empty()) << name;
    texts.push_back(text);
    texts.push_back(text + "\n\n" + text);  // every paragraph repeated
  }
  std::mt19937 rng(99);
  for (int i = 0; i < 50; ++i) texts.push_back(RandomText(&rng));
  CheckCorpus(texts, CleanOptions{});
}

// The two steps of FindRepeats give its sentences, whatever is skipped.
TEST(CleanCacheTest, RepeatCandidatesGiveFindRepeatsSentences) {
  std::mt19937 rng(4242);
  for (int t = 0; t < 400; ++t) {
    const std::string text = RandomText(&rng);
    const UnitLayout layout = SplitUnits(text);
    const UnitKeys unit_keys = KeyUnits(text, layout.units, true);
    std::vector<bool> skip(layout.units.size());
    for (size_t i = 0; i < skip.size(); ++i) skip[i] = (rng() % 4) == 0;
    const RepeatedSpans expected = FindRepeats(text, layout.units, unit_keys, skip);
    const std::vector<bool> repeated = FindRepeatedUnits(unit_keys.keys, unit_keys.num_words);
    EXPECT_EQ(expected.units, repeated) << text;
    const std::vector<text::Span> sentences = RepeatedSentences(
        RepeatCandidates(text, layout.units, unit_keys, repeated), skip);
    ASSERT_EQ(expected.sentences.size(), sentences.size()) << text;
    for (size_t i = 0; i < sentences.size(); ++i) {
      EXPECT_EQ(expected.sentences[i].begin, sentences[i].begin) << text;
      EXPECT_EQ(expected.sentences[i].end, sentences[i].end) << text;
    }
  }
}

}  // namespace
}  // namespace doppel::clean

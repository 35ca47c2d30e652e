#include "match/rewrite.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "common/thread_pool.h"
#include "match/profile.h"
#include "match_test_util.h"
#include "text/stem.h"

namespace doppel::match {
namespace {

// A small story, a paraphrase that keeps its facts and order, and unrelated texts that
// give the DF table something to weigh against.
const char* kSource =
    "Zoo wins tax appeal over visitor fees.\n\n"
    "Chester Zoo won its appeal against Customs officials over value added tax on "
    "admission charges. The tribunal ruled that the North of England Zoological Society "
    "was a charity run by volunteers. The zoo had been asked to pay 1.4 million pounds in "
    "back tax. Director Gordon McGregor Reid welcomed the ruling.";
const char* kRewrite =
    "Chester Zoo triumphs in VAT dispute.\n\n"
    "Customs has lost its case against Chester Zoo over value added tax charged on "
    "tickets. Judges at the tribunal decided the North of England Zoological Society is "
    "a charity managed by volunteers. A bill of 1.4 million pounds in unpaid tax had been "
    "sent to the zoo. Gordon McGregor Reid, the director, said he was delighted.";
const char* kUnrelated[] = {
    "Shares in the bank fell sharply after quarterly profits missed forecasts.",
    "The striker scored twice as the home side won the cup final.",
    "Heavy rain flooded roads across the county and closed two schools.",
    "The band announced a world tour and a new album for the spring.",
    "Oil prices rose as producers agreed to cut output next month.",
    "A new museum of modern art opened in the city centre on Friday.",
};

// `texts` followed by the unrelated texts (the DF table's background).
std::vector<std::string> WithUnrelated(std::vector<std::string> texts) {
  for (const char* t : kUnrelated) texts.push_back(t);
  return texts;
}

// The same index, field by field.
void ExpectSameIndex(const SentenceIndex& got, const SentenceIndex& want) {
  EXPECT_EQ(got.num_sentences, want.num_sentences);
  EXPECT_EQ(got.terms, want.terms);
  EXPECT_EQ(got.offsets, want.offsets);
  EXPECT_EQ(got.sentence, want.sentence);
  EXPECT_EQ(got.tf, want.tf);
  EXPECT_EQ(got.first_position, want.first_position);
}

std::vector<ContentProfile> Profiles(const std::vector<std::string>& texts) {
  text::Stemmer stemmer;
  std::vector<ContentProfile> out;
  for (const std::string& t : texts) out.push_back(BuildProfile(t, &stemmer));
  return out;
}

// `count` texts that share the words `shared` and nothing else (each adds two words of its
// own, held by it alone).
std::vector<std::string> SharedWordTexts(const std::string& shared, int count) {
  std::vector<std::string> texts;
  for (int i = 0; i < count; ++i) {
    texts.push_back(shared + " item" + std::to_string(i) + "x unique" + std::to_string(i) + "y");
  }
  return texts;
}

// The pair (a, b) of `pairs`, or null.
const ScoredPair* FindPair(const std::vector<ScoredPair>& pairs, uint32_t a, uint32_t b) {
  const auto it = std::find_if(pairs.begin(), pairs.end(), [&](const ScoredPair& q) { return q.a == a && q.b == b; });
  return it == pairs.end() ? nullptr : &*it;
}

// The evidence of documents a and b of `texts`, with the DF table of all of them.
PairEvidence MeasureTexts(const std::vector<std::string>& texts, size_t a, size_t b) {
  const std::vector<ContentProfile> profiles = Profiles(texts);
  const RewriteCorpus corpus = BuildRewriteCorpus(profiles, {}, nullptr);
  return MeasurePair(profiles[a], profiles[b], corpus.vectors[a], corpus.vectors[b], corpus.df);
}

// Four facts in order, for the order and alignment tests.
const char* kFourFacts =
    "Unions balloted members over pension plans. Ministers promised talks with staff. "
    "Walkouts were planned for March. Hospitals prepared emergency cover.";

std::vector<std::string> Corpus() {
  std::vector<std::string> texts = WithUnrelated({kSource, kRewrite});
  // The key words of the story also occur, once each, elsewhere (DF >= 2 for keys).
  texts.push_back("The charity tribunal met volunteers at the zoo.");
  return texts;
}

TEST(DfTableTest, HeldByTwoToMaxIsTheTermsTwoToMaxDocumentsHold) {
  // "alpha" in 1 document, "beta" in 2, "gamma" in 3.
  ContentProfile one, two, three;
  const uint64_t alpha = TermHash("alpha"), beta = TermHash("beta"), gamma = TermHash("gamma");
  one.terms = {alpha, beta, gamma};
  two.terms = {beta, gamma};
  three.terms = {gamma};
  for (ContentProfile* p : {&one, &two, &three}) std::sort(p->terms.begin(), p->terms.end());
  DfTable df;
  for (const ContentProfile* p : {&one, &two, &three}) df.Add(*p);
  df.Finalize();
  const uint32_t a = df.IdOf(alpha), b = df.IdOf(beta), g = df.IdOf(gamma);
  ASSERT_EQ(df.DfOf(a), 1u);
  ASSERT_EQ(df.DfOf(b), 2u);
  ASSERT_EQ(df.DfOf(g), 3u);
  EXPECT_FALSE(df.HeldByTwoToMax(a, 3));  // one document: nothing to share
  EXPECT_TRUE(df.HeldByTwoToMax(b, 2));
  EXPECT_TRUE(df.HeldByTwoToMax(g, 3));
  EXPECT_FALSE(df.HeldByTwoToMax(g, 2));
  EXPECT_FALSE(df.HeldByTwoToMax(b, 1));
}

TEST(RewriteCandidatesTest, FindsAParaphraseWithoutSharedPhrases) {
  std::vector<ContentProfile> profiles = Profiles(Corpus());
  RewriteCorpus corpus = BuildRewriteCorpus(profiles, {}, nullptr);
  RewriteSettings settings;
  RewriteStats stats;
  std::vector<ScoredPair> pairs = FindRewriteCandidates(corpus, {}, settings, nullptr, &stats);
  ASSERT_FALSE(pairs.empty());
  EXPECT_EQ(pairs[0].a, 0u);
  EXPECT_EQ(pairs[0].b, 1u);
  EXPECT_GT(pairs[0].cosine, 0.3);
  for (const ScoredPair& p : pairs) {
    EXPECT_LT(p.a, p.b);
    // The same value as Dot, bit for bit (MeasurePair takes it instead of recomputing).
    EXPECT_EQ(p.cosine, Dot(corpus.vectors[p.a], corpus.vectors[p.b]));
    if (p.a >= 2) {
      EXPECT_LT(p.cosine, 0.3);  // no unrelated pair is close
    }
  }
  EXPECT_GE(stats.candidate_pairs, pairs.size());
  EXPECT_GT(stats.index_bytes, 0u);
}

TEST(RewriteCandidatesTest, PairsTheAdmitTestRulesOutAreDropped) {
  std::vector<ContentProfile> profiles = Profiles(Corpus());
  RewriteCorpus corpus = BuildRewriteCorpus(profiles, {}, nullptr);
  const std::vector<ScoredPair> all = FindRewriteCandidates(corpus, {}, {}, nullptr, nullptr);
  ASSERT_FALSE(all.empty());
  std::vector<std::pair<uint32_t, uint32_t>> asked;
  const std::vector<ScoredPair> admitted = FindRewriteCandidates(
      corpus, {}, {}, nullptr, nullptr, [&](uint32_t a, uint32_t b) {
        asked.push_back({a, b});
        return !(a == 0 && b == 1);
      });
  // Asked only of pairs whose cosine passes: exactly the verified pairs.
  std::sort(asked.begin(), asked.end());
  ASSERT_EQ(asked.size(), all.size());
  for (size_t k = 0; k < all.size(); ++k) EXPECT_EQ(asked[k], std::make_pair(all[k].a, all[k].b));
  for (const ScoredPair& p : admitted) EXPECT_FALSE(p.a == 0 && p.b == 1);
  // Every other verified pair is still there, with the same cosine.
  size_t others = 0;
  for (const ScoredPair& p : all) {
    if (p.a == 0 && p.b == 1) continue;
    ++others;
    const ScoredPair* kept = FindPair(admitted, p.a, p.b);
    ASSERT_NE(kept, nullptr);
    EXPECT_EQ(kept->cosine, p.cosine);
  }
  EXPECT_EQ(admitted.size(), others);
}

TEST(RewriteCandidatesTest, ExcludedDocumentsTakeNoPart) {
  std::vector<ContentProfile> profiles = Profiles(Corpus());
  std::vector<uint8_t> include(profiles.size(), 1);
  include[1] = 0;
  RewriteCorpus corpus = BuildRewriteCorpus(profiles, include, nullptr);
  EXPECT_TRUE(corpus.vectors[1].terms.empty());
  for (const ScoredPair& p : FindRewriteCandidates(corpus, include, {}, nullptr, nullptr)) {
    EXPECT_NE(p.a, 1u);
    EXPECT_NE(p.b, 1u);
  }
}

TEST(RewriteCandidatesTest, FrequentTermsAreNotKeys) {
  // Twenty documents share only "weather" and "forecast": with a posting cap of 10 those
  // terms are not keys, so no candidate comes from them.
  std::vector<ContentProfile> profiles = Profiles(SharedWordTexts("weather forecast", 20));
  RewriteCorpus corpus = BuildRewriteCorpus(profiles, {}, nullptr);
  RewriteSettings settings;
  settings.max_posting_size = 10;
  settings.min_cosine = 0.0;
  EXPECT_TRUE(FindRewriteCandidates(corpus, {}, settings, nullptr, nullptr).empty());
  settings.max_posting_size = 100;
  EXPECT_EQ(FindRewriteCandidates(corpus, {}, settings, nullptr, nullptr).size(), 190u);
}

// settings.max_candidates: each document verifies at most that many of the candidates it
// finds; the others are counted as dropped, and the pairs kept are pairs of the unlimited
// run with the same cosines.
TEST(RewriteCandidatesTest, ADocumentVerifiesAtMostMaxCandidates) {
  std::vector<ContentProfile> profiles = Profiles(SharedWordTexts("weather forecast harbour", 30));
  RewriteCorpus corpus = BuildRewriteCorpus(profiles, {}, nullptr);
  RewriteSettings settings;
  settings.min_cosine = 0.0;
  settings.max_candidates = 0;
  RewriteStats all_stats;
  const std::vector<ScoredPair> all = FindRewriteCandidates(corpus, {}, settings, nullptr, &all_stats);
  ASSERT_EQ(all.size(), 30u * 29 / 2);
  EXPECT_EQ(all_stats.candidates_dropped, 0u);
  settings.max_candidates = 4;
  RewriteStats stats;
  const std::vector<ScoredPair> some = FindRewriteCandidates(corpus, {}, settings, nullptr, &stats);
  EXPECT_LE(stats.candidate_pairs, 30u * 4);
  EXPECT_EQ(stats.candidate_pairs + stats.candidates_dropped, all.size());
  EXPECT_EQ(some.size(), stats.candidate_pairs);
  std::vector<uint32_t> verified_by(30, 0);
  for (const ScoredPair& p : some) {
    const ScoredPair* unlimited = FindPair(all, p.a, p.b);
    ASSERT_NE(unlimited, nullptr);
    EXPECT_EQ(unlimited->cosine, p.cosine);
    ++verified_by[p.a];  // equal key counts: the lower index finds the pair
  }
  for (uint32_t d = 0; d < 30; ++d) EXPECT_LE(verified_by[d], 4u) << d;
}

// A document's sentence index holds its first kMaxIndexedSentences sentences only, so one
// pair of very long documents cannot take gigabytes in typing; shorter ones are whole.
TEST(IndexSentencesTest, HoldsTheFirstSentencesOfALongDocument) {
  std::string long_text;
  for (uint32_t i = 0; i < kMaxIndexedSentences + 500; ++i) {
    long_text.append("Harbour number ").append(std::to_string(i % 97)).append(" opened a lantern quarry. ");
  }
  const std::vector<std::string> texts = WithUnrelated({long_text, kSource});
  const std::vector<ContentProfile> profiles = Profiles(texts);
  ASSERT_GT(profiles[0].num_sentences(), kMaxIndexedSentences);
  const RewriteCorpus corpus = BuildRewriteCorpus(profiles, {}, nullptr);
  const SentenceIndex index = IndexSentences(profiles[0], corpus.vectors[0], corpus.df);
  EXPECT_EQ(index.num_sentences, kMaxIndexedSentences);
  for (uint32_t s : index.sentence) EXPECT_LT(s, kMaxIndexedSentences);
  const SentenceIndex whole = IndexSentences(profiles[1], corpus.vectors[1], corpus.df);
  EXPECT_EQ(whole.num_sentences, profiles[1].num_sentences());
}

// Two shared keys make a candidate only when one of them is rare (held by at most
// rare_key_df documents); three shared keys always do.
TEST(RewriteCandidatesTest, TwoSharedKeysNeedARareOne) {
  const std::vector<std::string> texts = {
      "harbour lantern alpha1x",           // 0: two common keys ...
      "harbour lantern beta2x",            // 1: ... shared with 0 and 2
      "harbour lantern gamma3x",           // 2
      "harbour quarry delta4x",            // 3: a common key and a rare one ...
      "harbour quarry epsilon5x",          // 4: ... shared with 3
      "orchard meadow glacier zeta6x",     // 5: three keys held by 3 documents ...
      "orchard meadow glacier eta7x",      // 6: ... shared with 5 and 7
      "orchard meadow glacier theta8x"};   // 7
  const std::vector<ContentProfile> profiles = Profiles(texts);
  const RewriteCorpus corpus = BuildRewriteCorpus(profiles, {}, nullptr);
  RewriteSettings settings;
  settings.min_cosine = 0.0;
  settings.rare_key_df = 2;  // "quarry" (2 documents) is rare; the others are not
  auto pairs = [&] {
    std::vector<std::pair<uint32_t, uint32_t>> out;
    for (const ScoredPair& p : FindRewriteCandidates(corpus, {}, settings, nullptr, nullptr)) out.push_back({p.a, p.b});
    return out;
  };
  using Pairs = std::vector<std::pair<uint32_t, uint32_t>>;
  EXPECT_EQ(pairs(), (Pairs{{3, 4}, {5, 6}, {5, 7}, {6, 7}}));
  // Every key rare: two shared keys are enough (the rule before rare keys).
  settings.rare_key_df = settings.max_posting_size;
  const Pairs all = pairs();
  for (const auto& p : Pairs{{0, 1}, {0, 2}, {1, 2}, {3, 4}, {5, 6}}) {
    EXPECT_NE(std::find(all.begin(), all.end(), p), all.end()) << p.first << " " << p.second;
  }
  EXPECT_EQ(std::find(all.begin(), all.end(), std::make_pair(0u, 3u)), all.end());  // one shared key
}

// Verification drops a candidate only when its exact cosine is below min_cosine (the
// float pre-filter must never lose a pair), including at a threshold equal to a pair's
// cosine. Every pair of these documents is a candidate, so the reference is all pairs.
TEST(RewriteCandidatesTest, ReportsExactlyThePairsReachingTheThreshold) {
  std::vector<std::string> texts;
  const char* extra[] = {"harbour", "lantern", "quarry", "orchard", "meadow", "glacier"};
  for (int i = 0; i < 20; ++i) {
    std::string t = "weather forecast item" + std::to_string(i) + "x";
    for (int k = 0; k < 6; ++k) {
      if ((i >> (k % 4)) & 1 || i % (k + 2) == 0) t += std::string(" ") + extra[k];
    }
    texts.push_back(t);
  }
  std::vector<ContentProfile> profiles = Profiles(texts);
  RewriteCorpus corpus = BuildRewriteCorpus(profiles, {}, nullptr);
  RewriteSettings settings;
  settings.max_posting_size = 100;
  settings.min_cosine = 0.0;
  const std::vector<ScoredPair> all = FindRewriteCandidates(corpus, {}, settings, nullptr, nullptr);
  ASSERT_EQ(all.size(), 190u);
  // Each cosine is the dot product summed over the shared terms in ascending order, bit
  // for bit, whichever document of the pair found the other.
  for (const ScoredPair& p : all) {
    const DotParts exact = DotWithTop(corpus.vectors[p.a], corpus.vectors[p.b]);
    EXPECT_EQ(p.cosine, exact.dot) << p.a << " " << p.b;
    EXPECT_EQ(p.top_term, exact.top_term) << p.a << " " << p.b;
  }
  std::vector<double> thresholds = {0.1, 0.25, 0.5, 0.75};
  for (const ScoredPair& p : all) {
    if (p.a == 3) thresholds.push_back(p.cosine);  // exactly at some pairs' cosines
  }
  for (double t : thresholds) {
    settings.min_cosine = t;
    std::vector<std::pair<uint32_t, uint32_t>> expected, got;
    for (const ScoredPair& p : all) {
      if (p.cosine >= t) expected.push_back({p.a, p.b});
    }
    for (const ScoredPair& p : FindRewriteCandidates(corpus, {}, settings, nullptr, nullptr)) {
      got.push_back({p.a, p.b});
    }
    EXPECT_EQ(got, expected) << "min_cosine " << t;
  }
}

TEST(RewriteCandidatesTest, SameOutputForAnyThreadCount) {
  std::vector<std::string> texts = Corpus();
  for (int i = 0; i < 300; ++i) {
    texts.push_back(std::string(kUnrelated[i % 6]) + " Item " + std::to_string(i % 17) + " of " +
                    std::to_string(i % 5) + " zoo" + std::to_string(i % 7));
  }
  std::vector<ContentProfile> profiles = Profiles(texts);
  RewriteCorpus one = BuildRewriteCorpus(profiles, {}, nullptr);
  common::ThreadPool pool(3);
  RewriteCorpus many = BuildRewriteCorpus(profiles, {}, &pool);
  std::vector<ScoredPair> x = FindRewriteCandidates(one, {}, {}, nullptr, nullptr);
  std::vector<ScoredPair> y = FindRewriteCandidates(many, {}, {}, &pool, nullptr);
  test_util::ExpectSamePairs(x, y);
}

// Identical texts: every sentence pairs with itself (cosine 1), one run over all of them
// scoring 1 - kPairLocalAlignCosine a sentence, nothing left for a second run; every
// shared term keeps its order.
TEST(PairEvidenceTest, IdenticalTextsAlignCompletely) {
  const PairEvidence e = MeasureTexts(Corpus(), 0, 0);
  EXPECT_NEAR(e.cosine, 1.0, 1e-6);
  EXPECT_DOUBLE_EQ(e.pair_matched_a, 1.0);
  EXPECT_DOUBLE_EQ(e.pair_matched_b, 1.0);
  EXPECT_DOUBLE_EQ(e.pair_aligned_a, 1.0);
  EXPECT_DOUBLE_EQ(e.pair_aligned_b, 1.0);
  EXPECT_NEAR(e.pair_local_align3, 1.0 - kPairLocalAlignCosine, 1e-9);
  EXPECT_DOUBLE_EQ(e.pair_story_order, 1.0);
  EXPECT_DOUBLE_EQ(e.entities, 1.0);
  EXPECT_DOUBLE_EQ(e.length_ratio, 1.0);
  EXPECT_GT(e.rewrite_score, 0.9);
}

TEST(PairEvidenceTest, StoryOrderFollowsTheOrderFactsAreIntroduced) {
  const std::string source = kFourFacts;
  // Reworded and fused, facts in the source's order; and the same facts backwards.
  const std::string same_order =
      "Staff unions polled members on pension changes, and ministers offered talks; March "
      "walkouts loom as hospitals ready emergency cover.";
  const std::string backward =
      "Hospitals readied emergency cover as walkouts loomed for March; ministers offered "
      "staff talks while unions polled members on pension changes.";
  auto order = [](const std::string& a, const std::string& b) {
    std::vector<ContentProfile> profiles = Profiles(WithUnrelated({a, b}));
    RewriteCorpus corpus = BuildRewriteCorpus(profiles, {}, nullptr);
    const SentenceIndex sa = IndexSentences(profiles[0], corpus.vectors[0], corpus.df);
    const SentenceIndex sb = IndexSentences(profiles[1], corpus.vectors[1], corpus.df);
    PairEvidence ab, ba;
    MeasurePairLocal(sa, sb, &ab);
    MeasurePairLocal(sb, sa, &ba);
    EXPECT_DOUBLE_EQ(ab.pair_story_order, ba.pair_story_order);  // symmetric
    return ab.pair_story_order;
  };
  EXPECT_DOUBLE_EQ(order(source, source), 1.0);
  EXPECT_GT(order(source, same_order), 0.75);  // "staff" moved forward
  EXPECT_LT(order(source, backward), 0.5);
}

// A document the DF table was built from has its term ids in its vector; any other is
// indexed by looking its terms up (unknown ones dropped). Both ways give one index.
TEST(SentenceIndexTest, LookedUpTermsGiveTheSameIndexAsTheVectorsIds) {
  const std::vector<ContentProfile> profiles = Profiles(WithUnrelated({kSource, kRewrite}));
  const RewriteCorpus corpus = BuildRewriteCorpus(profiles, {}, nullptr);
  for (size_t d = 0; d < 2; ++d) {
    const SentenceIndex with_ids = IndexSentences(profiles[d], corpus.vectors[d], corpus.df);
    const SentenceIndex looked_up = IndexSentences(profiles[d], TermVector{}, corpus.df);
    EXPECT_EQ(with_ids.num_sentences, 5u);
    ExpectSameIndex(looked_up, with_ids);
    ASSERT_EQ(with_ids.first_position.size(), with_ids.terms.size());
    ASSERT_EQ(with_ids.tf.size(), with_ids.sentence.size());
    for (float tf : with_ids.tf) EXPECT_GE(tf, 1.0f);
    // Terms ascend; each term's sentences ascend; first positions are distinct (one per
    // term, in reading order).
    EXPECT_TRUE(std::is_sorted(with_ids.terms.begin(), with_ids.terms.end()));
    for (size_t k = 0; k + 1 < with_ids.offsets.size(); ++k) {
      EXPECT_TRUE(std::is_sorted(with_ids.sentence.begin() + with_ids.offsets[k],
                                 with_ids.sentence.begin() + with_ids.offsets[k + 1]));
    }
    std::vector<uint32_t> first_order = with_ids.first_position;
    std::sort(first_order.begin(), first_order.end());
    EXPECT_TRUE(std::adjacent_find(first_order.begin(), first_order.end()) == first_order.end());
  }
  // A text outside the table: only its known terms are indexed.
  const std::vector<ContentProfile> outside =
      Profiles({"Chester Zoo directors celebrated with penguins and giraffes."});
  const SentenceIndex partial = IndexSentences(outside[0], corpus.df);
  EXPECT_EQ(partial.num_sentences, 1u);
  EXPECT_FALSE(partial.terms.empty());
  EXPECT_LT(partial.terms.size(), outside[0].terms.size());
  for (uint32_t id : partial.terms) EXPECT_LT(id, corpus.df.num_terms());
}

// A corpus built from profiles it may release frees each profile's term counts once its
// vector holds them; the vectors, and the sentence indices built from the vectors, are
// the same as with the counts kept.
TEST(SentenceIndexTest, ReleasedTermCountsGiveTheSameCorpusAndIndex) {
  const std::vector<std::string> texts = WithUnrelated({kSource, kRewrite});
  const std::vector<ContentProfile> kept = Profiles(texts);
  std::vector<ContentProfile> released = kept;
  std::vector<uint8_t> include(texts.size(), 1);
  include[texts.size() - 2] = 0;
  const RewriteCorpus with_counts = BuildRewriteCorpus(kept, include, nullptr);
  common::ThreadPool pool(2);
  const RewriteCorpus without = BuildRewriteCorpus(&released, include, &pool);
  ASSERT_EQ(without.vectors.size(), with_counts.vectors.size());
  EXPECT_EQ(without.df.num_terms(), with_counts.df.num_terms());
  for (size_t d = 0; d < texts.size(); ++d) {
    EXPECT_EQ(without.vectors[d].terms, with_counts.vectors[d].terms);
    EXPECT_EQ(without.vectors[d].weights, with_counts.vectors[d].weights);
    // Released exactly where the vector holds every term: the excluded document has no
    // vector and keeps its counts.
    ASSERT_FALSE(kept[d].terms.empty());
    EXPECT_EQ(released[d].terms.empty(), include[d] != 0) << d;
    EXPECT_EQ(released[d].sentence_terms, kept[d].sentence_terms);
    if (!include[d]) continue;
    ExpectSameIndex(IndexSentences(released[d], without.vectors[d], without.df),
                    IndexSentences(kept[d], with_counts.vectors[d], with_counts.df));
  }
  // Evidence from released profiles equals evidence from kept ones.
  const PairEvidence x = MeasurePair(kept[0], kept[1], with_counts.vectors[0], with_counts.vectors[1], with_counts.df);
  const PairEvidence y = MeasurePair(released[0], released[1], without.vectors[0], without.vectors[1], without.df);
  EXPECT_EQ(y.rewrite_score, x.rewrite_score);
  EXPECT_EQ(y.pair_aligned_a, x.pair_aligned_a);
  EXPECT_EQ(y.pair_story_order, x.pair_story_order);
  EXPECT_GT(x.pair_aligned_a, 0.0);
  // ReleaseTerms refuses a vector that does not hold every term.
  ContentProfile p = kept[0];
  EXPECT_FALSE(p.ReleaseTerms(p.terms.size() - 1));
  EXPECT_EQ(p.terms.size(), kept[0].terms.size());
  EXPECT_TRUE(p.ReleaseTerms(p.terms.size()));
  EXPECT_TRUE(p.terms.empty());
}

// Story order counts the shared terms few of the pair's sentences hold, in the order each
// document first uses them: 0 with fewer than 3 of them.
TEST(PairLocalTest, StoryOrderNeedsThreeSharedTerms) {
  // One sentence each; a holds terms 1, 2, 9 (first used in that order), b holds 2, 9, 1.
  auto one_sentence = [](std::vector<uint32_t> terms, std::vector<uint32_t> first) {
    SentenceIndex x;
    x.num_sentences = 1;
    x.terms = terms;
    for (uint32_t k = 0; k <= terms.size(); ++k) x.offsets.push_back(k);
    x.sentence.assign(terms.size(), 0);
    x.tf.assign(terms.size(), 1.0f);
    x.first_position = first;
    return x;
  };
  const SentenceIndex a = one_sentence({1, 2, 9}, {0, 1, 2});
  PairEvidence e;
  MeasurePairLocal(a, one_sentence({1, 2, 7}, {1, 0, 2}), &e);
  EXPECT_DOUBLE_EQ(e.pair_story_order, 0.0);  // two shared terms
  MeasurePairLocal(a, one_sentence({1, 2, 9}, {2, 0, 1}), &e);
  EXPECT_NEAR(e.pair_story_order, 2.0 / 3.0, 1e-12);  // 2, 9 in a's order, 1 not
  EXPECT_DOUBLE_EQ(e.pair_aligned_a, 1.0);           // the two sentences are equal
}

TEST(PairEvidenceTest, ParaphraseScoresAboveUnrelatedText) {
  const PairEvidence rewrite = MeasureTexts(Corpus(), 0, 1);
  const PairEvidence unrelated = MeasureTexts(Corpus(), 0, 2);
  EXPECT_GT(rewrite.pair_matched_a, 0.5);
  EXPECT_GT(rewrite.numbers, 0.99);  // 1.4 kept
  EXPECT_GT(rewrite.rewrite_score, unrelated.rewrite_score);
  EXPECT_DOUBLE_EQ(unrelated.pair_aligned_a, 0.0);
}

TEST(TypePairTest, ThresholdDecidesTheRelationAndFeaturesCarryTheEvidence) {
  PairEvidence e;
  e.cosine = 0.6;
  e.rewrite_score = 0.85;
  e.sentences_measured = true;
  RewriteSettings settings;
  settings.rewrite_threshold = 0.8;
  Pair p = TypePair(3, 7, e, settings);
  EXPECT_EQ(p.relation, Relation::kRewrite);
  EXPECT_DOUBLE_EQ(p.score, 0.85);
  EXPECT_EQ(p.a, 3u);
  EXPECT_EQ(p.b, 7u);
  settings.rewrite_threshold = 0.9;
  p = TypePair(3, 7, e, settings);
  EXPECT_EQ(p.relation, Relation::kSameStory);
  EXPECT_DOUBLE_EQ(p.score, 0.6);
  bool has_cosine = false;
  for (const Feature& f : p.features) has_cosine |= f.name == "cosine" && f.value == 0.6;
  EXPECT_TRUE(has_cosine);
}

TEST(IsRewriteTest, NeedsTheScoreAndTheParticularsOfTheSource) {
  PairEvidence e;
  e.rewrite_score = 0.9;
  e.sentences_measured = true;
  e.min_particulars = 10;
  e.particulars = 0.8;
  EXPECT_TRUE(IsRewrite(e, 0.8));
  EXPECT_FALSE(IsRewrite(e, 0.95));  // the score alone decides below the threshold
  e.particulars = kMinParticularShare - 0.01;  // most names and numbers swapped
  EXPECT_FALSE(IsRewrite(e, 0.8));
  e.particulars = kMinParticularShare;
  EXPECT_TRUE(IsRewrite(e, 0.8));
  e.particulars = 0;  // too few particulars to tell: the score decides
  e.min_particulars = kMinParticulars - 1;
  EXPECT_TRUE(IsRewrite(e, 0.8));
  e.sentences_measured = false;  // no score without the sentence evidence
  EXPECT_FALSE(IsRewrite(e, 0.8));
}

// A pair that swaps its particulars is typed from the whole-text evidence alone: the
// same relation as with its sentences measured, and no sentence features or score that
// were not computed.
TEST(MeasurePairOverallTest, IsMeasurePairWithoutTheSentenceEvidence) {
  const std::vector<std::string> texts = WithUnrelated({
      "Harwell Shipping Ltd is issuing 50 mln stg of bonds due 1995, paying 9.5 pct and priced "
      "at 101.25, lead manager Barton Brothers said. Payment is due on April 21.",
      "Quorn Mining Corp is issuing 75 mln dlrs of bonds due 1992, paying 8.25 pct and priced "
      "at 100.75, lead manager Ellis Kemp said. Payment is due on May 3."});
  const PairEvidence full = MeasureTexts(texts, 0, 1);
  ASSERT_TRUE(full.sentences_measured);
  ASSERT_FALSE(KeepsParticulars(full));
  const std::vector<ContentProfile> profiles = Profiles(texts);
  const RewriteCorpus corpus = BuildRewriteCorpus(profiles, {}, nullptr);
  const PairEvidence overall = MeasurePairOverall(profiles[0], profiles[1], corpus.vectors[0], corpus.vectors[1]);
  EXPECT_FALSE(overall.sentences_measured);
  EXPECT_DOUBLE_EQ(overall.cosine, full.cosine);
  EXPECT_DOUBLE_EQ(overall.entities, full.entities);
  EXPECT_DOUBLE_EQ(overall.numbers, full.numbers);
  EXPECT_DOUBLE_EQ(overall.narrative_bigrams, full.narrative_bigrams);
  EXPECT_DOUBLE_EQ(overall.particulars, full.particulars);
  EXPECT_EQ(overall.min_particulars, full.min_particulars);
  EXPECT_DOUBLE_EQ(overall.length_ratio, full.length_ratio);
  RewriteSettings settings;
  settings.rewrite_threshold = 0.0;  // even at threshold 0, swapped particulars decide
  const Pair typed = TypePair(0, 1, overall, settings);
  EXPECT_EQ(typed.relation, Relation::kSameStory);
  EXPECT_EQ(typed.relation, TypePair(0, 1, full, settings).relation);
  std::vector<std::string> names;
  for (const Feature& f : typed.features) names.emplace_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"cosine", "narrative_bigrams", "entities", "numbers", "length_ratio",
                                             "particulars", "min_particulars"}));
}

// Two items written from one template (a bond issue: the same sentences, another issuer,
// manager, amounts and dates) align like a rewrite but swap the particulars; a rewrite of
// one that changes a single fact keeps them.
TEST(IsRewriteTest, TemplateSiblingsAreNotRewritesButAChangedFactIs) {
  const std::string harwell =
      "Harwell Shipping Ltd is issuing 50 mln stg of bonds due 1995, paying 9.5 pct and priced "
      "at 101.25, lead manager Barton Brothers said. The bonds will be listed in Luxembourg and "
      "are available in denominations of 1,000 and 10,000 stg. The selling concession is 1.25 "
      "pct and management and underwriting combined pay 0.625 pct. Payment is due on April 21.";
  const std::string quorn =
      "Quorn Mining Corp is issuing 75 mln dlrs of bonds due 1992, paying 8.25 pct and priced "
      "at 100.75, lead manager Ellis Kemp said. The bonds will be listed in Luxembourg and are "
      "available in denominations of 5,000 dlrs. The selling concession is 1.5 pct and "
      "management and underwriting combined pay 0.5 pct. Payment is due on May 3.";
  const std::string harwell_changed =
      "Barton Brothers, the lead manager, said Harwell Shipping Ltd is issuing 50 mln stg of "
      "bonds due 1995 with a 9.75 pct coupon, priced at 101.25. The bonds come in denominations "
      "of 1,000 and 10,000 stg and will be listed in Luxembourg. Selling concession is 1.25 pct, "
      "with 0.625 pct for management and underwriting combined. Payment is due on April 21.";
  const std::vector<std::string> texts = WithUnrelated({harwell, quorn, harwell_changed});
  RewriteSettings settings;
  const PairEvidence siblings = MeasureTexts(texts, 0, 1);
  ASSERT_GE(siblings.rewrite_score, settings.rewrite_threshold);  // the case the rule is for
  EXPECT_GE(siblings.min_particulars, kMinParticulars);
  EXPECT_LT(siblings.particulars, kMinParticularShare);
  EXPECT_EQ(TypePair(0, 1, siblings, settings).relation, Relation::kSameStory);
  const PairEvidence changed = MeasureTexts(texts, 0, 2);
  EXPECT_GT(changed.particulars, 0.8);
  EXPECT_EQ(TypePair(0, 2, changed, settings).relation, Relation::kRewrite);
}

// The model's weight on matched_min/max is negative since local_align2 joined it (matched
// sentences are evidence through the runs they form, counted by local_align2), so the
// score is held to rise with order and runs, not with matches alone.
TEST(RewriteScoreTest, RisesWithAlignment) {
  // The side aligned the most (the smaller side's share; a condensed rewrite aligns all of
  // it), then runs of consecutive sentences, then the story order.
  PairEvidence low, high;
  low.pair_matched_a = low.pair_matched_b = high.pair_matched_a = high.pair_matched_b = 0.5;
  low.pair_aligned_a = low.pair_aligned_b = 0.2;
  high.pair_aligned_a = 0.2;
  high.pair_aligned_b = 0.8;
  EXPECT_LT(RewriteScore(low), RewriteScore(high));
  PairEvidence runs = high;
  runs.pair_local_align3 = 0.3;
  EXPECT_LT(RewriteScore(high), RewriteScore(runs));
  PairEvidence ordered = runs;
  ordered.pair_story_order = 0.9;
  EXPECT_LT(RewriteScore(runs), RewriteScore(ordered));
  // The corpus-IDF evidence is reported, not scored.
  PairEvidence corpus_side = ordered;
  corpus_side.cosine = 0.9;
  corpus_side.entities = corpus_side.numbers = corpus_side.narrative_bigrams = 0.0;
  EXPECT_EQ(RewriteScore(corpus_side), RewriteScore(ordered));
  EXPECT_GT(RewriteScore(low), 0.0);
  EXPECT_LT(RewriteScore(ordered), 1.0);
}

// The pair-local evidence of a pair does not depend on the documents scanned with it:
// the source and its paraphrase measured among unrelated texts, and in a corpus that is
// mostly copies of the source (where corpus IDF weighs the story's own words down), give
// the same pair_* values and rewrite score, bit for bit; the corpus-IDF cosine moves.
TEST(PairLocalTest, EvidenceIsTheSameInAnyCorpus) {
  std::vector<std::string> mixed = {kSource, kRewrite};
  for (const char* t : kUnrelated) mixed.push_back(t);
  std::vector<std::string> story = {kSource, kRewrite};
  for (int k = 0; k < 4; ++k) story.push_back(std::string(kSource) + " Copy " + std::to_string(k) + ".");
  story.push_back(kUnrelated[0]);
  const PairEvidence x = MeasureTexts(mixed, 0, 1);
  const PairEvidence y = MeasureTexts(story, 0, 1);
  EXPECT_NE(x.cosine, y.cosine);
  EXPECT_EQ(x.pair_matched_a, y.pair_matched_a);
  EXPECT_EQ(x.pair_matched_b, y.pair_matched_b);
  EXPECT_EQ(x.pair_aligned_a, y.pair_aligned_a);
  EXPECT_EQ(x.pair_aligned_b, y.pair_aligned_b);
  EXPECT_EQ(x.pair_local_align3, y.pair_local_align3);
  EXPECT_EQ(x.pair_story_order, y.pair_story_order);
  EXPECT_EQ(x.rewrite_score, y.rewrite_score);
  // The paraphrase renders the source sentence by sentence, in order (all but the headline).
  EXPECT_DOUBLE_EQ(x.pair_aligned_a, 0.8);
  EXPECT_GT(x.pair_story_order, 0.5);
  EXPECT_GE(x.rewrite_score, 0.8);
}

// Reversed sentence order: each sentence still has its match, one sentence aligns in
// order, and the story order of the shared terms is lost.
TEST(PairLocalTest, ReorderedSentencesMatchButDoNotAlign) {
  const std::string backward =
      "Hospitals prepared emergency cover. Walkouts were planned for March. "
      "Ministers promised talks with staff. Unions balloted members over pension plans.";
  const PairEvidence e = MeasureTexts({kFourFacts, backward}, 0, 1);
  EXPECT_DOUBLE_EQ(e.pair_matched_a, 1.0);
  EXPECT_DOUBLE_EQ(e.pair_matched_b, 1.0);
  EXPECT_DOUBLE_EQ(e.pair_aligned_a, 0.25);
  EXPECT_LT(e.pair_story_order, 0.5);
  EXPECT_NEAR(e.pair_local_align3, 3 * (1.0 - kPairLocalAlignCosine) / 4, 1e-9);  // three one-sentence runs
}

// A rows x cols matrix with `value` at the given (row, col) cells and 0 elsewhere.
// Threshold and gap of these tests (the shipped ones are kPairLocalAlignCosine and
// kPairLocalAlignGap).
constexpr double kLocalAlignCosine = 0.25;
constexpr double kLocalAlignGap = 0.1;
// The best and the second run (0 when there is none).
struct LocalAlignmentScores {
  double best = 0;
  double second = 0;
};
LocalAlignmentScores LocalAlignments(const double* sim, uint32_t rows, uint32_t cols) {
  std::vector<double> runs;
  doppel::match::LocalAlignments(sim, rows, cols, kLocalAlignCosine, kLocalAlignGap, 2, &runs);
  EXPECT_LE(runs.size(), 2u);
  return {runs.size() > 0 ? runs[0] : 0.0, runs.size() > 1 ? runs[1] : 0.0};
}

std::vector<double> Matrix(uint32_t rows, uint32_t cols, std::initializer_list<std::pair<uint32_t, uint32_t>> cells,
                           double value = 1.0) {
  std::vector<double> m(static_cast<size_t>(rows) * cols, 0.0);
  for (const auto& [i, j] : cells) m[static_cast<size_t>(i) * cols + j] = value;
  return m;
}

TEST(LocalAlignmentsTest, ADiagonalRunScoresItsLengthMinusTheThreshold) {
  // Three consecutive sentence pairs of cosine 1: 3 x (1 - 0.25); nothing is left for a
  // second alignment once their rows and columns are used.
  const std::vector<double> m = Matrix(3, 3, {{0, 0}, {1, 1}, {2, 2}});
  const LocalAlignmentScores s = LocalAlignments(m.data(), 3, 3);
  EXPECT_DOUBLE_EQ(s.best, 3 * (1 - kLocalAlignCosine));
  EXPECT_DOUBLE_EQ(s.second, 0.0);
}

TEST(LocalAlignmentsTest, ASkippedSentenceCostsTheGap) {
  // b inserts a sentence after its first: the run goes on across it.
  const std::vector<double> m = Matrix(3, 4, {{0, 0}, {1, 2}, {2, 3}});
  const LocalAlignmentScores s = LocalAlignments(m.data(), 3, 4);
  EXPECT_NEAR(s.best, 3 * (1 - kLocalAlignCosine) - kLocalAlignGap, 1e-12);
  EXPECT_DOUBLE_EQ(s.second, 0.0);
}

TEST(LocalAlignmentsTest, AMovedBlockGivesTwoRuns) {
  // a's first three sentences are b's last three (cosine 1) and a's last three b's first
  // three (cosine 0.85): a rewrite that moved a block. An order-preserving alignment keeps
  // one block; best + second keep both.
  std::vector<double> m = Matrix(6, 6, {{0, 3}, {1, 4}, {2, 5}});
  for (uint32_t k = 0; k < 3; ++k) m[(3 + k) * 6 + k] = 0.85;
  const LocalAlignmentScores s = LocalAlignments(m.data(), 6, 6);
  EXPECT_DOUBLE_EQ(s.best, 3 * (1 - kLocalAlignCosine));
  EXPECT_NEAR(s.second, 3 * (0.85 - kLocalAlignCosine), 1e-6);
}

TEST(LocalAlignmentsTest, TwoRunsInOrderTooFarApartToBridge) {
  // Two runs of two in order, eight unmatched sentences apart on both sides: bridging them
  // costs 16 gaps (1.6; a skipped sentence on each side, 0.2, is cheaper than an unmatched
  // pair on the diagonal, 0.25), more than a run of two brings (1.5), so they are two
  // alignments: the first found is the best, the other the second. (Seven apart, 1.4,
  // would bridge: one alignment of 1.6.)
  const std::vector<double> m = Matrix(12, 12, {{0, 0}, {1, 1}, {10, 10}, {11, 11}});
  const LocalAlignmentScores s = LocalAlignments(m.data(), 12, 12);
  EXPECT_DOUBLE_EQ(s.best, 2 * (1 - kLocalAlignCosine));
  EXPECT_DOUBLE_EQ(s.second, 2 * (1 - kLocalAlignCosine));
}

// Three blocks in another order: three runs, found best first; asking for fewer stops early.
TEST(LocalAlignmentsTest, EachMovedBlockIsARun) {
  // a's sentences 0-2 are b's 9-11 (cosine 1), a's 3-5 are b's 3-5 (0.9) and a's 6-8 are
  // b's 0-2 (0.8): no path runs from one block into another.
  std::vector<double> m = Matrix(9, 12, {{0, 9}, {1, 10}, {2, 11}});
  for (uint32_t k = 0; k < 3; ++k) m[(3 + k) * 12 + 3 + k] = 0.9;
  for (uint32_t k = 0; k < 3; ++k) m[(6 + k) * 12 + k] = 0.8;
  std::vector<double> runs = {7.0};  // cleared first
  doppel::match::LocalAlignments(m.data(), 9, 12, kLocalAlignCosine, kLocalAlignGap, 5, &runs);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_NEAR(runs[0], 3 * (1 - kLocalAlignCosine), 1e-12);
  EXPECT_NEAR(runs[1], 3 * (0.9 - kLocalAlignCosine), 1e-12);
  EXPECT_NEAR(runs[2], 3 * (0.8 - kLocalAlignCosine), 1e-12);
  doppel::match::LocalAlignments(m.data(), 9, 12, kLocalAlignCosine, kLocalAlignGap, 1, &runs);
  EXPECT_EQ(runs.size(), 1u);
}

TEST(LocalAlignmentsTest, EmptyOrWeakMatricesScoreZero) {
  LocalAlignmentScores s = LocalAlignments(nullptr, 0, 5);
  EXPECT_EQ(s.best, 0.0);
  EXPECT_EQ(s.second, 0.0);
  const std::vector<double> weak(12, 0.2);  // every similarity under the threshold
  s = LocalAlignments(weak.data(), 3, 4);
  EXPECT_EQ(s.best, 0.0);
  EXPECT_EQ(s.second, 0.0);
}

}  // namespace
}  // namespace doppel::match

// Content profiles: what of a document survives paraphrase.
//
// An LLM or content-farm rewrite replaces almost every phrase of its source (word 5-gram
// Jaccard 0.00-0.11) but keeps its facts, names, numbers, short quotes and story order.
// A profile keeps exactly those, per document, computed once and in parallel:
//  - content terms: stems (Snowball English) of the words that are not stop words, with
//    counts; weighted later by corpus document frequency (DfTable) into TF-IDF vectors;
//  - fact atoms: named-entity atoms (words capitalised in the original text that do not
//    start a sentence, outside upper-case headline lines) and numbers (digit runs with
//    their inner separators: "155,221" and "1.4" are one atom each);
//  - narrative bigrams: adjacent content stems in one sentence, both outside quotations.
//    Two outlets reporting one event independently share the speaker's quotes, not the
//    narrative wording between them, so quotations are left out of this evidence;
//  - sentences: the content terms of each sentence, for sentence alignment (a rewrite
//    keeps the order of its source's story, an independent report does not).
// Hashes and the normalisation used here are part of the index format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace doppel::text {
class Stemmer;
}

namespace doppel::match {

struct ContentProfile {
  // The content terms (stem hashes, TermHash), ascending, unique. Numbers are not terms
  // (they are fact atoms). How often each occurs is not stored twice: it is the count of
  // its index in sentence_terms (CountTerms). (The profiles of the 100k bench corpus hold
  // 25.8 M terms until the TF-IDF vectors are built: 8 bytes each instead of 12 with their
  // counts took the heap in use after the profiles 852 -> 748 MB.) Empty after ReleaseTerms.
  std::vector<uint64_t> terms;
  // Sorted unique 32-bit hashes.
  std::vector<uint32_t> entities;
  std::vector<uint32_t> numbers;
  std::vector<uint32_t> narrative_bigrams;
  // Content terms sentence after sentence, as indices into `terms`; sentence s is
  // sentence_terms[sentence_ends[s - 1], sentence_ends[s]) (from 0 for s = 0).
  std::vector<uint32_t> sentence_terms;
  std::vector<uint32_t> sentence_ends;
  // Word tokens in the text (stop words and numbers included).
  uint32_t num_words = 0;

  size_t num_sentences() const { return sentence_ends.size(); }
  // counts[k]: how often terms[k] occurs (its index's occurrences in sentence_terms).
  void CountTerms(std::vector<uint32_t>* counts) const;
  // Frees `terms` once a TF-IDF vector holds every one of them (vector_size ==
  // terms.size(): the vector's k-th term is terms[k], so sentence_terms index it); returns
  // whether it did. Sentence indices are then built from that vector (IndexSentences).
  bool ReleaseTerms(size_t vector_size);
  // Frees sentence_terms once a SentenceIndex built from them (IndexSentences) stands for
  // them; sentence_ends stay. Reading them after this (CountTerms, IndexSentences) is an
  // error: the caller keeps the index.
  void ReleaseSentenceTerms();
  // Heap bytes held.
  size_t MemoryBytes() const;
};

// Hash of a content term (a stem); the key of DfTable and of the candidate index.
uint64_t TermHash(std::string_view stem);

// The profile of `text`: a document's text after cleaning, in its original case (valid
// UTF-8). Thread-safe given one stemmer per thread.
ContentProfile BuildProfile(std::string_view text, text::Stemmer* stemmer);

}  // namespace doppel::match

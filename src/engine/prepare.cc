// Preparation: cleaning, normalisation, words, shingles and MinHash signatures.
#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <span>

#include "clean/cleaner.h"
#include "clean/repeats.h"
#include "engine/scan_state.h"
#include "index/candidates.h"
#include "shingle/shingler.h"
#include "sketch/minhash.h"
#include "text/normalize.h"
#include "text/tokenize.h"

namespace doppel::engine {

std::vector<std::vector<Removal>> FindAllRemovals(const std::vector<Document>& docs,
                                                  const CleanOptions& options,
                                                  common::ThreadPool* pool, const ReportFn& report,
                                                  const KeyedWordsFn& on_words) {
  const size_t n = docs.size();
  std::vector<std::vector<Removal>> removals(n);
  if (!options.enabled) return removals;
  // Each document's summary in parallel; only the table updates run in document order.
  // Pass 1 keeps per document what pass 2 needs (its units, their keys and shapes, the
  // sentences it may repeat: ~24 bytes a unit), so pass 2 does not split and key every
  // document again. The line keys and the units are kept in one array per block of
  // documents, not one per document (on the 100k bench corpus the calling thread spent ~25
  // ms freeing 100k key lists after adding them, the pool's threads idle; and freeing 100k
  // unit lists in pass 2 left glibc ~15 ms of sorting the freed blocks into its bins at the
  // next large allocations, on one thread at a time); a block's units are freed once pass 2
  // is done with it. The sentences (rare) stay a list per document.
  constexpr size_t kBlock = 256;
  const size_t num_blocks = (n + kBlock - 1) / kBlock;
  auto block_end = [n](size_t block) { return std::min(n, (block + 1) * kBlock); };
  // Where document d's part of its block's array starts, from the parts' ends.
  auto begin_in_block = [](const std::vector<size_t>& ends, size_t d) { return d % kBlock == 0 ? 0 : ends[d - 1]; };
  std::vector<clean::CorpusLineStats::Sketch> sketches(n);
  std::vector<std::vector<uint64_t>> block_keys(num_blocks);
  std::vector<size_t> keys_end(n);  // in its block's array
  std::vector<std::vector<clean::CleanCache::UnitEntry>> block_units(num_blocks);
  std::vector<size_t> units_end(n);  // in its block's array
  std::vector<std::vector<clean::CleanCache::Sentence>> sentences(n);
  // The table takes the documents in input order (Add is order-dependent: first
  // occurrences), a block at a time as soon as it and every block before it are
  // summarised, by whichever thread finishes such a block and finds the table free; the
  // blocks left when the loop ends are added after it. (Adding them all after the loop
  // was ~6 ms of the calling thread alone, two threads, 100k bench corpus.)
  clean::CorpusLineStats stats;
  const std::unique_ptr<std::atomic<bool>[]> summarized(new std::atomic<bool>[num_blocks]);
  for (size_t block = 0; block < num_blocks; ++block) summarized[block].store(false, std::memory_order_relaxed);
  std::mutex adding;
  size_t next_to_add = 0;  // guarded by `adding`
  auto add_ready_blocks = [&](std::unique_lock<std::mutex> lock) {
    for (; next_to_add < num_blocks && summarized[next_to_add].load(std::memory_order_acquire); ++next_to_add) {
      std::vector<uint64_t>& keys = block_keys[next_to_add];
      for (size_t d = next_to_add * kBlock; d < block_end(next_to_add); ++d) {
        const size_t begin = begin_in_block(keys_end, d);
        stats.Add(sketches[d], keys.data() + begin, keys_end[d] - begin);
      }
      std::vector<uint64_t>().swap(keys);
    }
  };
  pool->ParallelFor(
      num_blocks, 1,
      [&](size_t first_block, size_t last_block) {
        clean::CorpusLineStats::KeyedWords words;
        clean::CleanCache cache;  // one document's, copied into the block's arrays
        size_t d = 0;
        const clean::CorpusLineStats::KeyedWordsHook hook = [&](const clean::CorpusLineStats::KeyedWords& w) {
          return on_words(d, w);
        };
        for (size_t block = first_block; block < last_block; ++block) {
          std::vector<uint64_t>& keys = block_keys[block];
          std::vector<clean::CleanCache::UnitEntry>& units = block_units[block];
          for (d = block * kBlock; d < block_end(block); ++d) {
            sketches[d] = clean::CorpusLineStats::SummarizeInto(
                docs[d].text, options, &cache, on_words ? &words : nullptr,
                on_words ? hook : clean::CorpusLineStats::KeyedWordsHook{}, &keys);
            keys_end[d] = keys.size();
            units.insert(units.end(), cache.units.begin(), cache.units.end());
            units_end[d] = units.size();
            if (!cache.sentences.empty()) sentences[d] = std::move(cache.sentences);
          }
          summarized[block].store(true, std::memory_order_release);
          std::unique_lock<std::mutex> lock(adding, std::try_to_lock);
          if (lock.owns_lock()) add_ready_blocks(std::move(lock));
        }
      },
      [&](size_t done_blocks, size_t) {
        if (report) report("clean: line statistics", std::min(n, done_blocks * kBlock), n);
      });
  add_ready_blocks(std::unique_lock<std::mutex>(adding));
  stats.Finalize(options);
  pool->ParallelFor(
      num_blocks, 1,
      [&](size_t first_block, size_t last_block) {
        for (size_t block = first_block; block < last_block; ++block) {
          const std::vector<clean::CleanCache::UnitEntry>& units = block_units[block];
          for (size_t d = block * kBlock; d < block_end(block); ++d) {
            const size_t begin = begin_in_block(units_end, d);
            removals[d] = clean::FindRemovals(docs[d].text, &stats, options,
                                              std::span(units.data() + begin, units_end[d] - begin), sentences[d]);
          }
          std::vector<clean::CleanCache::UnitEntry>().swap(block_units[block]);
        }
      },
      [&](size_t done_blocks, size_t) {
        if (report) report("clean", std::min(n, done_blocks * kBlock), n);
      });
  return removals;
}

void PrepareText(std::string_view cleaned, const Options& opt, const sketch::OnePermutationMinHasher& hasher,
                 PrepareScratch* scratch, Prepared* p, uint64_t* band_keys) {
  // Only the words of the normal form are read here.
  const std::string normalized = text::NormalizeForWords(cleaned, opt.normalize);
  text::TokenizeWords(normalized, &scratch->words);
  PrepareWords(normalized, scratch->words, opt, hasher, scratch, p, band_keys);
}

bool PrepareWords(std::string_view normalized, const std::vector<text::Span>& words, const Options& opt,
                  const sketch::OnePermutationMinHasher& hasher, PrepareScratch* scratch, Prepared* p,
                  uint64_t* band_keys) {
  shingle::HashWords(normalized, words, opt.near.seed, &scratch->word_hashes);
  shingle::ShingleHashes(scratch->word_hashes, opt.near.shingle_size, &scratch->shingle_hashes);
  const std::vector<uint64_t>& word_hashes = scratch->word_hashes;
  const std::vector<uint64_t>& shingle_hashes = scratch->shingle_hashes;
  p->num_words = static_cast<uint32_t>(words.size());
  // The exact key is the word sequence, so spacing and punctuation-only differences do
  // not split exact copies.
  p->exact = XXH3_128bits(word_hashes.data(), word_hashes.size() * sizeof(uint64_t));
  p->shingles.resize(shingle_hashes.size());
  for (size_t i = 0; i < shingle_hashes.size(); ++i) p->shingles[i] = static_cast<uint32_t>(shingle_hashes[i]);
  std::vector<uint32_t>& samples = scratch->samples;
  shingle::SampleShingles(p->shingles, opt.near.containment_sample_mod, &samples);
  p->samples.assign(samples.begin(), samples.end());
  p->samples_low = static_cast<uint32_t>(
      std::count_if(samples.begin(), samples.end(), [](uint32_t x) { return x < kLowSamples; }));
  // The set (sorted, unique) that verification compares, sorted while in cache: sorting
  // only the documents of candidate pairs, later, read cold sets, and this sort also
  // tells whether a shingle repeats (which spares cleaning its search for repeated
  // sentences in most documents).
  shingle::SortShingleSet32(&p->shingles);
  const bool repeats = p->shingles.size() < shingle_hashes.size();
  scratch->signature.resize(static_cast<size_t>(opt.near.num_bands) * opt.near.rows_per_band);
  hasher.Sketch(shingle_hashes.data(), shingle_hashes.size(), scratch->signature.data());
  index::BandKeys(scratch->signature.data(), opt.near.num_bands, opt.near.rows_per_band, band_keys);
  return repeats;
}

void PrepareDocuments(ScanState* s) {
  const Options& opt = s->opt;
  const size_t n = s->n;
  const int num_bands = opt.near.num_bands;
  sketch::OnePermutationMinHasher hasher(num_bands * opt.near.rows_per_band, opt.near.seed);
  s->prepared.assign(n, {});
  s->band_keys.assign(n * static_cast<size_t>(num_bands), 0);
  // Cleaning keys every document's units on the way (clean/text_key.h), and those keys
  // are the words of the default normal form: a document that loses nothing to cleaning
  // (most) is prepared from them, not normalised and tokenised a second time. Its
  // preparation is the same as from its text (tests/unit/engine); one that loses
  // something is prepared again from its cleaned text below.
  std::vector<uint8_t> prepared_early(n, 0);
  KeyedWordsFn on_words;
  if (opt.normalize == NormalizeOptions{}) {
    on_words = [&](size_t d, const clean::CorpusLineStats::KeyedWords& words) {
      // Per thread, kept between scans: keying hands out no words for a text over 1 MB
      // (it releases its own buffers there), so this scratch stays small.
      thread_local PrepareScratch scratch;
      const bool repeats = PrepareWords(words.joined, words.words, opt, hasher, &scratch, &s->prepared[d],
                                        s->band_keys.data() + d * num_bands);
      prepared_early[d] = 1;
      // A run of clean::kMinRepeatWords words that occurs twice repeats every shingle of
      // up to that many words inside it: with no repeated shingle (nor 32-bit value of
      // one), none does.
      return repeats || opt.near.shingle_size > static_cast<int>(clean::kMinRepeatWords);
    };
  }
  s->removals = FindAllRemovals(s->docs, opt.clean, s->pool, s->report, on_words);
  const std::vector<std::vector<Removal>>& removals = s->removals;
  s->boilerplate_bytes.assign(n, 0);
  s->repeated_bytes.assign(n, 0);
  s->pool->ParallelFor(
      n, 64,
      [&](size_t begin, size_t end) {
        PrepareScratch scratch;
        for (size_t d = begin; d < end; ++d) {
          for (const Removal& r : removals[d]) {
            (r.kind == RemovalKind::kRepeated ? s->repeated_bytes : s->boilerplate_bytes)[d] +=
                r.end - r.begin;
          }
          // Most documents lose nothing to cleaning: prepared without a copy.
          if (removals[d].empty() && prepared_early[d]) continue;
          if (removals[d].empty()) {
            PrepareText(s->docs[d].text, opt, hasher, &scratch, &s->prepared[d], s->band_keys.data() + d * num_bands);
          } else {
            PrepareText(clean::ApplyRemovals(s->docs[d].text, removals[d]), opt, hasher, &scratch, &s->prepared[d],
                        s->band_keys.data() + d * num_bands);
          }
        }
      },
      [&](size_t done, size_t total) { s->Report("sketch", done, total); });
  for (size_t d = 0; d < n; ++d) s->stats->bytes_removed += s->boilerplate_bytes[d] + s->repeated_bytes[d];
  for (const Document& d : s->docs) s->stats->bytes_read += d.text.size();
  for (const Prepared& p : s->prepared) {
    s->stats->shingle_set_bytes += (p.shingles.size() + p.samples.size()) * sizeof(uint32_t);
  }
}

}  // namespace doppel::engine

// Candidate generation: documents that share keys (LSH band hashes, sampled shingles,
// rare content terms) become candidate pairs, to be verified before anything is
// accepted. A collision alone never joins two documents.
//
// The keys are turned into an inverted index (postings sorted by key). A pair is kept
// when the number of keys it shares reaches both an absolute minimum and a fraction of
// the smaller document's keys. So two documents that share one sentence by chance are not
// even verified, while an excerpt (which keeps most of its samples) is. Counting every
// shared key would cost the sum of squared posting lengths, and the lists of reused text
// grow with the corpus; prefix filtering ("Scaling Up All Pairs Similarity Search",
// Bayardo, Ma and Srikant, WWW 2007) finds exactly the same pairs and counts while
// probing only each document's rarest keys (see candidates.cc).
//
// Keys shared by very many documents (a boilerplate shingle, a huge bucket of copies)
// would cost quadratic work: a posting list longer than max_posting_size pairs each member
// only with the list's first `star_size` members (in document order), so the work stays
// linear while copies of one text are still connected to a common core.
#pragma once

#include <cstdint>
#include <vector>

namespace doppel::common {
class ThreadPool;
}

namespace doppel::index {

// (key, document) postings; any order. 12 bytes (4-byte aligned): postings are most of
// the index state, which issue #5 bounds per document.
#pragma pack(push, 4)
struct Posting {
  uint64_t key;
  uint32_t doc;
};
#pragma pack(pop)
static_assert(sizeof(Posting) == 12);

struct CandidateOptions {
  // A pair must share at least this many distinct keys ...
  uint32_t min_shared_keys = 1;
  // ... and at least this fraction of the distinct keys of the document with fewer.
  double min_shared_fraction = 0.0;
  // Posting lists longer than this are reduced to stars (see above).
  uint32_t max_posting_size = 1000;
  // Members of the star core.
  uint32_t star_size = 4;
};

struct CandidateStats {
  uint64_t postings = 0;
  uint64_t oversized_lists = 0;  // lists reduced to stars
  uint64_t shared_key_counts = 0;  // pair-key incidences counted (probed or merged)
};

// A candidate: documents a < b sharing `shared` keys.
struct Candidate {
  uint32_t a;
  uint32_t b;
  uint32_t shared;
};

// Candidates among num_docs documents, sorted by (a, b), with their exact shared-key
// counts. Consumes `postings` (reordered in place; its order afterwards is unspecified).
// `pool` may be null (one thread). Deterministic for any thread count.
std::vector<Candidate> CandidatesFromPostings(std::vector<Posting>* postings, uint32_t num_docs,
                                              const CandidateOptions& options,
                                              common::ThreadPool* pool, CandidateStats* stats);

// LSH band keys of one MinHash signature (num_bands x rows_per_band slots): each band of
// rows_per_band slots is hashed with its band number into one key, keys[band]. The keys
// are all banding needs, so an index keeps them instead of the signature (8 bytes a band
// instead of 4 a slot).
void BandKeys(const uint32_t* signature, int num_bands, int rows_per_band, uint64_t* keys);

// Postings of per-document keys (num_docs x keys_per_doc, row-major); documents with
// include[doc] == 0 are left out.
std::vector<Posting> KeyPostings(const std::vector<uint64_t>& keys, int keys_per_doc,
                                 const std::vector<uint8_t>& include);

// LSH banding over MinHash signatures (num_docs x num_slots, row-major): BandKeys of each
// document's signature, as postings. Documents with include[doc] == 0 are left out.
std::vector<Posting> BandPostings(const std::vector<uint32_t>& signatures, int num_slots,
                                  int num_bands, int rows_per_band,
                                  const std::vector<uint8_t>& include);

}  // namespace doppel::index

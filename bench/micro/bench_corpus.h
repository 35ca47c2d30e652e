// Generated, news-like text for the micro-benchmarks (no shared data needed).
//
// The generator imitates the structure of ../shared/bench/make_corpus.py, which the
// end-to-end benchmark uses, so that per-stage numbers transfer:
//  - a vocabulary of made-up words with Zipf-distributed frequencies (s = 1.07, as in
//    English), capitalised sentence starts and names, numbers ("3.5", "1,200", "2024"),
//    commas, quotes, a small share of non-ASCII text (curly quotes, dashes, accented
//    letters: about 0.5% of characters, as in English news);
//  - documents are runs of sentences drawn from a fixed POOL of sentences (as the shared
//    corpus draws real news sentences from one pool), so unrelated documents share a
//    sentence now and then: the case that stresses candidate generation;
//  - paragraphs of 2-5 sentences separated by a blank line, about 520 words a document;
//  - 30% of documents are derived from an earlier one by light word edits, paragraph
//    reordering, cropping or an added boilerplate block (the same few template lines
//    recur across the corpus, so the cleaner has corpus boilerplate to find).
//
// Deterministic: a fixed seed and our own integer generator (std:: distributions are not
// portable), so every machine benchmarks the same bytes.
//
// Set DOPPEL_BENCH_DOCS to a make_corpus.py docs.tsv (e.g. bench/e2e/work/nc10k/docs.tsv)
// to benchmark that corpus instead; the file is read, never copied.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace doppel::bench {

// splitmix64: small, fast, identical everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound).
  uint32_t Below(uint32_t bound) {
    return static_cast<uint32_t>((static_cast<unsigned __int128>(Next() >> 32) * bound) >> 32);
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

struct Corpus {
  std::vector<std::string> docs;
  // Index of the document each one was derived from, or -1 for an original.
  std::vector<int64_t> parent;
  uint64_t total_bytes = 0;
  std::string source;  // "generated" or the docs.tsv path
};

namespace internal {

inline constexpr int kVocabularySize = 30000;
inline constexpr int kPoolSentences = 90000;
inline constexpr int kWordsPerDoc = 520;
inline constexpr double kDerivedShare = 0.3;

inline std::vector<std::string> MakeVocabulary(Rng* rng) {
  static const char* kOnsets[] = {"b",  "c",  "d",  "f",  "g",  "h",  "j",  "k",  "l",
                                  "m",  "n",  "p",  "r",  "s",  "t",  "v",  "w",  "z",
                                  "br", "ch", "cl", "cr", "dr", "fl", "gr", "pl", "pr",
                                  "sh", "sl", "sp", "st", "str", "th", "tr", ""};
  static const char* kVowels[] = {"a", "e", "i", "o", "u", "ea", "ou", "ai", "io", "y"};
  static const char* kCodas[] = {"", "", "", "n", "r", "s", "t", "l", "nd", "st", "ng", "ck"};
  std::vector<std::string> words;
  words.reserve(kVocabularySize);
  while (static_cast<int>(words.size()) < kVocabularySize) {
    // Frequent words are short, as in natural language.
    const size_t rank = words.size();
    const int syllables = rank < 100 ? 1 : rank < 3000 ? 1 + static_cast<int>(rng->Below(2))
                                                       : 2 + static_cast<int>(rng->Below(2));
    std::string w;
    for (int s = 0; s < syllables; ++s) {
      w += kOnsets[rng->Below(sizeof kOnsets / sizeof *kOnsets)];
      w += kVowels[rng->Below(sizeof kVowels / sizeof *kVowels)];
    }
    w += kCodas[rng->Below(sizeof kCodas / sizeof *kCodas)];
    words.push_back(std::move(w));
  }
  return words;
}

// One sentence of 6-34 words.
inline std::string MakeSentence(const std::vector<std::string>& vocab,
                                const std::vector<double>& zipf_cdf, Rng* rng) {
  const int length = 6 + static_cast<int>(rng->Below(15)) + static_cast<int>(rng->Below(15));
  std::string s;
  bool quoted = rng->Below(10) == 0;
  bool curly = quoted && rng->Below(3) == 0;
  if (quoted) s += curly ? "\u201c" : "\"";
  for (int i = 0; i < length; ++i) {
    if (i > 0) s += ' ';
    const uint32_t roll = rng->Below(1000);
    std::string w;
    if (roll < 25) {
      // Numbers: years, amounts, decimals.
      switch (rng->Below(3)) {
        case 0: w = std::to_string(1990 + rng->Below(36)); break;
        case 1: w = std::to_string(1 + rng->Below(999)) + "," + std::to_string(100 + rng->Below(900)); break;
        default: w = std::to_string(rng->Below(100)) + "." + std::to_string(rng->Below(10)); break;
      }
    } else {
      const double u = rng->Unit();
      const size_t rank = std::lower_bound(zipf_cdf.begin(), zipf_cdf.end(), u) - zipf_cdf.begin();
      w = vocab[std::min(rank, vocab.size() - 1)];
      if (i == 0 || roll < 80) w[0] = static_cast<char>(w[0] - 'a' + 'A');  // names
      if (roll >= 80 && roll < 84) w += "\u00e9";                          // accented name
    }
    s += w;
    if (i + 1 < length && rng->Below(12) == 0) s += ',';
    if (i + 1 < length && rng->Below(200) == 0) s += " \u2014";
  }
  s += rng->Below(20) == 0 ? "?" : ".";
  if (quoted) s += curly ? "\u201d" : "\"";
  return s;
}

inline std::vector<std::string> SplitParagraphs(const std::string& doc) {
  std::vector<std::string> paras;
  size_t pos = 0;
  while (pos <= doc.size()) {
    size_t end = doc.find("\n\n", pos);
    if (end == std::string::npos) end = doc.size();
    if (end > pos) paras.push_back(doc.substr(pos, end - pos));
    pos = end + 2;
  }
  return paras;
}

inline std::string JoinParagraphs(const std::vector<std::string>& paras) {
  std::string out;
  for (size_t i = 0; i < paras.size(); ++i) {
    if (i) out += "\n\n";
    out += paras[i];
  }
  return out;
}

// A derived copy: light word edits, paragraph reordering, cropping or boilerplate.
inline std::string Derive(const std::string& source, const std::vector<std::string>& vocab,
                          const std::vector<std::string>& boilerplate, Rng* rng) {
  std::vector<std::string> paras = SplitParagraphs(source);
  switch (rng->Below(4)) {
    case 0: {  // light edit: replace 1-4% of the words
      const double rate = 0.01 + 0.03 * rng->Unit();
      for (std::string& p : paras) {
        std::string out;
        size_t pos = 0;
        while (pos < p.size()) {
          size_t end = p.find(' ', pos);
          if (end == std::string::npos) end = p.size();
          std::string word = p.substr(pos, end - pos);
          if (rng->Unit() < rate) word = vocab[rng->Below(static_cast<uint32_t>(vocab.size()))];
          if (!out.empty()) out += ' ';
          out += word;
          pos = end + 1;
        }
        p = out;
      }
      break;
    }
    case 1:  // reorder paragraphs
      for (size_t i = paras.size(); i > 1; --i) std::swap(paras[i - 1], paras[rng->Below(i)]);
      break;
    case 2:  // crop the first or last paragraph
      if (paras.size() > 2) {
        if (rng->Below(2)) paras.erase(paras.begin()); else paras.pop_back();
      }
      break;
    default: {  // template furniture at the top and bottom
      const uint32_t b = rng->Below(static_cast<uint32_t>(boilerplate.size() - 2));
      paras.insert(paras.begin(), boilerplate[b]);
      paras.push_back(boilerplate[b + 1] + "\n" + boilerplate[b + 2]);
      break;
    }
  }
  return JoinParagraphs(paras);
}

inline Corpus ReadDocsTsv(const char* path, size_t max_docs) {
  Corpus c;
  c.source = path;
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "DOPPEL_BENCH_DOCS=%s cannot be read\n", path);
    std::exit(2);
  }
  std::string line;
  while (c.docs.size() < max_docs && std::getline(in, line)) {
    const size_t tab = line.find('\t');
    c.docs.push_back(tab == std::string::npos ? line : line.substr(tab + 1));
    c.parent.push_back(-1);  // unknown here
    c.total_bytes += c.docs.back().size();
  }
  return c;
}

}  // namespace internal

// `num_docs` documents (the first num_docs of one fixed sequence, so a smaller corpus is a
// prefix of a larger one).
inline Corpus MakeCorpus(size_t num_docs) {
  using namespace internal;
  if (const char* path = std::getenv("DOPPEL_BENCH_DOCS"); path != nullptr && *path) {
    return ReadDocsTsv(path, num_docs);
  }
  Rng rng(0x62656e6368ull);  // "bench"
  const std::vector<std::string> vocab = MakeVocabulary(&rng);
  std::vector<double> zipf_cdf(vocab.size());
  double sum = 0;
  for (size_t r = 0; r < vocab.size(); ++r) sum += 1.0 / std::pow(static_cast<double>(r + 1), 1.07);
  double acc = 0;
  for (size_t r = 0; r < vocab.size(); ++r) {
    acc += 1.0 / std::pow(static_cast<double>(r + 1), 1.07) / sum;
    zipf_cdf[r] = acc;
  }
  std::vector<std::string> pool;
  pool.reserve(kPoolSentences);
  for (int i = 0; i < kPoolSentences; ++i) pool.push_back(MakeSentence(vocab, zipf_cdf, &rng));
  std::vector<std::string> boilerplate;
  for (int i = 0; i < 12; ++i) {
    std::string line;
    const int words = 2 + static_cast<int>(rng.Below(6));
    for (int w = 0; w < words; ++w) {
      if (w) line += ' ';
      std::string word = vocab[rng.Below(2000)];
      word[0] = static_cast<char>(word[0] - 'a' + 'A');
      line += word;
    }
    if (i % 3 == 0) line += " | " + vocab[rng.Below(500)] + " \u00a9 2024";
    boilerplate.push_back(line);
  }

  Corpus c;
  c.source = "generated";
  c.docs.reserve(num_docs);
  for (size_t d = 0; d < num_docs; ++d) {
    if (d >= 10 && rng.Unit() < kDerivedShare) {
      const size_t src = rng.Below(static_cast<uint32_t>(d));
      c.docs.push_back(Derive(c.docs[src], vocab, boilerplate, &rng));
      c.parent.push_back(static_cast<int64_t>(src));
    } else {
      std::vector<std::string> paras;
      int words = 0;
      while (words < kWordsPerDoc) {
        std::string para;
        const int sentences = 2 + static_cast<int>(rng.Below(4));
        for (int s = 0; s < sentences && words < kWordsPerDoc; ++s) {
          const std::string& sentence = pool[rng.Below(kPoolSentences)];
          if (!para.empty()) para += ' ';
          para += sentence;
          words += static_cast<int>(std::count(sentence.begin(), sentence.end(), ' ')) + 1;
        }
        paras.push_back(std::move(para));
      }
      c.docs.push_back(JoinParagraphs(paras));
      c.parent.push_back(-1);
    }
    c.total_bytes += c.docs.back().size();
  }
  return c;
}

// A cached corpus per size (benchmarks at several sizes share the generation).
inline const Corpus& CachedCorpus(size_t num_docs) {
  static std::vector<std::pair<size_t, Corpus*>> cache;
  for (auto& [n, c] : cache) {
    if (n == num_docs) return *c;
  }
  cache.emplace_back(num_docs, new Corpus(MakeCorpus(num_docs)));
  return *cache.back().second;
}

}  // namespace doppel::bench

#include "text/stopwords.h"

#include <array>
#include <cstdint>

namespace doppel::text {
namespace {

constexpr std::string_view kStopwords[] = {
    // Snowball English stop list (without contractions).
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
    "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its",
    "itself", "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom",
    "this", "that", "these", "those", "am", "is", "are", "was", "were", "be", "been", "being",
    "have", "has", "had", "having", "do", "does", "did", "doing", "would", "should", "could",
    "ought", "cannot", "a", "an", "the", "and", "but", "if", "or", "because", "as", "until",
    "while", "of", "at", "by", "for", "with", "about", "against", "between", "into", "through",
    "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on",
    "off", "over", "under", "again", "further", "then", "once", "here", "there", "when", "where",
    "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such",
    "no", "nor", "not", "only", "own", "same", "so", "than", "too", "very",
    // Pieces of contractions cut at the apostrophe.
    "s", "t", "d", "ll", "m", "re", "ve", "isn", "aren", "wasn", "weren", "hasn", "haven", "hadn",
    "doesn", "don", "didn", "wouldn", "shan", "shouldn", "couldn", "mustn",
    // Modals.
    "can", "will"};

constexpr size_t kNumStopwords = sizeof(kStopwords) / sizeof(kStopwords[0]);
constexpr size_t kTableSize = 512;  // a power of two, about 3x the list: short probes
constexpr size_t kMaxStopwordBytes = 10;

// FNV-1a, 32 bits.
constexpr uint32_t Hash(std::string_view word) {
  uint32_t h = 2166136261u;
  for (char c : word) {
    h ^= static_cast<uint8_t>(c);
    h *= 16777619u;
  }
  return h;
}

// Open addressing with linear probing; slot value = index into kStopwords + 1, 0 = empty.
constexpr std::array<uint8_t, kTableSize> BuildTable() {
  static_assert(kNumStopwords < 255);
  std::array<uint8_t, kTableSize> table{};
  for (size_t k = 0; k < kNumStopwords; ++k) {
    size_t slot = Hash(kStopwords[k]) & (kTableSize - 1);
    while (table[slot] != 0) slot = (slot + 1) & (kTableSize - 1);
    table[slot] = static_cast<uint8_t>(k + 1);
  }
  return table;
}

constexpr std::array<uint8_t, kTableSize> kTable = BuildTable();

constexpr bool NoDuplicates() {
  for (size_t a = 0; a < kNumStopwords; ++a) {
    if (kStopwords[a].size() > kMaxStopwordBytes) return false;
    for (size_t b = a + 1; b < kNumStopwords; ++b) {
      if (kStopwords[a] == kStopwords[b]) return false;
    }
  }
  return true;
}
static_assert(NoDuplicates(), "duplicate or over-long stop word");

}  // namespace

bool IsStopword(std::string_view lower_word) {
  if (lower_word.empty() || lower_word.size() > kMaxStopwordBytes) return false;
  size_t slot = Hash(lower_word) & (kTableSize - 1);
  while (uint8_t entry = kTable[slot]) {
    if (kStopwords[entry - 1] == lower_word) return true;
    slot = (slot + 1) & (kTableSize - 1);
  }
  return false;
}

}  // namespace doppel::text

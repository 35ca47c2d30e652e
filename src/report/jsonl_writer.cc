// JSONL writers for pairs, clusters and cleaned documents (docs/output-schema.md).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/round.h"
#include "common/thread_pool.h"
#include "doppel/report.h"

namespace doppel {
namespace {

using Json = nlohmann::ordered_json;

using common::Round4;

// The text nlohmann::json::dump gives a JSON value, with invalid UTF-8 replaced.
std::string Dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

void WriteLine(const Json& row, std::ostream& out) { out << Dump(row) << '\n'; }

// Dump of a string: an id of printable ASCII without a quote or a backslash (nearly all)
// is itself in quotes, written directly; any other goes through Json (escapes, and
// invalid UTF-8 replaced). A Json value per id was a fifth of writing the pairs.
std::string DumpString(const std::string& s) {
  const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0x20 && b < 0x7F && b != '"' && b != '\\';
  });
  if (!plain) return Dump(s);
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  out.append(s);
  out.push_back('"');
  return out;
}

Status Finish(std::ostream& out, const char* what) {
  out.flush();
  if (!out) return IoError(std::string("could not write ") + what);
  return Status::Ok();
}

// A pairs file repeats the same ids, feature names and 4-decimal numbers many times:
// each is formatted once (as nlohmann::json would: the output is the same bytes as a
// Json object per row) and then copied. The numbers k / 10^4 in [0, 1] and the ids of
// the documents the pairs name are formatted up front and shared; names are cached per
// formatter.
class PairLineFormatter {
 public:
  // A number k / 10^4 as JSON text, padded to 8 bytes (the longest is "0.0001").
  struct Number {
    std::array<char, 8> bytes{};
    uint8_t size = 0;
  };

  // `ids`: the JSON text of each document the pairs name, at slot[document].
  PairLineFormatter(const std::vector<uint32_t>& slot, const std::vector<std::string>& ids,
                    const std::vector<Number>& numbers)
      : slot_(slot), ids_(ids), numbers_(numbers) {}

  // Appends the pair's line to *block. The line is written into a scratch buffer through a
  // cursor, the recurring pieces (feature names, relation, numbers) as fixed-size copies of
  // padded texts, and appended once: appending a dozen small strings to the block per
  // feature was 0.8 us a pair (METER + Reuters: 52,000 pairs, 21 ms with two threads).
  void Format(const Pair& p, std::string* block) {
    const std::string& id_a = ids_[slot_[p.a]];
    const std::string& id_b = ids_[slot_[p.b]];
    // Room: the ids, the fixed pieces, and per feature a prefix and a number (either at
    // most kPieceBytes, or a text copied whole: counted at its size).
    size_t room = id_a.size() + id_b.size() + 160 + p.features.size() * (2 * kPieceBytes);
    for (const Feature& f : p.features) room += f.name.size();
    if (line_.size() < room + kPieceBytes) line_.resize(room + kPieceBytes);
    char* cur = line_.data();
    auto put = [&cur](const char* text, size_t size) {
      std::memcpy(cur, text, size);
      cur += size;
    };
    put("{\"a\":", 5);
    put(id_a.data(), id_a.size());
    put(",\"b\":", 5);
    put(id_b.data(), id_b.size());
    const std::string& relation = RelationText(p.relation);  // ,"relation":"...","score":
    put(relation.data(), relation.size());
    PutNumber(p.score, &cur);
    if (!p.features.empty()) {
      put(",\"features\":{", 13);
      for (size_t i = 0; i < p.features.size(); ++i) {
        const Prefix& prefix = FeaturePrefix(i, p.features[i].name);  // [,]"name":
        if (prefix.text.size() <= kPieceBytes) {
          std::memcpy(cur, prefix.padded.data(), kPieceBytes);
          cur += prefix.text.size();
        } else {
          put(prefix.text.data(), prefix.text.size());
        }
        PutNumber(p.features[i].value, &cur);
      }
      *cur++ = '}';
    }
    put("}\n", 2);
    block->append(line_.data(), static_cast<size_t>(cur - line_.data()));
  }

  // k / 10^4 for k = 0 .. 10^4, as Json prints Round4 of them: the shortest decimal that
  // reads back as the double, i.e. the four decimals without their trailing zeros ("0.5",
  // "0.1234"), and a whole number with ".0" (a test checks every k against Json). Written
  // directly: 10,001 Json dumps were a serial 1.7 ms before every pairs file.
  static std::vector<Number> NumberTable() {
    std::vector<Number> numbers(10001);
    for (size_t k = 0; k < numbers.size(); ++k) {
      Number& number = numbers[k];
      char* out = number.bytes.data();
      size_t size = 0;
      out[size++] = static_cast<char>('0' + k / 10000);
      out[size++] = '.';
      char digits[4] = {static_cast<char>('0' + k / 1000 % 10), static_cast<char>('0' + k / 100 % 10),
                        static_cast<char>('0' + k / 10 % 10), static_cast<char>('0' + k % 10)};
      size_t kept = 4;
      while (kept > 1 && digits[kept - 1] == '0') --kept;
      for (size_t i = 0; i < kept; ++i) out[size++] = digits[i];
      number.size = static_cast<uint8_t>(size);
    }
    return numbers;
  }

 private:
  static constexpr size_t kPieceBytes = 32;
  // The text before the i-th feature's value: a comma after the first, the name as JSON,
  // a colon; `padded` holds it in kPieceBytes bytes when it fits.
  struct Prefix {
    std::string_view name;  // the name it was made for
    std::string text;
    std::array<char, kPieceBytes> padded{};
  };
  // The prefixes made for position i, one per name seen there (pairs of one relation list
  // the same names in the same order; a few relations interleave in a file): found by the
  // name's address (Feature names refer to static storage, so the same name is the same
  // address), else by its content, else formatted. (Only the prefix last made for i was
  // kept before: as relations alternated, prefixes were formatted again and again, 57k
  // allocations for the 55k pairs of METER + Reuters.)
  const Prefix& FeaturePrefix(size_t i, std::string_view name) {
    if (i >= by_position_.size()) by_position_.resize(i + 1);
    std::vector<Prefix>& made = by_position_[i];
    for (const Prefix& prefix : made) {
      if (prefix.name.data() == name.data() && prefix.name.size() == name.size()) return prefix;
    }
    for (Prefix& prefix : made) {
      if (prefix.name == name) {
        prefix.name = name;
        return prefix;
      }
    }
    Prefix& prefix = made.emplace_back();
    // Appended piece by piece: "literal" + std::string trips GCC 12's -Wrestrict.
    if (i > 0) prefix.text.push_back(',');
    prefix.text.append(Dump(std::string(name)));
    prefix.text.push_back(':');
    prefix.padded.fill(' ');
    std::memcpy(prefix.padded.data(), prefix.text.data(), std::min(prefix.text.size(), kPieceBytes));
    prefix.name = name;
    return prefix;
  }
  const std::string& RelationText(Relation relation) {
    const auto r = static_cast<size_t>(relation);
    if (r >= relations_.size()) relations_.resize(r + 1);
    if (relations_[r].empty()) {
      relations_[r].assign(",\"relation\":");
      relations_[r].append(Dump(RelationName(relation)));
      relations_[r].append(",\"score\":");
    }
    return relations_[r];
  }
  // Round4(x), as Json would print it. Whole numbers above 1 (counts such as
  // min_particulars) are formatted once each.
  void PutNumber(double x, char** cur) {
    const double scaled = std::round(x * 1e4);
    if (scaled >= 0 && scaled <= 1e4) {
      const Number& number = numbers_[static_cast<size_t>(scaled)];
      std::memcpy(*cur, number.bytes.data(), number.bytes.size());
      *cur += number.size;
      return;
    }
    const std::string* text;
    std::string other;
    if (x >= 0 && x < static_cast<double>(kMaxCachedWhole) && x == std::floor(x)) {
      const auto k = static_cast<size_t>(x);
      if (k >= wholes_.size()) wholes_.resize(k + 1);
      if (wholes_[k].empty()) wholes_[k] = Dump(Round4(x));
      text = &wholes_[k];
    } else {
      other = Dump(Round4(x));
      text = &other;
    }
    // The room counted kPieceBytes for a number; a longer one (a huge or tiny value
    // printed in full) grows the scratch line first.
    const size_t at = static_cast<size_t>(*cur - line_.data());
    if (at + text->size() + 2 * kPieceBytes + 16 > line_.size()) {
      line_.resize(at + text->size() + line_.size());
      *cur = line_.data() + at;
    }
    std::memcpy(*cur, text->data(), text->size());
    *cur += text->size();
  }
  static constexpr size_t kMaxCachedWhole = 4096;

  const std::vector<uint32_t>& slot_;   // by document: its place in ids_ (named documents only)
  const std::vector<std::string>& ids_;  // JSON text of the named documents' ids
  const std::vector<Number>& numbers_;
  std::vector<std::vector<Prefix>> by_position_;
  std::vector<std::string> relations_;  // by Relation: ,"relation":"...","score":
  std::vector<std::string> wholes_;     // whole number k -> its JSON text
  std::vector<char> line_;              // the line being written
};

}  // namespace

Status WritePairsJsonl(const ScanResult& result, std::ostream& out, int num_threads) {
  const std::vector<PairLineFormatter::Number> numbers = PairLineFormatter::NumberTable();
  // Blocks of pairs formatted in parallel, a wave at a time, written in order. (Blocks of
  // 4,096 pairs put the 17.6 k pairs of the 100k bench corpus in five blocks: three for
  // one of two threads.)
  constexpr size_t kBlock = 1024;
  const size_t num_pairs = result.pairs.size();
  const size_t num_blocks = (num_pairs + kBlock - 1) / kBlock;
  // Threads of its own only for many pairs: a new thread's first work (its stack, its
  // malloc arena's fresh pages) cost more than it saved on the 17.6 k pairs of the 100k
  // bench corpus (two threads: 10-23 ms, median 16, against 9-11 on the calling thread
  // alone), and about what it saved on METER + Reuters' 53.7 k (22-47 ms, median 30,
  // against 28-36, median 34).
  constexpr size_t kMinPairsForThreads = size_t{1} << 15;
  std::unique_ptr<common::ThreadPool> pool;  // num_threads <= 0: every core
  if (num_pairs >= kMinPairsForThreads && num_threads != 1) pool = std::make_unique<common::ThreadPool>(num_threads);
  // The ids of the documents the pairs name, as JSON text, once for every block, in the
  // order the pairs first name them (a string for each of them, not one for every
  // document of the corpus).
  constexpr uint32_t kUnnamed = 0xFFFFFFFFu;
  std::vector<uint32_t> slot(result.ids.size(), kUnnamed);
  std::vector<uint32_t> named;
  for (const Pair& p : result.pairs) {
    for (const DocIndex d : {p.a, p.b}) {
      if (slot[d] != kUnnamed) continue;
      slot[d] = static_cast<uint32_t>(named.size());
      named.push_back(d);
    }
  }
  std::vector<std::string> ids(named.size());
  auto dump = [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) ids[k] = DumpString(result.ids[named[k]]);
  };
  if (pool) {
    pool->ParallelFor(ids.size(), 1024, dump);
  } else {
    dump(0, ids.size());
  }
  const size_t wave = static_cast<size_t>(pool ? pool->num_threads() : 1) * 4;
  std::vector<std::string> text(std::min(wave, num_blocks));
  for (size_t first = 0; first < num_blocks; first += wave) {
    const size_t count = std::min(wave, num_blocks - first);
    auto format = [&](size_t begin, size_t end) {
      for (size_t k = begin; k < end; ++k) {
        PairLineFormatter formatter(slot, ids, numbers);
        std::string& block = text[k];
        block.clear();
        const size_t from = (first + k) * kBlock, to = std::min(num_pairs, from + kBlock);
        // Room for the block from its first line's length (growing it a doubling at a time
        // copied it over and over).
        formatter.Format(result.pairs[from], &block);
        block.reserve(block.size() * (to - from) * 5 / 4);
        for (size_t i = from + 1; i < to; ++i) formatter.Format(result.pairs[i], &block);
      }
    };
    if (pool) {
      pool->ParallelFor(count, 1, format);
    } else {
      format(0, count);
    }
    for (size_t k = 0; k < count; ++k) out.write(text[k].data(), static_cast<std::streamsize>(text[k].size()));
  }
  return Finish(out, "pairs");
}

Status WriteClustersJsonl(const ScanResult& result, std::ostream& out) {
  for (const Cluster& c : result.clusters) {
    Json row;
    row["cluster"] = c.id;
    row["story"] = c.story;
    if (c.original == kNoDocument) {  // the scan did not choose originals
      row["original"] = nullptr;
    } else {
      row["original"] = result.ids[c.original];
      row["original_confidence"] = Round4(c.original_confidence);
      row["original_reasons"] = c.original_reasons;
    }
    Json members = Json::array();
    for (DocIndex m : c.members) members.push_back(result.ids[m]);
    row["size"] = c.members.size();
    row["members"] = std::move(members);
    WriteLine(row, out);
  }
  return Finish(out, "clusters");
}

Status WriteCleanedJsonl(const std::vector<CleanedDocument>& cleaned, std::ostream& out) {
  for (const CleanedDocument& d : cleaned) {
    Json row;
    row["id"] = d.id;
    row["text"] = d.text;
    Json removed = Json::array();
    for (const Removal& r : d.removed) {
      removed.push_back(Json{{"start", r.begin}, {"end", r.end}, {"kind", RemovalKindName(r.kind)}});
    }
    row["removed"] = std::move(removed);
    WriteLine(row, out);
  }
  return Finish(out, "cleaned documents");
}

}  // namespace doppel

#include "cluster/original.h"

#include <algorithm>

namespace doppel::cluster {

OriginalChoice ChooseOriginal(const std::vector<MemberFacts>& members) {
  OriginalChoice choice;
  if (members.empty()) return choice;
  const bool all_timed = std::all_of(members.begin(), members.end(),
                                     [](const MemberFacts& m) { return !m.time.empty(); });
  const MemberFacts* best = &members[0];
  if (all_timed) {
    for (const MemberFacts& m : members) {
      if (m.time < best->time || (m.time == best->time && m.doc < best->doc)) best = &m;
    }
    size_t same = std::count_if(members.begin(), members.end(),
                                [&](const MemberFacts& m) { return m.time == best->time; });
    choice.doc = best->doc;
    choice.confidence = same == 1 ? 0.95 : 1.0 / static_cast<double>(same);
    choice.reasons.push_back("earliest publication time");
    return choice;
  }
  for (const MemberFacts& m : members) {
    if (m.num_words > best->num_words || (m.num_words == best->num_words && m.doc < best->doc)) best = &m;
  }
  size_t same = std::count_if(members.begin(), members.end(),
                              [&](const MemberFacts& m) { return m.num_words == best->num_words; });
  choice.doc = best->doc;
  choice.confidence = 1.0 / static_cast<double>(same);
  choice.reasons.push_back(same == 1 ? "longest text after cleaning" : "first in input among equally long texts");
  return choice;
}

}  // namespace doppel::cluster

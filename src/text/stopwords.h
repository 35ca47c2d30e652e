// English stop words: function words that carry no topic, left out of content-word
// features.
#pragma once

#include <string_view>

namespace doppel::text {

// True when `lower_word` (a lower-case token of normalised text) is an English stop word.
// The list is the Snowball English stop list (snowballstem.org, "english/stop.txt")
// without its contractions, which our tokenizer never produces whole, plus the pieces it
// cuts them into: s t d ll m re ve (it's, don't, I'd, we'll, I'm, you're, I've) and the
// negated auxiliaries before "t" (isn aren wasn weren hasn haven hadn doesn don didn
// wouldn shan shouldn couldn mustn), plus the modals "can" and "will". "won" (won't) is
// left out: it is also a content word. The list is part of the index format when
// features are indexed. Thread-safe; a lookup in a table built at compile time.
bool IsStopword(std::string_view lower_word);

}  // namespace doppel::text

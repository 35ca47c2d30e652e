// Word tokens of normalised text.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace doppel::text {

// A byte span [begin, end) of the text it was cut from.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
};

// Words: maximal runs of Unicode letters, marks and digits (categories L*, M*, N*).
// Everything else separates words, so "don't" is "don" "t" and "covid-19" is "covid"
// "19" (the convention of ../shared/bench: ASCII text tokenises as [a-z0-9]+ does).
// `words` is cleared first. Invalid UTF-8 bytes separate words. Thread-safe.
void TokenizeWords(std::string_view text, std::vector<Span>* words);

// True for the characters words are made of (L*, M*, N*).
bool IsWordChar(char32_t cp);

}  // namespace doppel::text

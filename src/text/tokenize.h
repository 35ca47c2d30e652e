// Word tokens of normalised text.
#pragma once

#include <cstddef>
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

// Words: maximal runs of Unicode letters, marks and digits (categories L*, M*, N*), except
// that a letter or digit of the scripts written without spaces between words (Han,
// Hiragana, Katakana: IsSingleCharWord) is a word by itself, with the marks that follow
// it (EndOfSingleCharWord). Everything else separates words, so "don't" is "don" "t", "covid-19"
// is "covid" "19" (the convention of ../shared/bench: ASCII text tokenises as [a-z0-9]+
// does), "iPhone15发布" is "iPhone15" "发" "布" and Hangul, written with spaces, keeps its
// runs. `words` is cleared first. Invalid UTF-8 bytes separate words. Thread-safe.
void TokenizeWords(std::string_view text, std::vector<Span>* words);

// True for the characters words are made of (L*, M*, N*).
bool IsWordChar(char32_t cp);

// True for the word characters that are words by themselves: the letters and digits
// (L*, N*) whose Script_Extensions include Han, Hiragana or Katakana (Unicode 15.0,
// Scripts.txt and ScriptExtensions.txt; the ranges are in tokenize.cc). So every
// ideograph (unified, extensions A-H, compatibility), every kana (halfwidth too), the
// iteration marks (々 ゝ ヽ), the prolonged sound mark ー and the ideographic numerals (〇,
// ㈠, ㊀) stand alone. Hangul, Thai, Lao, Khmer and Myanmar are not here: Korean is
// written with spaces, and the others need a dictionary to cut.
bool IsSingleCharWord(char32_t cp);

// How TokenizeWords takes one character.
enum class WordCharKind : uint8_t {
  kSeparator = 0,  // not a word character
  kRun = 1,        // joins the kRun characters around it into one word
  kSingle = 2,     // a word by itself (IsSingleCharWord)
};
WordCharKind ClassifyWordChar(char32_t cp);

// The end of the word whose single character (kSingle) ends at text[after]: after the
// characters that attach to it, the combining marks (M*) and the halfwidth voiced sound
// marks U+FF9E U+FF9F (which NFKC makes combining marks), so a kana with its voicing
// mark is one word whether it was composed, decomposed or halfwidth. Marks are never
// ASCII, so an ASCII byte at `after` ends the word there.
size_t EndOfSingleCharWord(std::string_view text, size_t after);

}  // namespace doppel::text

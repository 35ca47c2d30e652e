// Prints kSingleCharWordRanges of src/text/tokenize.cc: the code points of category L* or N*
// (utf8proc, the categories text::IsWordChar reads) whose Script_Extensions include Han,
// Hiragana or Katakana (ICU, which reads Scripts.txt and ScriptExtensions.txt), as
// inclusive ranges. Run it again when utf8proc moves to a newer Unicode, with an ICU of
// the same Unicode version (Debian 12: utf8proc 2.8 and ICU 72, both Unicode 15.0). ICU is
// not a dependency of doppel; this tool alone needs it:
//
//   apt-get install libicu-dev
//   g++ -O1 tools/unicode/single_char_word_ranges.cc -o /tmp/ranges -licuuc -lutf8proc && /tmp/ranges
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uversion.h>
#include <utf8proc.h>

#include <cstdio>

namespace {

bool IsLetterOrDigit(UChar32 cp) {
  const utf8proc_category_t c = utf8proc_category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

bool InScripts(UChar32 cp) {
  return uscript_hasScript(cp, USCRIPT_HAN) || uscript_hasScript(cp, USCRIPT_HIRAGANA) ||
         uscript_hasScript(cp, USCRIPT_KATAKANA);
}

}  // namespace

int main() {
  std::printf("// ICU Unicode %s, utf8proc Unicode %s\n", U_UNICODE_VERSION, utf8proc_unicode_version());
  UChar32 first = -1;
  int ranges = 0;
  long count = 0;
  for (UChar32 cp = 0; cp <= 0x110000; ++cp) {
    const bool in = cp <= 0x10FFFF && IsLetterOrDigit(cp) && InScripts(cp);
    if (in) {
      ++count;
      if (first < 0) first = cp;
    } else if (first >= 0) {
      std::printf("{0x%04X, 0x%04X},%s", static_cast<unsigned>(first), static_cast<unsigned>(cp - 1),
                  ++ranges % 4 == 0 ? "\n" : " ");
      first = -1;
    }
  }
  std::printf("\n// %d ranges, %ld code points\n", ranges, count);
  return 0;
}

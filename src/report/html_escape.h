// Escaping for the HTML report: text in markup, and JSON inside <script> elements.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace doppel::report {

// Appends `json` (a serialised JSON value) to *out so that it can sit inside
// <script type="application/json">...</script> and still parse to the same value:
// '<', '>' and '&' become \u003c, \u003e, \u0026, and U+2028/U+2029 become \u2028/\u2029.
// The HTML parser ends a script element at "</script" and treats "<!--" specially (the
// "script data escaped" states), so after this no document text can end or bend the
// element. These characters can only occur inside JSON strings, where the escapes mean
// the same character.
void AppendScriptSafeJson(std::string_view json, std::string* out);

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string EscapeHtml(std::string_view text);

// The largest n <= max_bytes such that text.substr(0, n) ends on a UTF-8 code point
// boundary (text is assumed valid UTF-8; stray continuation bytes are stepped over).
size_t Utf8CutPoint(std::string_view text, size_t max_bytes);

}  // namespace doppel::report

// Escaping for the HTML report: see html_escape.h.
#include "report/html_escape.h"

namespace doppel::report {

void AppendScriptSafeJson(std::string_view json, std::string* out) {
  out->reserve(out->size() + json.size() + json.size() / 16);
  for (size_t pos = 0; pos < json.size(); ++pos) {
    const char c = json[pos];
    switch (c) {
      case '<': out->append("\\u003c"); break;
      case '>': out->append("\\u003e"); break;
      case '&': out->append("\\u0026"); break;
      case '\xE2':
        // U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR (E2 80 A8 / E2 80 A9).
        if (pos + 2 < json.size() && json[pos + 1] == '\x80' &&
            (json[pos + 2] == '\xA8' || json[pos + 2] == '\xA9')) {
          out->append(json[pos + 2] == '\xA8' ? "\\u2028" : "\\u2029");
          pos += 2;
        } else {
          out->push_back(c);
        }
        break;
      default: out->push_back(c);
    }
  }
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '"': out.append("&quot;"); break;
      case '\'': out.append("&#39;"); break;
      default: out.push_back(c);
    }
  }
  return out;
}

size_t Utf8CutPoint(std::string_view text, size_t max_bytes) {
  if (max_bytes >= text.size()) return text.size();
  size_t cut = max_bytes;
  // Step back over continuation bytes (10xxxxxx) to the lead byte of the code point the
  // cut would split; a valid sequence has at most 3 of them.
  for (int steps = 0; cut > 0 && steps < 3 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80;
       ++steps) {
    --cut;
  }
  return cut;
}

}  // namespace doppel::report

// The checks every document passes on its way out of io/, whatever its source.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "doppel/document.h"
#include "doppel/options.h"
#include "io/reader.h"

namespace doppel::io {

// True when `text` holds only white space: the Unicode White_Space characters plus
// U+200B ZERO WIDTH SPACE and U+FEFF (BOM), none of which carries content. Expects
// valid UTF-8.
bool IsBlank(std::string_view text);

// Hands `document` to the sink unless its text is over options.max_doc_bytes (kTooLarge)
// or blank (kEmpty), in which case the issue is reported instead. When kept and
// `utf8_repairs` > 0, a kInvalidUtf8 issue (skipped = false) precedes it; `repair_note`
// is appended to that detail. Returns true when the document was kept.
bool EmitDocument(Document document, uint64_t utf8_repairs, std::string_view repair_note,
                  const InputOptions& options, DocumentSink* sink);

// "1 invalid UTF-8 sequence" / "3 invalid UTF-8 sequences".
std::string CountInvalidSequences(uint64_t count);

}  // namespace doppel::io

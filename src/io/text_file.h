// .txt and .md files: the whole file is one document.
#pragma once

#include <string>

#include "doppel/options.h"
#include "io/reader.h"

namespace doppel::io {

// Reads `path` (also its name in locations) as one document with id `id`. Reports, and
// skips: kTooLarge when the file is over options.max_doc_bytes (checked before reading),
// kUnreadable when it cannot be opened or read, kBinary when it holds a NUL byte, kEmpty
// when it is empty or blank. Invalid UTF-8 is repaired and reported (kInvalidUtf8, kept).
// A UTF-8 BOM at the start is dropped. Invalid UTF-8 in `id` (a file name) is repaired
// and reported the same way; `path` in locations stays as given.
void ReadTextFile(const std::string& path, std::string id, const InputOptions& options,
                  DocumentSink* sink);

}  // namespace doppel::io

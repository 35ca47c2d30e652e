// Splits a ByteStream into lines without copying them.
//
// Bytes are read in large blocks (4 MiB by default) into one buffer; each line is a view
// into that buffer, found with memchr, and stays valid until the next call, or for as long
// as the caller keeps the buffer it is in (Hold(): the reader then moves on in another
// buffer instead of overwriting that one, so lines can be handed on without a copy). A line that
// does not fit grows the buffer (for the rest of the stream), up to `max_line_bytes`; a
// longer line is skipped as it streams past (reported with its length, never held in
// memory), so a file without newlines cannot exhaust memory. The buffer always has
// kPadding allocated bytes beyond the end of any line, which lets simdjson parse a line
// in place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "doppel/status.h"
#include "io/byte_stream.h"

namespace doppel::io {

struct Line {
  // Without the '\n' and without one '\r' before it. Empty when too_long.
  std::string_view text;
  uint64_t number = 0;    // 1-based
  uint64_t length = 0;    // bytes of the line (without '\n'), counted even when too_long
  bool too_long = false;  // over max_line_bytes: skipped, `text` is empty
  // The stream failed (see LineReader::status()) before this line's '\n' was reached:
  // `text` is what was decoded of it, which may be incomplete.
  bool cut_by_error = false;
};

class LineReader {
 public:
  // Allocated bytes guaranteed after the last byte of every Line::text.
  static constexpr size_t kPadding = 64;
  static constexpr size_t kDefaultBlockBytes = size_t{4} << 20;
  static constexpr size_t kFirstReadBytes = size_t{64} << 10;

  LineReader(ByteStream* in, size_t max_line_bytes, size_t block_bytes = kDefaultBlockBytes);

  // Sets *line to the next line; false when there is none left (clean end or error).
  bool Next(Line* line);

  // Ok at a clean end of the stream; otherwise the stream's error (kIoError or
  // kDataError), after which no more lines are returned.
  const Status& status() const { return status_; }

  // Lines returned so far.
  uint64_t lines_read() const { return line_number_; }

  // Keeps the buffer of the last line returned: its text (and the kPadding bytes after it)
  // stays valid, unchanged, while the returned pointer lives, whatever the reader does
  // next. Null before the first line. The reader may run on another thread than the one
  // that releases the pointer.
  std::shared_ptr<const void> Hold() const { return buf_; }
  // Which buffer Hold() would return (without holding it).
  const void* buffer() const { return buf_.get(); }

 private:
  // Reads more bytes after end_, compacting or growing the buffer first. Returns false
  // at the end of the stream or on error.
  bool Fill();
  void Reallocate(size_t capacity);
  // A buffer of `capacity` bytes and kPadding more (zeroed).
  static std::shared_ptr<char[]> NewBuffer(size_t capacity);
  // Moves the unreturned bytes [begin_, end_) to `to` (the start of this buffer or of
  // another), the offsets with them.
  void MoveLiveTo(char* to);
  // Before bytes are written into the buffer: a buffer someone holds is left to them, and
  // the live bytes move to one nobody holds (a spare of the same size, else a new one).
  void TakeUnheldBuffer();
  bool SkipLongLine(Line* line);

  ByteStream* in_;
  size_t max_line_bytes_;
  size_t block_bytes_;
  std::shared_ptr<char[]> buf_;
  // Buffers of capacity_ handed back (held before, maybe still): reused once free.
  std::vector<std::shared_ptr<char[]>> spares_;
  size_t capacity_ = 0;  // usable bytes; kPadding more are allocated
  size_t begin_ = 0;     // start of the unreturned data
  size_t scan_ = 0;      // no '\n' in [begin_, scan_)
  size_t end_ = 0;       // end of the data read
  // The most bytes the next read asks for: small at first, doubling with every read, so
  // the first lines are handed on (and parsed, on other threads) before a whole block is
  // read: on a 300 MB file, reading the first 4 MiB block (a fresh buffer's page faults
  // and the copy) kept the other threads waiting ~8 ms.
  size_t read_limit_ = kFirstReadBytes;
  bool eof_ = false;
  bool failed_ = false;
  bool done_ = false;
  uint64_t line_number_ = 0;
  Status status_;
};

}  // namespace doppel::io

#include "io/line_reader.h"

#include <algorithm>
#include <cstring>

namespace doppel::io {

LineReader::LineReader(ByteStream* in, size_t max_line_bytes, size_t block_bytes)
    : in_(in), max_line_bytes_(max_line_bytes), block_bytes_(std::max<size_t>(block_bytes, 64)) {}

std::shared_ptr<char[]> LineReader::NewBuffer(size_t capacity) {
  std::shared_ptr<char[]> buffer(new char[capacity + kPadding]);
  // The padding is never interpreted, but keep it defined for tools like valgrind.
  std::memset(buffer.get() + capacity, 0, kPadding);
  return buffer;
}

void LineReader::MoveLiveTo(char* to) {
  const size_t live = end_ - begin_;
  if (live > 0 && to != buf_.get() + begin_) std::memmove(to, buf_.get() + begin_, live);
  scan_ -= begin_;
  end_ = live;
  begin_ = 0;
}

void LineReader::Reallocate(size_t capacity) {
  std::shared_ptr<char[]> bigger = NewBuffer(capacity);
  MoveLiveTo(bigger.get());
  buf_ = std::move(bigger);
  spares_.clear();  // of the old size
  capacity_ = capacity;
}

void LineReader::TakeUnheldBuffer() {
  if (buf_ == nullptr || buf_.use_count() == 1) return;
  // (use_count() is only ever lowered by other threads: a spare seen free stays free.)
  std::shared_ptr<char[]> fresh;
  for (std::shared_ptr<char[]>& spare : spares_) {
    if (spare.use_count() == 1) {
      fresh.swap(spare);
      break;
    }
  }
  std::erase(spares_, nullptr);
  if (fresh == nullptr) fresh = NewBuffer(capacity_);
  MoveLiveTo(fresh.get());
  spares_.push_back(std::move(buf_));
  buf_ = std::move(fresh);
}

bool LineReader::Fill() {
  if (buf_ == nullptr) Reallocate(block_bytes_);
  // A held buffer is not written again, not even past its data (the kPadding bytes after
  // its last line are read, as that line's padding, by whoever holds it).
  TakeUnheldBuffer();
  // A buffer grown for a long line is kept until the end of the stream (it is bounded by
  // max_line_bytes_): shrinking it would fault the pages in again at the next long line.
  if (begin_ > 0 && capacity_ - end_ < capacity_ / 2) MoveLiveTo(buf_.get());
  if (end_ == capacity_) {
    // The partial line fills the buffer (begin_ == 0 here): grow, but never beyond what
    // is needed to see that the line is over max_line_bytes_.
    size_t limit = std::max(block_bytes_, max_line_bytes_ + 1);
    size_t grown = capacity_ > limit / 2 ? limit : capacity_ * 2;
    Reallocate(grown);
  }
  const size_t want = std::min(capacity_ - end_, read_limit_);
  read_limit_ = std::min(read_limit_, capacity_) * 2;
  Result<size_t> got = in_->Read(buf_.get() + end_, want);
  if (!got.ok()) {
    failed_ = true;
    status_ = got.status();
    return false;
  }
  if (*got == 0) {
    eof_ = true;
    return false;
  }
  end_ += *got;
  return true;
}

bool LineReader::Next(Line* line) {
  if (done_) return false;
  while (true) {
    const char* base = buf_.get();
    const void* newline = end_ > scan_ ? std::memchr(base + scan_, '\n', end_ - scan_) : nullptr;
    bool at_end = false;
    size_t stop;
    if (newline != nullptr) {
      stop = static_cast<const char*>(newline) - base;
    } else {
      scan_ = end_;
      if (end_ - begin_ > max_line_bytes_) return SkipLongLine(line);
      if (!eof_ && !failed_) {
        Fill();
        continue;
      }
      if (begin_ == end_) {
        done_ = true;
        return false;
      }
      stop = end_;  // a last line without '\n', or the part read before an error
      at_end = true;
    }
    *line = Line{};
    line->number = ++line_number_;
    line->length = stop - begin_;
    line->cut_by_error = at_end && failed_;
    if (line->length > max_line_bytes_) {
      line->too_long = true;
    } else {
      size_t text_end = stop;
      if (text_end > begin_ && base[text_end - 1] == '\r') --text_end;
      line->text = std::string_view(base + begin_, text_end - begin_);
    }
    begin_ = scan_ = at_end ? end_ : stop + 1;
    return true;
  }
}

bool LineReader::SkipLongLine(Line* line) {
  // Count the line's bytes as they stream past instead of holding them.
  uint64_t length = end_ - begin_;
  begin_ = scan_ = end_ = 0;
  while (true) {
    if (!Fill()) {
      begin_ = scan_ = end_ = 0;
      break;
    }
    const void* newline = std::memchr(buf_.get(), '\n', end_);
    if (newline != nullptr) {
      size_t stop = static_cast<const char*>(newline) - buf_.get();
      length += stop;
      begin_ = scan_ = stop + 1;
      break;
    }
    length += end_;
    end_ = 0;
  }
  *line = Line{};
  line->number = ++line_number_;
  line->length = length;
  line->too_long = true;
  line->cut_by_error = failed_;
  return true;
}

}  // namespace doppel::io

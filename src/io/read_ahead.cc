#include "io/read_ahead.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <utility>

namespace doppel::io {

std::string ReadAheadBuffers::Take() {
  std::lock_guard<std::mutex> lock(mu_);
  if (kept_.empty()) return std::string();
  std::string chunk = std::move(kept_.back());
  kept_.pop_back();
  return chunk;
}

void ReadAheadBuffers::Give(std::string chunk) {
  if (chunk.capacity() < kMinKeptBytes) return;  // an empty string (its inline buffer)
  std::lock_guard<std::mutex> lock(mu_);
  if (kept_.size() < kMaxKept) kept_.push_back(std::move(chunk));
}

ReadAheadStream::ReadAheadStream(std::unique_ptr<ByteStream> inner, size_t chunk_bytes, size_t max_chunks,
                                 ReadAheadBuffers* buffers)
    : inner_(std::move(inner)),
      chunk_bytes_(std::max<size_t>(1, chunk_bytes)),
      max_chunks_(std::max<size_t>(1, max_chunks)),
      buffers_(buffers) {
  thread_ = std::thread([this] { Run(); });
}

ReadAheadStream::~ReadAheadStream() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  space_cv_.notify_all();
  thread_.join();
  if (buffers_ != nullptr) {
    buffers_->Give(std::move(current_));
    for (std::string& chunk : ready_) buffers_->Give(std::move(chunk));
    for (std::string& chunk : spare_) buffers_->Give(std::move(chunk));
  }
}

void ReadAheadStream::Run() {
  for (;;) {
    std::string chunk;
    {
      std::unique_lock<std::mutex> lock(mu_);
      space_cv_.wait(lock, [this] { return stop_ || ready_.size() < max_chunks_; });
      if (stop_) return;
      if (!spare_.empty()) {
        chunk = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    if (chunk.capacity() < chunk_bytes_ && buffers_ != nullptr) {
      std::string kept = buffers_->Take();
      if (kept.capacity() > chunk.capacity()) chunk = std::move(kept);
    }
    Status status;
    size_t n = 0;
    try {
      chunk.resize(chunk_bytes_);
      Result<size_t> got = inner_->Read(chunk.data(), chunk.size());
      if (got.ok()) {
        n = *got;
      } else {
        status = got.status();
      }
    } catch (const std::exception& e) {
      status = Status(StatusCode::kIoError, std::string("read-ahead failed: ") + e.what());
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (n > 0) {
      chunk.resize(n);
      ready_.push_back(std::move(chunk));
    } else {
      finished_ = true;
      error_ = std::move(status);
    }
    ready_cv_.notify_one();
    if (finished_) return;
  }
}

Result<size_t> ReadAheadStream::Read(char* dst, size_t capacity) {
  if (pos_ == current_.size()) {
    std::unique_lock<std::mutex> lock(mu_);
    ready_cv_.wait(lock, [this] { return !ready_.empty() || finished_; });
    if (ready_.empty()) {
      if (!error_.ok()) return error_;
      return size_t{0};
    }
    if (!current_.empty()) spare_.push_back(std::move(current_));
    current_ = std::move(ready_.front());
    ready_.pop_front();
    pos_ = 0;
    lock.unlock();
    space_cv_.notify_one();
  }
  const size_t n = std::min(capacity, current_.size() - pos_);
  std::memcpy(dst, current_.data() + pos_, n);
  pos_ += n;
  return n;
}

}  // namespace doppel::io

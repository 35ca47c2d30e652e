// A ByteStream that reads (and, for a compressed file, decompresses) its inner stream
// ahead in a thread of its own, so that the line splitting, parsing and bookkeeping of
// the reader overlap the read(2) copies and the decompression instead of waiting for
// them. The bytes and the error come out exactly as the inner stream gives them (the
// ByteStream contract: bytes before an error first, then the error on every call).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "io/byte_stream.h"

namespace doppel::io {

// Chunk buffers kept between read-ahead streams, so that reading many files does not take
// fresh (kernel-zeroed) pages for every file. Thread-safe.
class ReadAheadBuffers {
 public:
  std::string Take();
  void Give(std::string chunk);

 private:
  static constexpr size_t kMaxKept = 8;
  static constexpr size_t kMinKeptBytes = 1024;
  std::mutex mu_;
  std::vector<std::string> kept_;
};

class ReadAheadStream final : public ByteStream {
 public:
  // At most `max_chunks` chunks of up to `chunk_bytes` wait to be read (the memory the
  // read-ahead holds: 4 x 4 MiB by default).
  // `buffers` (optional, must outlive the stream) lends chunk buffers and gets them back.
  explicit ReadAheadStream(std::unique_ptr<ByteStream> inner, size_t chunk_bytes = size_t{4} << 20,
                           size_t max_chunks = 4, ReadAheadBuffers* buffers = nullptr);
  // Stops the thread (which may be blocked on a full queue) and joins it.
  ~ReadAheadStream() override;
  ReadAheadStream(const ReadAheadStream&) = delete;
  ReadAheadStream& operator=(const ReadAheadStream&) = delete;

  Result<size_t> Read(char* dst, size_t capacity) override;

 private:
  void Run();

  std::unique_ptr<ByteStream> inner_;
  const size_t chunk_bytes_;
  const size_t max_chunks_;
  std::mutex mu_;
  std::condition_variable ready_cv_, space_cv_;
  std::deque<std::string> ready_;  // filled chunks, in stream order
  std::vector<std::string> spare_;  // chunks read out, reused by the thread
  bool finished_ = false;          // the inner stream ended or failed (after ready_)
  Status error_;                   // its error, returned once ready_ is drained
  bool stop_ = false;
  std::string current_;  // the chunk being read out (the caller's thread only)
  size_t pos_ = 0;
  ReadAheadBuffers* buffers_;
  std::thread thread_;
};

}  // namespace doppel::io

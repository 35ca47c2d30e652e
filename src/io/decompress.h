// Streaming decompressors: gzip (zlib inflate) and zstd (ZSTD_decompressStream).
//
// Both decode into the caller's buffer in chunks, so memory stays bounded whatever the
// file size. Both accept concatenated members/frames (what `cat a.gz b.gz` or
// `zstd -c a b` produce). A stream that ends inside a member or frame, that holds
// corrupt data, or that is followed by bytes that are not another member, fails with
// kDataError after every byte decoded before the fault has been returned. An empty
// input is not a valid stream either (it is what an interrupted write leaves).
//
// Limits of streaming: gzip's CRC-32 covers a whole member and is checked at its end,
// so damaged deflate data can decode into wrong bytes (and documents) before the fault
// is known; the error then says the member's text may be damaged. zstd checks each
// block's entropy coding as it goes (and a frame checksum, when the writer added one).
#pragma once

#include <cstdint>
#include <memory>

#include "io/byte_stream.h"

struct z_stream_s;
struct ZSTD_DCtx_s;

namespace doppel::io {

class GzipStream final : public ByteStream {
 public:
  explicit GzipStream(std::unique_ptr<ByteStream> in);
  ~GzipStream() override;
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  Result<size_t> Read(char* dst, size_t capacity) override;

 private:
  std::unique_ptr<ByteStream> in_;
  std::unique_ptr<char[]> in_buf_;
  std::unique_ptr<z_stream_s> z_;
  bool in_eof_ = false;
  bool between_members_ = false;  // a member ended; the next byte starts another or EOF
  bool finished_ = false;
  uint64_t members_done_ = 0;
  Status error_;  // sticky once set
};

class ZstdStream final : public ByteStream {
 public:
  explicit ZstdStream(std::unique_ptr<ByteStream> in);
  ~ZstdStream() override;
  ZstdStream(const ZstdStream&) = delete;
  ZstdStream& operator=(const ZstdStream&) = delete;

  Result<size_t> Read(char* dst, size_t capacity) override;

 private:
  std::unique_ptr<ByteStream> in_;
  std::unique_ptr<char[]> in_buf_;
  size_t in_pos_ = 0;
  size_t in_size_ = 0;
  bool in_eof_ = false;
  ZSTD_DCtx_s* ctx_ = nullptr;
  // Last ZSTD_decompressStream result: 0 once a frame is complete and flushed.
  size_t frame_pending_ = 1;
  bool any_input_ = false;
  bool finished_ = false;
  Status error_;  // sticky once set
};

}  // namespace doppel::io

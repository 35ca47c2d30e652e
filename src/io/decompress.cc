#include "io/decompress.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <climits>
#include <string>

namespace doppel::io {
namespace {

// Compressed input is read in blocks of this size.
constexpr size_t kInputBlockBytes = size_t{1} << 20;
// zlib counts in 32-bit uInt; larger output requests are clamped.
constexpr size_t kMaxZlibChunk = size_t{1} << 30;
// zstd frames written with --long=31 need a 2 GiB window. The window is only touched as
// output is produced, so allowing it costs memory only for files that really use it.
constexpr int kZstdMaxWindowLog = 31;

}  // namespace

// ---------------------------------------------------------------------------------
// gzip. inflate() with windowBits 15 + 16 accepts exactly one gzip member (header,
// deflate data, CRC-32 and length trailer, both checked). After Z_STREAM_END the next
// byte either ends the file or starts another member (RFC 1952, section 2.2), which we
// decode after inflateReset.

GzipStream::GzipStream(std::unique_ptr<ByteStream> in)
    : in_(std::move(in)), in_buf_(new char[kInputBlockBytes]), z_(new z_stream_s{}) {
  if (inflateInit2(z_.get(), 15 + 16) != Z_OK) {
    error_ = Internal("zlib inflateInit2 failed");
    z_.reset();
  }
}

GzipStream::~GzipStream() {
  if (z_) inflateEnd(z_.get());
}

Result<size_t> GzipStream::Read(char* dst, size_t capacity) {
  if (!error_.ok()) return error_;
  if (finished_) return size_t{0};
  const size_t chunk = std::min(capacity, kMaxZlibChunk);
  z_->next_out = reinterpret_cast<Bytef*>(dst);
  z_->avail_out = static_cast<uInt>(chunk);
  Status fault;
  while (z_->avail_out == chunk) {  // until some output is produced
    if (z_->avail_in == 0 && !in_eof_) {
      Result<size_t> got = in_->Read(in_buf_.get(), kInputBlockBytes);
      if (!got.ok()) {
        fault = got.status();
        break;
      }
      if (*got == 0) {
        in_eof_ = true;
      } else {
        z_->next_in = reinterpret_cast<Bytef*>(in_buf_.get());
        z_->avail_in = static_cast<uInt>(*got);
      }
    }
    if (between_members_) {
      if (z_->avail_in == 0) {
        if (in_eof_) {
          finished_ = true;
          break;
        }
        continue;
      }
      inflateReset(z_.get());
      between_members_ = false;
    }
    if (z_->avail_in == 0 && in_eof_) {
      fault = DataError(members_done_ == 0 && z_->total_in == 0
                            ? std::string("gzip file is empty")
                            : "gzip stream is truncated (ends inside member " +
                                  std::to_string(members_done_ + 1) + ")");
      break;
    }
    int ret = inflate(z_.get(), Z_NO_FLUSH);
    if (ret == Z_STREAM_END) {
      between_members_ = true;
      ++members_done_;
    } else if (ret == Z_OK || (ret == Z_BUF_ERROR && z_->avail_in == 0)) {
      // Progress, or more input is needed.
    } else {
      std::string reason = z_->msg != nullptr ? z_->msg : ("zlib error " + std::to_string(ret));
      if (reason == "incorrect data check" || reason == "incorrect length check") {
        // The CRC-32 and length are checked only at the end of a member, after its
        // text has been handed on: say so, since that text may be damaged.
        fault = DataError("gzip member " + std::to_string(members_done_ + 1) + " fails its " +
                          (reason == "incorrect data check" ? "CRC-32" : "length") +
                          " check (the text read from it may be damaged)");
      } else if (members_done_ > 0 && z_->total_out == 0) {
        fault = DataError("data after gzip member " + std::to_string(members_done_) +
                          " is not a gzip member (" + reason + ")");
      } else {
        fault = DataError("gzip stream is corrupt in member " + std::to_string(members_done_ + 1) +
                          " (" + reason + ")");
      }
      break;
    }
  }
  size_t produced = chunk - z_->avail_out;
  if (!fault.ok()) {
    error_ = std::move(fault);
    if (produced == 0) return error_;
  }
  return produced;
}

// ---------------------------------------------------------------------------------
// zstd. ZSTD_decompressStream decodes any number of concatenated frames (and skips
// skippable frames); its return value is 0 exactly when the current frame is fully
// decoded and flushed, so a non-zero value at end of input means a truncated frame.

ZstdStream::ZstdStream(std::unique_ptr<ByteStream> in)
    : in_(std::move(in)), in_buf_(new char[kInputBlockBytes]), ctx_(ZSTD_createDCtx()) {
  if (ctx_ == nullptr) {
    error_ = Internal("ZSTD_createDCtx failed");
    return;
  }
  ZSTD_DCtx_setParameter(ctx_, ZSTD_d_windowLogMax, kZstdMaxWindowLog);
}

ZstdStream::~ZstdStream() { ZSTD_freeDCtx(ctx_); }

Result<size_t> ZstdStream::Read(char* dst, size_t capacity) {
  if (!error_.ok()) return error_;
  if (finished_) return size_t{0};
  ZSTD_outBuffer out{dst, capacity, 0};
  Status fault;
  while (out.pos == 0) {
    if (in_pos_ == in_size_ && !in_eof_) {
      Result<size_t> got = in_->Read(in_buf_.get(), kInputBlockBytes);
      if (!got.ok()) {
        fault = got.status();
        break;
      }
      in_pos_ = 0;
      in_size_ = *got;
      if (*got == 0) {
        in_eof_ = true;
      } else {
        any_input_ = true;
      }
    }
    ZSTD_inBuffer in{in_buf_.get(), in_size_, in_pos_};
    const bool input_exhausted = in_pos_ == in_size_ && in_eof_;
    if (input_exhausted && frame_pending_ == 0) {
      finished_ = true;
      break;
    }
    if (input_exhausted && !any_input_) {
      fault = DataError("zstd file is empty");
      break;
    }
    size_t ret = ZSTD_decompressStream(ctx_, &out, &in);
    in_pos_ = in.pos;
    if (ZSTD_isError(ret)) {
      fault = DataError(std::string("zstd stream is corrupt (") + ZSTD_getErrorName(ret) + ")");
      break;
    }
    frame_pending_ = ret;
    // With no input left, a call that produces nothing can never make progress.
    if (input_exhausted && out.pos == 0 && ret != 0) {
      fault = DataError("zstd stream is truncated (ends inside a frame)");
      break;
    }
  }
  if (!fault.ok()) {
    error_ = std::move(fault);
    if (out.pos == 0) return error_;
  }
  return out.pos;
}

}  // namespace doppel::io

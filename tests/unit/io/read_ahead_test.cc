// ReadAheadStream: the inner stream's bytes in order, then its end or its error, for any
// chunk and read sizes; and a stream dropped before it is read out does not hang.
#include "io/read_ahead.h"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>

#include "io_test_util.h"

namespace doppel::io {
namespace {

using test_util::ChoppyStream;

std::string RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

// Reads `stream` to its end with reads of pseudo-random capacity; returns the bytes and
// the status that ended them.
std::string ReadAll(ByteStream* stream, size_t max_read, Status* end) {
  std::mt19937 rng(7);
  std::string out, buffer(max_read, '\0');
  for (;;) {
    Result<size_t> got = stream->Read(buffer.data(), 1 + rng() % max_read);
    if (!got.ok()) {
      *end = got.status();
      return out;
    }
    if (*got == 0) {
      *end = Status::Ok();
      return out;
    }
    out.append(buffer.data(), *got);
  }
}

TEST(ReadAheadStreamTest, GivesTheInnerBytesInOrderForAnyChunkAndReadSize) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{1000}, size_t{100000}}) {
    const std::string data = RandomBytes(size, static_cast<uint32_t>(size));
    for (size_t chunk : {size_t{1}, size_t{7}, size_t{4096}}) {
      for (size_t max_read : {size_t{1}, size_t{13}, size_t{65536}}) {
        ReadAheadStream stream(std::make_unique<ChoppyStream>(data, 5000), chunk, 3);
        Status end;
        EXPECT_EQ(ReadAll(&stream, max_read, &end), data) << size << " " << chunk << " " << max_read;
        EXPECT_TRUE(end.ok());
        // The end is sticky.
        char c;
        Result<size_t> again = stream.Read(&c, 1);
        ASSERT_TRUE(again.ok());
        EXPECT_EQ(*again, 0u);
      }
    }
  }
}

TEST(ReadAheadStreamTest, TheErrorComesAfterTheBytesBeforeItAndStays) {
  const std::string data = RandomBytes(50000, 3);
  const Status failure(StatusCode::kDataError, "zstd: corrupt block");
  ReadAheadStream stream(std::make_unique<ChoppyStream>(data, 3000, failure), 1024, 2);
  Status end;
  EXPECT_EQ(ReadAll(&stream, 777, &end), data);
  EXPECT_EQ(end.code(), StatusCode::kDataError);
  EXPECT_EQ(end.message(), "zstd: corrupt block");
  char c;
  Result<size_t> again = stream.Read(&c, 1);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kDataError);
}

TEST(ReadAheadStreamTest, DroppedUnreadWhileTheThreadWaitsForRoom) {
  // Far more than max_chunks x chunk_bytes: the thread fills the queue and waits.
  const std::string data = RandomBytes(200000, 5);
  for (int i = 0; i < 20; ++i) {
    auto stream = std::make_unique<ReadAheadStream>(std::make_unique<ChoppyStream>(data, 4000), 512, 2);
    char buffer[100];
    if (i % 2) {
      ASSERT_TRUE(stream->Read(buffer, sizeof buffer).ok());
    }
    stream.reset();  // joins without hanging
  }
}

// Streams that share a ReadAheadBuffers (one per reader, reused from file to file) each
// give their own bytes, whatever the earlier streams left in the buffers.
TEST(ReadAheadStreamTest, StreamsSharingBuffersEachGiveTheirOwnBytes) {
  ReadAheadBuffers buffers;
  for (uint32_t k = 0; k < 30; ++k) {
    const std::string data = RandomBytes(k * 997 % 20000, k);
    for (bool read_out : {true, false}) {
      ReadAheadStream stream(std::make_unique<ChoppyStream>(data, 3000), 4096, 3, &buffers);
      if (!read_out) continue;  // dropped unread: its chunks go back too
      Status end;
      EXPECT_EQ(ReadAll(&stream, 5000, &end), data) << k;
      EXPECT_TRUE(end.ok());
    }
  }
  // What is kept is whole chunks, ready for the next stream.
  std::string chunk = buffers.Take();
  EXPECT_GE(chunk.capacity(), 4096u);
}

}  // namespace
}  // namespace doppel::io

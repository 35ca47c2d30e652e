// LineReader: lines across block boundaries, buffer growth, over-long lines, errors.
#include "io/line_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "io/byte_stream.h"
#include "io_test_util.h"

namespace doppel::io {
namespace {

using test_util::ChoppyStream;

struct Seen {
  std::vector<std::string> texts;  // "<too long: N>" for skipped lines
  std::vector<uint64_t> numbers;
  std::vector<bool> cut;
  Status status;
};

Seen ReadAll(ByteStream* stream, size_t max_line_bytes, size_t block_bytes) {
  LineReader reader(stream, max_line_bytes, block_bytes);
  Seen seen;
  Line line;
  while (reader.Next(&line)) {
    if (line.too_long) {
      seen.texts.push_back("<too long: " + std::to_string(line.length) + ">");
    } else {
      EXPECT_EQ(line.length, line.text.size() + (line.text.size() < line.length ? 1 : 0));
      seen.texts.emplace_back(line.text);
    }
    seen.numbers.push_back(line.number);
    seen.cut.push_back(line.cut_by_error);
  }
  seen.status = reader.status();
  EXPECT_FALSE(reader.Next(&line));  // stays done
  return seen;
}

TEST(LineReaderTest, SplitsLinesAcrossTinyBlocksAndChunks) {
  std::string data;
  std::vector<std::string> expected;
  for (int n = 0; n < 500; ++n) {
    expected.push_back(std::string(n % 37, static_cast<char>('a' + n % 26)));
    data += expected.back() + "\n";
  }
  for (size_t block : {64, 100, 4096}) {
    ChoppyStream stream(data, 13);
    Seen seen = ReadAll(&stream, 1000, block);
    EXPECT_EQ(seen.texts, expected) << "block " << block;
    EXPECT_EQ(seen.numbers.back(), 500u);
    EXPECT_TRUE(seen.status.ok());
  }
}

TEST(LineReaderTest, GrowsForLongLines) {
  std::string long_line(10000, 'L');
  std::string data = "short\n" + long_line + "\nafter\n" + long_line + "\n";
  ChoppyStream stream(data, 3000);
  Seen seen = ReadAll(&stream, 20000, 64);
  EXPECT_EQ(seen.texts, (std::vector<std::string>{"short", long_line, "after", long_line}));
}

TEST(LineReaderTest, SkipsLinesOverTheLimitWithoutHoldingThem) {
  std::string data = "ok\n" + std::string(5000, 'x') + "\nfits\n" + std::string(101, 'y');
  ChoppyStream stream(data, 777);
  Seen seen = ReadAll(&stream, 100, 64);
  EXPECT_EQ(seen.texts,
            (std::vector<std::string>{"ok", "<too long: 5000>", "fits", "<too long: 101>"}));
  EXPECT_EQ(seen.numbers, (std::vector<uint64_t>{1, 2, 3, 4}));
}

TEST(LineReaderTest, LineOfExactlyTheLimitIsKept) {
  std::string data = std::string(100, 'z') + "\n" + std::string(100, 'w');
  ChoppyStream stream(data, 50);
  Seen seen = ReadAll(&stream, 100, 64);
  EXPECT_EQ(seen.texts, (std::vector<std::string>{std::string(100, 'z'), std::string(100, 'w')}));
}

TEST(LineReaderTest, StripsOneCarriageReturnBeforeNewline) {
  ChoppyStream stream("a\r\n\r\nb\r\r\nc\r", 2);
  Seen seen = ReadAll(&stream, 100, 64);
  EXPECT_EQ(seen.texts, (std::vector<std::string>{"a", "", "b\r", "c"}));
}

TEST(LineReaderTest, MarksThePartialLineBeforeAnErrorAndStops) {
  ChoppyStream stream("one\ntwo\nthr", 5, DataError("boom"));
  Seen seen = ReadAll(&stream, 100, 64);
  EXPECT_EQ(seen.texts, (std::vector<std::string>{"one", "two", "thr"}));
  EXPECT_EQ(seen.cut, (std::vector<bool>{false, false, true}));
  EXPECT_EQ(seen.status.code(), StatusCode::kDataError);
  EXPECT_EQ(seen.status.message(), "boom");
}

TEST(LineReaderTest, ErrorRightAfterANewlineLeavesNoPartialLine) {
  ChoppyStream stream("one\n", 5, IoError("disk"));
  Seen seen = ReadAll(&stream, 100, 64);
  EXPECT_EQ(seen.texts, (std::vector<std::string>{"one"}));
  EXPECT_EQ(seen.status.code(), StatusCode::kIoError);
}

TEST(LineReaderTest, EmptyStreamHasNoLines) {
  ChoppyStream stream("", 5);
  Seen seen = ReadAll(&stream, 100, 64);
  EXPECT_TRUE(seen.texts.empty());
  EXPECT_TRUE(seen.status.ok());
}

TEST(LineReaderTest, PaddingAfterEveryLineIsAllocated) {
  // Under AddressSanitizer this reads the promised padding of every line.
  std::string data;
  for (int n = 0; n < 300; ++n) data += std::string(n % 70, 'p') + "\n";
  ChoppyStream stream(data, 64);
  LineReader reader(&stream, 1000, 64);
  Line line;
  unsigned sum = 0;
  while (reader.Next(&line)) {
    for (size_t k = 0; k < LineReader::kPadding; ++k) {
      sum += static_cast<unsigned char>(line.text.data()[line.text.size() + k]);
    }
  }
  EXPECT_TRUE(reader.status().ok());
  (void)sum;
}

// A line whose buffer is held (LineReader::Hold) keeps its text and padding, unchanged,
// while the reader goes on through more buffers: across tiny blocks, a line that grows
// the buffer and one skipped over the limit; the buffers of lines not held are reused.
TEST(LineReaderTest, HeldLinesStayUnchangedWhileReadingGoesOn) {
  std::string data;
  std::vector<std::string> expected;
  for (int n = 0; n < 2000; ++n) {
    std::string text = n == 700 ? std::string(5000, 'G') : std::string(n % 53, static_cast<char>('a' + n % 26));
    if (n == 1300) text = std::string(30000, 'S');  // over the limit: skipped
    data += text + (n % 7 == 0 ? "\r\n" : "\n");
    expected.push_back(n == 1300 ? "" : text);
  }
  ChoppyStream stream(data, 97);
  LineReader reader(&stream, 20000, 64);
  struct Kept {
    size_t index;
    std::string_view text;
    std::string padding;  // the kPadding bytes after the text when it was returned
    std::shared_ptr<const void> hold;
  };
  std::vector<Kept> kept;
  Line line;
  size_t index = 0;
  while (reader.Next(&line)) {
    ASSERT_EQ(line.too_long, index == 1300);
    // Every third line held to the end; the others let go at once.
    if (!line.too_long && index % 3 == 0) {
      kept.push_back({index, line.text, std::string(line.text.data() + line.text.size(), LineReader::kPadding),
                      reader.Hold()});
      ASSERT_NE(kept.back().hold, nullptr);
    }
    ++index;
  }
  ASSERT_TRUE(reader.status().ok());
  ASSERT_EQ(index, expected.size());
  for (const Kept& k : kept) {
    EXPECT_EQ(k.text, expected[k.index]) << "line " << k.index + 1;
    EXPECT_EQ(std::string(k.text.data() + k.text.size(), LineReader::kPadding), k.padding) << "line " << k.index + 1;
  }
}

}  // namespace
}  // namespace doppel::io

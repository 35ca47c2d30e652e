#include "io/byte_stream.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/decompress.h"

namespace doppel::io {

FdStream::~FdStream() {
  if (owned_ && fd_ >= 0) close(fd_);
}

void EnlargePipeBuffer(int fd) {
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode)) return;
  (void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);  // a failure leaves the buffer as it was
}

Result<size_t> FdStream::Read(char* dst, size_t capacity) {
  // read(2) may transfer at most 0x7ffff000 bytes at a time on Linux.
  constexpr size_t kMaxReadBytes = size_t{1} << 30;
  if (capacity > kMaxReadBytes) capacity = kMaxReadBytes;
  while (true) {
    ssize_t n = read(fd_, dst, capacity);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    return IoError(ErrnoMessage(errno));
  }
}

Result<size_t> PrefixedStream::Read(char* dst, size_t capacity) {
  if (prefix_pos_ < prefix_.size()) {
    size_t n = std::min(capacity, prefix_.size() - prefix_pos_);
    std::memcpy(dst, prefix_.data() + prefix_pos_, n);
    prefix_pos_ += n;
    return n;
  }
  return inner_->Read(dst, capacity);
}

Result<std::unique_ptr<FdStream>> OpenFile(const std::string& path) {
  int fd;
  do {
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return IoError("cannot open " + path + ": " + ErrnoMessage(errno));
  // A hint only: the kernel may read ahead more aggressively.
  (void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::make_unique<FdStream>(fd, /*owned=*/true);
}

std::string ErrnoMessage(int error_number) {
  char buf[256];
  // GNU strerror_r returns the message, which may or may not be `buf`.
  const char* message = strerror_r(error_number, buf, sizeof(buf));
  return message;
}

Compression DetectCompression(std::string_view head) {
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
      static_cast<unsigned char>(head[1]) == 0x8b) {
    return Compression::kGzip;
  }
  if (head.size() >= 4 && head.substr(0, 4) == std::string_view("\x28\xb5\x2f\xfd", 4)) {
    return Compression::kZstd;
  }
  return Compression::kNone;
}

std::unique_ptr<ByteStream> Decompress(Compression compression, std::unique_ptr<ByteStream> in) {
  switch (compression) {
    case Compression::kGzip:
      return std::make_unique<GzipStream>(std::move(in));
    case Compression::kZstd:
      return std::make_unique<ZstdStream>(std::move(in));
    case Compression::kNone:
      break;
  }
  return in;
}

}  // namespace doppel::io

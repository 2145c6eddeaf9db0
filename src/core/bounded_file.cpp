#include "tgperf/core/bounded_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

#include "tgperf/core/usage_error.hpp"

namespace tgperf {
namespace {

// Closes a descriptor it opened when it goes out of scope; standard input is left open.
class InputFd {
 public:
  explicit InputFd(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~InputFd() {
    if (owned_ && fd_ >= 0) ::close(fd_);
  }
  InputFd(const InputFd&) = delete;
  InputFd& operator=(const InputFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
  bool owned_;
};

std::string describe(const std::string& path, std::string_view flag) {
  return path == "-" ? fmt::format("the {} input on stdin", flag) : fmt::format("the {} file '{}'", flag, path);
}

[[noreturn]] void too_large(const std::string& path, std::string_view flag, std::size_t max_bytes) {
  throw UsageError(fmt::format("{} is larger than {} (the limit)", describe(path, flag), format_byte_limit(max_bytes)));
}

}  // namespace

std::string format_byte_limit(std::size_t bytes) {
  if (bytes % (1024 * 1024) == 0) return fmt::format("{} MiB", bytes / (1024 * 1024));
  if (bytes % 1024 == 0) return fmt::format("{} KiB", bytes / 1024);
  return fmt::format("{} bytes", bytes);
}

std::string read_bounded_file(const std::string& path, std::string_view flag, std::size_t max_bytes) {
  const bool from_stdin = path == "-";
  // O_NONBLOCK on open only: a FIFO without a writer must not block the open; reads below block.
  const InputFd in(from_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK), !from_stdin);
  if (in.get() < 0) throw UsageError(fmt::format("cannot read {}: {}", describe(path, flag), std::strerror(errno)));
  struct stat info {};
  if (::fstat(in.get(), &info) == 0 && S_ISDIR(info.st_mode)) {
    throw UsageError(fmt::format("cannot read {}: it is a directory", describe(path, flag)));
  }
  if (!from_stdin) {
    const int mode = ::fcntl(in.get(), F_GETFL);
    if (mode >= 0) ::fcntl(in.get(), F_SETFL, mode & ~O_NONBLOCK);
  }
  std::string content;
  char buffer[8192];
  for (;;) {
    const ssize_t n = ::read(in.get(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw UsageError(fmt::format("cannot read {}: {}", describe(path, flag), std::strerror(errno)));
    }
    if (content.size() + static_cast<std::size_t>(n) > max_bytes) too_large(path, flag, max_bytes);
    content.append(buffer, static_cast<std::size_t>(n));
  }
  return content;
}

void check_input_file(const std::string& path, std::string_view flag, std::size_t max_bytes) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw UsageError(fmt::format("cannot read {}: {}", describe(path, flag), std::strerror(errno)));
  }
  if (S_ISDIR(info.st_mode)) throw UsageError(fmt::format("cannot read {}: it is a directory", describe(path, flag)));
  if (!S_ISREG(info.st_mode)) {
    throw UsageError(fmt::format("cannot use {}: not a regular file (a device or a pipe is never a {} file)",
                                 describe(path, flag), flag));
  }
  if (::access(path.c_str(), R_OK) != 0) {
    throw UsageError(fmt::format("cannot read {}: {}", describe(path, flag), std::strerror(errno)));
  }
  if (static_cast<unsigned long long>(info.st_size) > max_bytes) too_large(path, flag, max_bytes);
}

}  // namespace tgperf

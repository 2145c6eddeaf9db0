#include "tgperf/core/temporary_directory.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace tgperf {
namespace {

// Empties and removes the flat directory `path` using system calls only: it runs in a child forked
// from a multithreaded process, where malloc or a lock held by another thread could deadlock.
void remove_flat_directory(const char* path) {
  const int dir = ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    alignas(8) char buffer[4096];
    for (;;) {
      const long n = ::syscall(SYS_getdents64, dir, buffer, sizeof buffer);
      if (n <= 0) break;
      for (long offset = 0; offset < n;) {
        const auto* entry = reinterpret_cast<const dirent64*>(buffer + offset);
        const char* name = entry->d_name;
        const bool dots = name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'));
        if (!dots) ::unlinkat(dir, name, 0);
        offset += entry->d_reclen;
      }
    }
    ::close(dir);
  }
  ::rmdir(path);
}

// The guardian's whole life: wait until every write end of the pipe is closed (the parent exited,
// however), then remove the directory. Only async-signal-safe calls from here on.
[[noreturn]] void run_guardian(int read_end, const char* path) {
  ::setsid();  // out of the terminal's process group: Ctrl-C and terminal hangups miss it
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) ::signal(signal_number, SIG_IGN);
  // Hold nothing of the parent's: an inherited stdout pipe would keep its reader waiting for EOF.
  // The pipe moves to descriptor 3 (by way of a high number, in case it sits on 0-2 now).
  const int high = ::fcntl(read_end, F_DUPFD, 100);
  const int null = ::open("/dev/null", O_RDWR);
  for (int fd = 0; fd <= 2; ++fd) ::dup2(null, fd);
  ::dup2(high, 3);
  ::close_range(4, ~0U, 0);
  for (;;) {
    char byte;
    const ssize_t n = ::read(3, &byte, 1);
    if (n == 0 || (n < 0 && errno != EINTR)) break;
  }
  remove_flat_directory(path);
  ::_exit(0);
}

}  // namespace

TemporaryDirectory::TemporaryDirectory(std::string_view prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (std::string(prefix) + "XXXXXX")).string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    throw std::runtime_error("cannot create a temporary directory in " +
                             std::filesystem::temp_directory_path().string() + ": " + std::strerror(errno));
  }
  path_ = buffer.data();
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) {
    const int error = errno;
    ::rmdir(path_.c_str());
    throw std::runtime_error(std::string("cannot create a temporary directory: pipe: ") + std::strerror(error));
  }
  guardian_ = ::fork();
  if (guardian_ == 0) run_guardian(ends[0], buffer.data());
  ::close(ends[0]);
  if (guardian_ < 0) {
    const int error = errno;
    ::close(ends[1]);
    ::rmdir(path_.c_str());
    throw std::runtime_error(std::string("cannot create a temporary directory: fork: ") + std::strerror(error));
  }
  guardian_pipe_ = ends[1];
}

TemporaryDirectory::~TemporaryDirectory() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
  ::close(guardian_pipe_);  // the guardian finds nothing left to remove and exits
  int status = 0;
  while (::waitpid(guardian_, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace tgperf

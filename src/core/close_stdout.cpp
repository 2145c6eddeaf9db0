#include "tgperf/core/close_stdout.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace tgperf {

int close_stdout(int status) {
  // std::cout is synchronised with stdio: its bytes are in stdout's buffer, or failed there.
  std::cout.flush();
  errno = 0;
  const bool flush_failed = std::fflush(stdout) != 0;
  const int flush_errno = errno;
  if (!flush_failed && !std::ferror(stdout) && !std::cout.bad()) return status;
  if (flush_errno == EPIPE) return status;
  // An earlier write failed and its errno is gone: the reason is unknown, the failure is not.
  if (flush_failed && flush_errno != 0) {
    std::fprintf(stderr, "tgperf: write error: %s\n", std::strerror(flush_errno));
  } else {
    std::fputs("tgperf: write error\n", stderr);
  }
  return kExitWriteError;
}

}  // namespace tgperf

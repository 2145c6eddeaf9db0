#pragma once
// A private temporary directory ($TMPDIR/<prefix>XXXXXX, mode 0700) that does not outlive the
// process, whichever way the process ends.
//
// The destructor removes it on every orderly path (return, exception). For the others, where no
// destructor runs (SIGPIPE on a closed stdout, a second Ctrl-C, SIGKILL, abort), a small guardian
// process forked at creation waits for this process to go away and then removes the directory. It
// notices through a pipe whose only write end this process holds: the kernel closes it on any exit.
// The guardian leaves the terminal's process group, so a Ctrl-C meant for tgperf does not stop it.
//
// The directory is flat: files in it are removed, subdirectories are not supported.
#include <string>
#include <string_view>
#include <sys/types.h>

namespace tgperf {

class TemporaryDirectory {
 public:
  // Throws std::runtime_error when the directory (or the guardian) cannot be created.
  explicit TemporaryDirectory(std::string_view prefix);
  ~TemporaryDirectory();
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int guardian_pipe_ = -1;  // write end; closing it tells the guardian to clean up and exit
  pid_t guardian_ = -1;
};

}  // namespace tgperf

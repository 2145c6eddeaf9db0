#pragma once
// The tgperf binary as a child process for CLI tests: stdout and stderr captured by reader threads,
// lines awaited with a timeout, signals, and a kill timer so that a test never hangs.
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace tgperf::test {

class ChildProcess {
 public:
  // Starts `program` with `args`; it is killed (SIGKILL) if still running after `limit`.
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               std::chrono::seconds limit = std::chrono::seconds(60));
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Waits until stdout (or stderr) holds a line containing `needle`; returns that line.
  std::optional<std::string> wait_for_line(const std::string& needle, bool from_stderr,
                                           std::chrono::seconds timeout = std::chrono::seconds(20));
  void signal(int signo);
  // Waits for exit; the exit status (128+signal when killed), or nullopt on timeout.
  std::optional<int> wait(std::chrono::seconds timeout = std::chrono::seconds(30));
  std::string out();
  std::string err();

 private:
  void read_into(int fd, std::string& buffer);

  pid_t pid_ = -1;
  std::mutex mutex_;  // guards out_, err_, closed_, status_
  std::condition_variable changed_;
  std::string out_, err_;
  int closed_ = 0;
  std::optional<int> status_;
  std::vector<std::thread> readers_;
  std::thread killer_;
  bool stop_killer_ = false;
};

}  // namespace tgperf::test

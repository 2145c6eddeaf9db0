#include "child_process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>

namespace tgperf::test {

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           std::chrono::seconds limit) {
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    close(out[0]);
    close(err[0]);
    close(out[1]);
    close(err[1]);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  readers_.emplace_back([this, fd = out[0]] { read_into(fd, out_); });
  readers_.emplace_back([this, fd = err[0]] { read_into(fd, err_); });
  killer_ = std::thread([this, limit] {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, limit, [this] { return stop_killer_ || status_.has_value(); })) {
      kill(pid_, SIGKILL);
    }
  });
}

ChildProcess::~ChildProcess() {
  if (!wait(std::chrono::seconds(0))) {
    kill(pid_, SIGKILL);
    wait(std::chrono::seconds(10));
  }
  {
    std::lock_guard lock(mutex_);
    stop_killer_ = true;
  }
  changed_.notify_all();
  killer_.join();
  for (auto& r : readers_) r.join();
}

void ChildProcess::read_into(int fd, std::string& buffer) {
  char chunk[4096];
  for (;;) {
    const auto n = read(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    std::lock_guard lock(mutex_);
    buffer.append(chunk, static_cast<std::size_t>(n));
    changed_.notify_all();
  }
  close(fd);
  std::lock_guard lock(mutex_);
  ++closed_;
  changed_.notify_all();
}

std::optional<std::string> ChildProcess::wait_for_line(const std::string& needle, bool from_stderr,
                                                       std::chrono::seconds timeout) {
  std::unique_lock lock(mutex_);
  std::optional<std::string> found;
  changed_.wait_for(lock, timeout, [&] {
    const std::string& text = from_stderr ? err_ : out_;
    const auto at = text.find(needle);
    if (at != std::string::npos) {
      const auto start = text.rfind('\n', at);
      const auto end = text.find('\n', at);
      if (end == std::string::npos) return false;  // the line is not complete yet
      found = text.substr(start == std::string::npos ? 0 : start + 1,
                          end - (start == std::string::npos ? 0 : start + 1));
      return true;
    }
    return closed_ == 2;
  });
  return found;
}

void ChildProcess::signal(int signo) { kill(pid_, signo); }

std::optional<int> ChildProcess::wait(std::chrono::seconds timeout) {
  {
    std::lock_guard lock(mutex_);
    if (status_) return status_;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      std::unique_lock lock(mutex_);
      status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      // Let the readers drain what the child wrote before it exited.
      changed_.wait_for(lock, std::chrono::seconds(5), [this] { return closed_ == 2; });
      changed_.notify_all();
      return status_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string ChildProcess::out() {
  std::lock_guard lock(mutex_);
  return out_;
}

std::string ChildProcess::err() {
  std::lock_guard lock(mutex_);
  return err_;
}

}  // namespace tgperf::test

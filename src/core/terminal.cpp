#include "tgperf/core/terminal.hpp"
#include "tgperf/core/ascii.hpp"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace tgperf {

namespace {

// Set once by main() while parsing the command line, read later by the commands.
std::atomic<bool> g_color_disabled{false};

}  // namespace

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

bool stdout_color_enabled(bool no_color_flag) {
  const char* no_color = std::getenv("NO_COLOR");
  const bool env_forbids = no_color != nullptr && no_color[0] != '\0';
  return !no_color_flag && !g_color_disabled.load() && !env_forbids && is_terminal(1);
}

void disable_color() { g_color_disabled.store(true); }

bool unicode_output() {
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || value[0] == '\0') continue;
    const std::string charset = ascii_lower(value);
    return charset.find("utf-8") != std::string::npos || charset.find("utf8") != std::string::npos;
  }
  return false;
}

std::string_view plus_minus_sign() { return unicode_output() ? "±" : "+/-"; }

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled) {}

ProgressLine::~ProgressLine() { clear(); }

void ProgressLine::update(std::string_view text, bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && shown_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  shown_ = true;
  std::fprintf(stderr, "\r%.*s\x1b[K", static_cast<int>(text.size()), text.data());
  std::fflush(stderr);
}

void ProgressLine::clear() {
  if (!enabled_ || !shown_) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace tgperf

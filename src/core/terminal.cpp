#include "tgperf/core/terminal.hpp"
#include "tgperf/core/ascii.hpp"
#include "tgperf/core/utf8_length.hpp"

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

bool escape_sequences_allowed(int fd, bool no_color_flag) {
  const char* no_color = std::getenv("NO_COLOR");
  const bool no_color_set = no_color != nullptr && no_color[0] != '\0';
  const char* term = std::getenv("TERM");
  const bool dumb = term != nullptr && std::string_view(term) == "dumb";
  return !no_color_flag && !g_color_disabled.load() && !no_color_set && !dumb && is_terminal(fd);
}

bool stdout_color_enabled(bool no_color_flag) { return escape_sequences_allowed(1, no_color_flag); }

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

ProgressLine::ProgressLine(bool enabled)
    : enabled_(enabled), erase_by_escape_(enabled && escape_sequences_allowed(2)) {}

ProgressLine::~ProgressLine() { clear(); }

void ProgressLine::write(std::string_view text) {
  std::string line = "\r" + std::string(text);
  // Terminal cells: the progress lines and sparklines are ASCII and single-width glyphs.
  const std::size_t columns = utf8_length(text);
  if (erase_by_escape_) {
    line += "\x1b[K";
  } else if (columns < shown_columns_) {
    line += std::string(shown_columns_ - columns, ' ');
  }
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
  shown_columns_ = columns;
}

void ProgressLine::update(std::string_view text, bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && shown_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  shown_ = true;
  write(text);
}

void ProgressLine::clear() {
  if (!enabled_ || !shown_) return;
  if (erase_by_escape_) {
    std::fputs("\r\x1b[K", stderr);
  } else {
    const std::string blank = "\r" + std::string(shown_columns_, ' ') + "\r";
    std::fwrite(blank.data(), 1, blank.size(), stderr);
  }
  std::fflush(stderr);
  shown_ = false;
  shown_columns_ = 0;
}

}  // namespace tgperf

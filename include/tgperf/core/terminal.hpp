#pragma once
// What the terminal allows, one policy for every escape sequence tgperf writes (colours on stdout,
// the progress line's erase-to-end-of-line on stderr): only to a terminal, and never with TERM=dumb
// (a terminal that shows them as garbage: Emacs' shell, some CI logs), NO_COLOR set or --no-color.
// Progress lines only when stderr is a terminal, so pipes and logs stay clean; without escapes they
// overwrite themselves with carriage returns and spaces alone, as git's progress does on TERM=dumb.
#include <chrono>
#include <string>
#include <string_view>

namespace tgperf {

bool is_terminal(int fd);

// Escape sequences on `fd`: a terminal, TERM not "dumb", NO_COLOR unset (https://no-color.org), and
// not disabled by flag (the command's own `no_color_flag` or the root `tgperf --no-color`, see
// disable_color()).
bool escape_sequences_allowed(int fd, bool no_color_flag = false);

// Colours for stdout: escape_sequences_allowed(1, no_color_flag).
bool stdout_color_enabled(bool no_color_flag = false);

// Turns colours off for the whole process: the root `--no-color` flag, which every subcommand
// accepts too (`tgperf --no-color ping`, `tgperf ping --no-color`). Call before any output.
void disable_color();

// Whether output may use characters beyond ASCII (block bars, "±", "—"): the locale's character set
// is UTF-8. Decided as setlocale(LC_CTYPE, "") would: the first non-empty of LC_ALL, LC_CTYPE,
// LANG; unset, "C" or "POSIX" mean ASCII. A terminal under LC_ALL=C shows UTF-8 bytes as garbage.
bool unicode_output();

// "±" where unicode_output() allows it, else "+/-".
std::string_view plus_minus_sign();

// A single self-overwriting status line on stderr ("\r...\x1b[K", or "\r..." padded with spaces
// where escape_sequences_allowed(2) says no), for runs longer than a couple of seconds. Silent when
// stderr is not a terminal; updates are throttled so it costs nothing in a loop. Construct it after
// disable_color() has had its say (main parses the command line first).
class ProgressLine {
 public:
  explicit ProgressLine(bool enabled = is_terminal(2));
  ~ProgressLine();  // erases the line
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  bool enabled() const { return enabled_; }
  // Shows `text` unless the previous update was less than 100 ms ago (`force` shows it anyway).
  void update(std::string_view text, bool force = false);
  void clear();

 private:
  void write(std::string_view text);

  bool enabled_;
  bool erase_by_escape_;           // "\x1b[K"; otherwise spaces over what the last line left
  std::size_t shown_columns_ = 0;  // terminal cells of the line on screen
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace tgperf

#pragma once
// A self-overwriting line on stderr made of nothing but carriage returns and spaces, for ping's
// live sparkline: unlike ProgressLine's erase-line escape it is also fine under NO_COLOR and
// --no-color, where users (and the colour tests) expect no escape sequence at all. Silent when
// disabled; erased in the destructor.
#include <cstdio>
#include <string>
#include <string_view>

namespace tgperf::cli {

class PlainStatusLine {
 public:
  explicit PlainStatusLine(bool enabled) : enabled_(enabled) {}
  ~PlainStatusLine() { clear(); }
  PlainStatusLine(const PlainStatusLine&) = delete;
  PlainStatusLine& operator=(const PlainStatusLine&) = delete;

  // `columns`: how many terminal cells `text` takes (it may hold multi-byte characters).
  void show(std::string_view text, std::size_t columns) {
    if (!enabled_) return;
    std::string line = "\r" + std::string(text);
    if (columns < shown_columns_) line += std::string(shown_columns_ - columns, ' ');
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
    shown_columns_ = columns;
  }

  void clear() {
    if (!enabled_ || shown_columns_ == 0) return;
    const std::string blank = "\r" + std::string(shown_columns_, ' ') + "\r";
    std::fwrite(blank.data(), 1, blank.size(), stderr);
    std::fflush(stderr);
    shown_columns_ = 0;
  }

 private:
  bool enabled_;
  std::size_t shown_columns_ = 0;
};

}  // namespace tgperf::cli

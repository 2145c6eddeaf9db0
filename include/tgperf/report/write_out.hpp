#pragma once
// curl's --write-out language for curl-timing records: `%{variable}`, `%{json}`, `%%`, and the
// escapes `\n \r \t \\`, printed once per request like curl does.
//
// Variables use curl's names and formats: time_* in seconds with six decimals, http_code as three
// digits, sizes and speed_download as integers, url/url_effective redacted. A template naming a
// variable tgperf does not know is rejected when parsed, naming the variable.
#include <string>
#include <string_view>
#include <vector>

#include "tgperf/report/timing_record.hpp"

namespace tgperf::report {

class WriteOutTemplate {
 public:
  // Throws UsageError ("unknown --write-out variable 'x'") for an unknown variable.
  static WriteOutTemplate parse(std::string_view text);

  std::string render(const TimingRecord& record) const;

 private:
  struct Piece {
    bool is_variable;
    std::string text;  // literal text, or the variable name
  };
  std::vector<Piece> pieces_;
};

// What -w takes: FORMAT as is, `@FILE` the file's content, `@-` standard input. As curl does, line
// breaks of a file are dropped (write `\n` for one). Throws UsageError when the file cannot be read
// or holds more than 64 KiB (core/bounded_file.hpp).
std::string load_write_out_argument(std::string_view argument);

// The variables tgperf knows, in curl's alphabetical order.
const std::vector<std::string>& write_out_variables();

}  // namespace tgperf::report

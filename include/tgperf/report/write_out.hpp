#pragma once
// curl's --write-out language for curl-timing records, printed once per request like curl does:
// `%{variable}`, `%{json}`, `%{header_json}`, `%header{name}`, `%{stdout}` / `%{stderr}` (where the
// rest goes), `%{onerror}` (the rest only for a failed transfer), `%%`, and the escapes
// `\n \r \t \\`. Variable names match in any case, as in curl 7.88 (Debian 12).
//
// Variables use curl's names and formats: time_* in seconds with six decimals, http_code as three
// digits, sizes and speed_download as integers, scheme upper case ("HTTPS", as libcurl 7 reports
// it), url/url_effective redacted. A template naming a variable tgperf does not know is rejected
// when parsed, naming the variable (curl warns and goes on); the README lists what is missing.
#include <string>
#include <string_view>
#include <vector>

#include "tgperf/botapi/timing_record.hpp"

namespace tgperf::report {

// Where a piece of write-out output goes: %{stdout} (the start) or %{stderr}.
enum class WriteOutStream { out, err };

struct WriteOutChunk {
  WriteOutStream stream;
  std::string text;
};

class WriteOutTemplate {
 public:
  // Throws UsageError ("unknown --write-out variable 'x'") for an unknown variable.
  static WriteOutTemplate parse(std::string_view text);

  // The output for one request, in order, each chunk with the stream it goes to.
  std::vector<WriteOutChunk> render_chunks(const botapi::TimingRecord& record) const;
  // Only what goes to stdout, joined.
  std::string render(const botapi::TimingRecord& record) const;

 private:
  enum class Kind { literal, variable, header, to_stdout, to_stderr, on_error, json, header_json };
  struct Piece {
    Kind kind;
    std::string text;  // literal text, a variable name (lower case) or a header name
  };
  std::vector<Piece> pieces_;
};

// What -w takes: FORMAT as is, `@FILE` the file's content, `@-` standard input. As curl does, line
// breaks of a file are dropped (write `\n` for one). Throws UsageError when the file cannot be read
// or holds more than 64 KiB (core/bounded_file.hpp).
std::string load_write_out_argument(std::string_view argument);

// The variables tgperf knows (values, and %{json}), in curl's alphabetical order.
const std::vector<std::string>& write_out_variables();
// The %{...} names that are no value of their own: header_json, onerror, stderr, stdout.
const std::vector<std::string>& write_out_directives();

}  // namespace tgperf::report

#pragma once
// Bad input from the user: a flag, a target, a duration, a token, a file.
//
// Library code throws UsageError for input it cannot act on; the command line catches it in one
// place, prints `tgperf: <what()>` as a single line on stderr and exits with status 2. Expected
// runtime failures (a refused port, a 401 from the server) are not usage errors: they are values
// in the results.
#include <stdexcept>
#include <string>

namespace tgperf {

class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace tgperf

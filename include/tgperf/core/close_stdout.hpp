#pragma once
// Output that could not be written is a failure, as in coreutils' close_stdout: a report sent to a
// full disk (`tgperf ... --format prometheus > /dev/full`) must not exit 0, or the README's
// temp-then-rename recipe would publish an empty metrics file. Checked once, at the end of main,
// for every command alike: stdout is flushed and its error flag read.

#include <string>

namespace tgperf {

// The exit status of a run whose stdout could not be written (documented in README and tgperf(1)).
inline constexpr int kExitWriteError = 3;

// Flushes stdout (std::cout and the C stream) and returns `status` if everything written reached
// it. Otherwise prints "tgperf: write error[: REASON]" on stderr and returns kExitWriteError. A
// reader that went away (EPIPE, `tgperf ... | head`) is no error of ours and stays quiet, as the
// SIGPIPE that normally ends such a run is.
int close_stdout(int status);

}  // namespace tgperf

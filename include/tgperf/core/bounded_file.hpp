#pragma once
// Every file or stream tgperf reads has a stated size limit. A template, a certificate or a key is
// small; `-w @/dev/zero` or a multi-gigabyte file given by mistake must be refused at once with one
// line naming the flag and the limit, not read until memory runs out.
#include <cstddef>
#include <string>
#include <string_view>

namespace tgperf {

// The limits, in one place so the help texts, the README and the checks agree.
inline constexpr std::size_t kMaxWriteOutBytes = 64 * 1024;          // -w @FILE / @-
inline constexpr std::size_t kMaxCaBundleBytes = 4 * 1024 * 1024;    // --cacert (a system bundle is ~200 KiB)
inline constexpr std::size_t kMaxPemFileBytes = 1024 * 1024;         // serve --cert / --key

// "64 KiB", "4 MiB": how a limit is named in messages.
std::string format_byte_limit(std::size_t bytes);

// Reads all of `path` ("-": standard input) into memory, at most `max_bytes`. Throws UsageError
// naming `flag` when it cannot be opened, is a directory, or holds more than `max_bytes` (then
// only `max_bytes + 1` bytes were read: a device such as /dev/zero ends the read at once).
std::string read_bounded_file(const std::string& path, std::string_view flag, std::size_t max_bytes);

// For a file a library opens itself (libcurl's CA bundle, OpenSSL's certificate and key): checks
// beforehand that it is a readable regular file of at most `max_bytes`. Throws UsageError naming
// `flag` otherwise: a FIFO or a device would make the library block or read forever.
void check_input_file(const std::string& path, std::string_view flag, std::size_t max_bytes);

}  // namespace tgperf

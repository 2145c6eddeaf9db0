#pragma once
// Where `-w @FILE` finds its template. The shipped formats are named `formats/NAME` in the help and
// the README, which works in a source checkout; once installed they live in
// `<prefix>/share/tgperf/formats`. So a relative `formats/NAME` that does not exist under the
// working directory is looked up in the installed formats directory.
#include <string>
#include <string_view>

namespace tgperf::report {

// The file to read for `-w @path`: `path` itself when it exists (or is not a `formats/` path);
// otherwise `<installed_formats_dir>/NAME` when that exists. Throws UsageError naming both places
// when neither does, and for a path that is a directory.
std::string locate_write_out_file(std::string_view path, std::string_view installed_formats_dir);

}  // namespace tgperf::report

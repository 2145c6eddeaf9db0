#include "tgperf/report/write_out_file.hpp"

#include <filesystem>
#include <system_error>

#include "tgperf/core/usage_error.hpp"

namespace tgperf::report {

std::string locate_write_out_file(std::string_view path, std::string_view installed_formats_dir) {
  constexpr std::string_view kPrefix = "formats/";
  std::error_code ec;
  const std::string given(path);
  // A directory would fail deep inside the stream library with a message naming neither it nor -w.
  if (std::filesystem::is_directory(given, ec)) throw UsageError("the --write-out file '" + given + "' is a directory");
  if (!path.starts_with(kPrefix) || std::filesystem::exists(given, ec)) return given;
  const std::string name(path.substr(kPrefix.size()));
  const std::string installed = (std::filesystem::path(installed_formats_dir) / name).string();
  if (!name.empty() && !installed_formats_dir.empty() && std::filesystem::is_regular_file(installed, ec)) {
    return installed;
  }
  throw UsageError("cannot find the --write-out file '" + given + "': neither ./" + given + " nor " + installed +
                   " exists");
}

}  // namespace tgperf::report

#include "cli/value_checks.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <string>

#include "tgperf/core/usage_error.hpp"
#include "tgperf/core/whole_number.hpp"

namespace tgperf::cli {
namespace {

void add_checks(CLI::Option& option) {
  // Flags take no value; positionals (targets) are checked by the parsers they feed.
  if (option.get_type_size() == 0 || option.get_positional()) return;
  const std::string name = option.get_name();
  // CLI11 names the value's type after the variable's: INT for signed, UINT for unsigned integers.
  const std::string type = option.get_type_name();
  const bool is_unsigned = type.starts_with("UINT");
  const bool is_signed = !is_unsigned && type.starts_with("INT");
  option.check(
      [name, is_unsigned, is_signed](const std::string& value) -> std::string {
        // -w '' is curl's own way to say "print nothing": the one flag whose empty value means something.
        if (value.empty() && name != "--write-out") throw UsageError(fmt::format("{} is empty", name));
        // Only the form and the 64-bit range here; a narrower variable's own conversion still
        // refuses more (parse_errors.cpp words that), and each command checks its own limits.
        if (is_unsigned) parse_unsigned_whole_number(value, name);
        if (is_signed) parse_signed_whole_number(value, name);
        return {};
      },
      "", "");
}

}  // namespace

void add_value_checks(CLI::App& app) {
  for (CLI::Option* option : app.get_options()) add_checks(*option);
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) add_value_checks(*sub);
}

}  // namespace tgperf::cli

#include "cli/parse_errors.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <regex>

namespace tgperf::cli {
namespace {

// Levenshtein distance with adjacent transpositions (optimal string alignment): "pnig" -> "ping" is 1.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// The subcommand being parsed when the error struck, or null at the root.
const CLI::App* active_subcommand(const CLI::App& root) {
  const auto parsed = root.get_subcommands();
  return parsed.empty() ? nullptr : parsed.front();
}

std::string command_name(const CLI::App* sub) { return sub ? "tgperf " + sub->get_name() : std::string("tgperf"); }

std::vector<std::string> subcommand_names(const CLI::App& root) {
  std::vector<std::string> names;
  for (const auto* sub : root.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  return names;
}

// Every long and short name of the options of `app` and of the root (whose flags fall through).
std::vector<std::string> flag_names(const CLI::App& root, const CLI::App* sub) {
  std::vector<std::string> names;
  for (const CLI::App* app : {&root, sub}) {
    if (app == nullptr) continue;
    for (const auto* option : app->get_options()) {
      for (const auto& n : option->get_lnames()) names.push_back("--" + n);
      for (const auto& n : option->get_snames()) names.push_back("-" + n);
    }
  }
  return names;
}

// What an option's value has to look like, from CLI11's type name (INT, UINT, FLOAT, TEXT, ...).
std::string expected_form(const CLI::App& root, const CLI::App* sub, const std::string& flag) {
  for (const CLI::App* app : {sub, &root}) {
    if (app == nullptr) continue;
    if (const auto* option = app->get_option_no_throw(flag)) {
      const std::string type = option->get_type_name();
      if (type.starts_with("UINT")) return "a whole number, 0 or more";
      if (type.starts_with("INT")) return "a whole number";
      if (type.starts_with("FLOAT")) return "a number";
      if (!type.empty()) return "a " + type;
    }
  }
  return "a valid value";
}

std::string unexpected_argument(const std::string& first, const CLI::App& root, const CLI::App* sub) {
  const std::string help = fmt::format("see '{} --help'", command_name(sub));
  if (first.starts_with('-')) {
    const std::string flag = first.substr(0, first.find('='));
    const std::string guess = nearest(flag, flag_names(root, sub));
    return fmt::format("unknown flag '{}' for {}{}", flag, command_name(sub),
                       guess.empty() ? "; " + help : fmt::format("; did you mean '{}'?", guess));
  }
  if (sub == nullptr) return unknown_command(first, root);
  const auto commands = subcommand_names(root);
  const bool is_command = std::find(commands.begin(), commands.end(), first) != commands.end();
  return fmt::format("unexpected argument '{}' for {}{}", first, command_name(sub),
                     is_command ? " (one command at a time)" : "; " + help);
}

}  // namespace

std::string unknown_command(const std::string& word, const CLI::App& root) {
  const auto names = subcommand_names(root);
  const std::string guess = nearest(word, names);
  if (!guess.empty()) return fmt::format("unknown command '{}'; did you mean '{}'?", word, guess);
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return fmt::format("unknown command '{}'; the commands are {}", word, list);
}

namespace {

// By type, not get_name(): CLI11 names some errors after the subcommand that raised them.
template <typename Kind>
bool is(const CLI::ParseError& error) {
  return dynamic_cast<const Kind*>(&error) != nullptr;
}

}  // namespace

std::string nearest(std::string_view typed, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(typed, c);
    if (best.empty() || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // Close enough to be a typo: at most 2 edits, and fewer than half the name.
  if (best.empty() || best_distance == 0 || best_distance > 2 || 2 * best_distance >= best.size()) return {};
  return best;
}

std::string describe_parse_error(const CLI::ParseError& error, const CLI::App& root) {
  const CLI::App* sub = active_subcommand(root);
  const std::string text = error.what();
  std::smatch m;
  if (is<CLI::ConversionError>(error)) {
    if (std::regex_match(text, m, std::regex(R"(Could not convert: (\S+) = (-?[0-9]+))"))) {
      // A whole number value_checks.cpp let through (it fits 64 bits) that the flag's own,
      // narrower variable cannot hold.
      return fmt::format("{} '{}' is out of range (a whole number, but too large for this flag)", m[1].str(), m[2].str());
    }
    if (std::regex_match(text, m, std::regex(R"(Could not convert: (\S+) = (.*))"))) {
      return fmt::format("{} '{}' is not {}", m[1].str(), m[2].str(), expected_form(root, sub, m[1].str()));
    }
    if (std::regex_match(text, m, std::regex(R"(The value (.*) is not an allowed value for (\S+))"))) {
      return fmt::format("{} '{}' is not an allowed value", m[2].str(), m[1].str());
    }
    if (std::regex_match(text, m, std::regex(R"((\S+): (too many inputs for a flag|Should be true/false or a number))"))) {
      return fmt::format("{} is a flag and takes no value", m[1].str());
    }
  } else if (is<CLI::ArgumentMismatch>(error)) {
    if (std::regex_match(text, m, std::regex(R"((\S+): At Most (\d+) required but received (\d+))"))) {
      return m[2].str() == "1" ? fmt::format("{} was given {} times; give it once", m[1].str(), m[3].str())
                               : fmt::format("{} takes at most {} values, got {}", m[1].str(), m[2].str(), m[3].str());
    }
    if (std::regex_match(text, m, std::regex(R"((\S+): At least (\d+) required but received (\d+))")) ||
        std::regex_match(text, m, std::regex(R"((\S+): (\d+) required (\S+) missing)"))) {
      return fmt::format("{} needs a value: {}", m[1].str(), expected_form(root, sub, m[1].str()));
    }
    if (std::regex_match(text, m, std::regex(R"(Expected (exactly|at least) (\d+) arguments to (\S+), got (\d+))"))) {
      return fmt::format("{} takes {} {} value(s), got {}", m[3].str(), m[1].str(), m[2].str(), m[4].str());
    }
    if (std::regex_match(text, m, std::regex(R"((\S+) was given a disallowed flag override)"))) {
      return fmt::format("{} is a flag and takes no value", m[1].str());
    }
  } else if (is<CLI::ValidationError>(error)) {
    if (std::regex_match(text, m, std::regex(R"((\S+): (.*) not in \{(.*)\})"))) {
      std::string choices = m[3].str();
      std::replace(choices.begin(), choices.end(), ',', '|');
      return fmt::format("{} '{}' is not one of {}", m[1].str(), m[2].str(), choices);
    }
    if (std::regex_match(text, m, std::regex(R"((\S+): Value (.*) not in range (.*))"))) {
      return fmt::format("{} '{}' is out of range {}", m[1].str(), m[2].str(), m[3].str());
    }
  } else if (is<CLI::ExtrasError>(error)) {
    if (const auto colon = text.find(": "); colon != std::string::npos) {
      // CLI11 lists the extras last first: the first one the user typed is the last word.
      const std::string rest = text.substr(colon + 2);
      return unexpected_argument(rest.substr(rest.rfind(' ') + 1), root, sub);
    }
  } else if (is<CLI::RequiredError>(error)) {
    if (text == "A subcommand") return "a command is required; see 'tgperf --help'";
    return text;
  } else if (is<CLI::RequiresError>(error)) {
    if (std::regex_match(text, m, std::regex(R"((\S+) requires (\S+))"))) {
      return fmt::format("{} needs {} too", m[1].str(), m[2].str());
    }
  } else if (is<CLI::ExcludesError>(error)) {
    if (std::regex_match(text, m, std::regex(R"((\S+) excludes (\S+))"))) {
      return fmt::format("{} and {} exclude each other", m[1].str(), m[2].str());
    }
  }
  // Anything else CLI11 can say (InvalidError, ConfigError, FileError, HorribleError, ...): its own
  // words, with the command and where to look.
  return fmt::format("{}: {}; see '{} --help'", command_name(sub), text, command_name(sub));
}

}  // namespace tgperf::cli

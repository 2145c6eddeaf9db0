// An application/x-www-form-urlencoded body or query string, read as tdlib's
// HttpReader::parse_parameters reads it: pairs split at '&', name and value at the first '=',
// both percent-decoded with '+' as a space. There is nothing to fail on.
#include <string_view>

#include "body_parsers.hpp"

namespace tgperf::emulator {

void add_form_parameters(nlohmann::json& out, std::string_view form) {
  while (!form.empty()) {
    const auto amp = form.find('&');
    const auto pair = form.substr(0, amp);
    form = amp == std::string_view::npos ? std::string_view{} : form.substr(amp + 1);
    const auto eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq), true);
    // A pair without a name ("&&", "=x") gives Telegram a parameter nobody can ask for; skip it.
    if (name.empty()) continue;
    auto value = eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1), true);
    add_parameter(out, std::move(name), std::move(value));
  }
}

}  // namespace tgperf::emulator

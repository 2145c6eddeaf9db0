#include "tgperf/bot/filters.hpp"

#include <string_view>

#include "tgperf/bot/update_fields.hpp"

namespace tgperf::bot {

Filter operator&(Filter a, Filter b) {
  return Filter([a = std::move(a), b = std::move(b)](const botapi::Update& u) { return a(u) && b(u); });
}

Filter operator|(Filter a, Filter b) {
  return Filter([a = std::move(a), b = std::move(b)](const botapi::Update& u) { return a(u) || b(u); });
}

Filter operator!(Filter a) {
  return Filter([a = std::move(a)](const botapi::Update& u) { return !a(u); });
}

namespace filters {

Filter all() {
  return Filter([](const botapi::Update&) { return true; });
}

Filter text() {
  return Filter([](const botapi::Update& u) { return !text_of(u).empty(); });
}

Filter command(std::string name) {
  return Filter([name = std::move(name)](const botapi::Update& u) {
    const std::string_view text = text_of(u);
    if (text.size() < 2 || text[0] != '/') return false;
    const auto end = text.find_first_of(" \n\t@", 1);
    const std::string_view word = text.substr(1, end == std::string_view::npos ? text.npos : end - 1);
    if (word.empty()) return false;
    return name.empty() || word == name;
  });
}

Filter chat(std::int64_t chat_id) {
  return Filter([chat_id](const botapi::Update& u) { return chat_id_of(u) == chat_id; });
}

}  // namespace filters

}  // namespace tgperf::bot

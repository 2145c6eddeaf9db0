#pragma once
// Filters decide which handler sees an update, as python-telegram-bot's `Filters.text &
// ~Filters.command`: small predicates that combine with &, | and !.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace tgperf::botapi {
struct Update;
}

namespace tgperf::bot {

class Filter {
 public:
  using Predicate = std::function<bool(const botapi::Update&)>;
  explicit Filter(Predicate predicate) : predicate_(std::move(predicate)) {}
  bool operator()(const botapi::Update& update) const { return predicate_(update); }

  friend Filter operator&(Filter a, Filter b);
  friend Filter operator|(Filter a, Filter b);
  friend Filter operator!(Filter a);

 private:
  Predicate predicate_;
};

namespace filters {

// Every update.
Filter all();
// A message with non-empty text (commands included, as in PTB: combine with !command()).
Filter text();
// A message whose text starts with `/name` (optionally `/name@botname`) followed by a space or the
// end; an empty name matches any command.
Filter command(std::string name = "");
// A message from one chat.
Filter chat(std::int64_t chat_id);

}  // namespace filters

}  // namespace tgperf::bot

#include "tgperf/bot/dispatcher.hpp"

#include <stdexcept>

#include "tgperf/botapi/types.hpp"
#include "tgperf/bot/update_fields.hpp"

namespace tgperf::bot {

Dispatcher::Dispatcher(WorkerPool* pool, bool ordered) : pool_(pool) {
  if (ordered && pool_ != nullptr) sequencer_ = std::make_unique<ChatSequencer>(*pool_);
}

void Dispatcher::add_handler(Filter filter, Handler handler, HandlerOptions options) {
  if (options.run_async && pool_ == nullptr) {
    throw std::logic_error("an async handler needs a dispatcher with a worker pool");
  }
  groups_[options.group].push_back(Entry{std::move(filter), std::move(handler), options.run_async});
}

void Dispatcher::add_error_handler(ErrorHandler handler) {
  error_handlers_.push_back(std::move(handler));
}

WorkerPool& Dispatcher::pool() {
  if (pool_ == nullptr) throw std::logic_error("this dispatcher has no worker pool");
  return *pool_;
}

void Dispatcher::process(const botapi::Update& update) {
  ++updates_;
  // One copy shared by every async handler of this update, alive until the last one finished.
  std::shared_ptr<const botapi::Update> shared;
  bool matched = false;
  for (const auto& [group, entries] : groups_) {
    for (const auto& entry : entries) {
      bool matches = false;
      try {
        matches = entry.filter(update);
      } catch (...) {
        report_error(update, std::current_exception());
        break;  // a broken filter ends this group as if its handler had failed
      }
      if (!matches) continue;
      matched = true;
      if (entry.run_async && !shared) shared = std::make_shared<const botapi::Update>(update);
      run_handler(entry, shared);
      if (!entry.run_async) {
        try {
          entry.handler(update);
          ++handled_;
        } catch (...) {
          report_error(update, std::current_exception());
        }
      }
      break;  // first matching handler of the group only
    }
  }
  if (!matched) ++unhandled_;
}

// Queues an async handler; synchronous handlers are run by process() itself.
void Dispatcher::run_handler(const Entry& entry, const std::shared_ptr<const botapi::Update>& update) {
  if (!entry.run_async) return;
  auto job = [this, handler = entry.handler, update] {
    try {
      handler(*update);
      ++handled_;
    } catch (...) {
      report_error(*update, std::current_exception());
    }
  };
  const auto chat = chat_id_of(*update);
  if (sequencer_ && chat) {
    sequencer_->submit(*chat, std::move(job));
  } else {
    pool_->post(std::move(job));
  }
}

void Dispatcher::report_error(const botapi::Update& update, std::exception_ptr error) {
  ++failed_;
  for (const auto& on_error : error_handlers_) {
    try {
      on_error(update, error);
    } catch (...) {
      ++error_failures_;  // an error handler must not take the loop down either
    }
  }
}

DispatchCounters Dispatcher::counters() const {
  return DispatchCounters{updates_.load(), handled_.load(), failed_.load(), unhandled_.load(),
                          error_failures_.load()};
}

}  // namespace tgperf::bot

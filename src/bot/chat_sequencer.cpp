#include "tgperf/bot/chat_sequencer.hpp"

namespace tgperf::bot {

void ChatSequencer::submit(std::int64_t chat_id, std::function<void()> job) {
  bool start = false;
  {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = pending_.try_emplace(chat_id);
    it->second.push_back(std::move(job));
    start = inserted;  // no drain job owns this chat yet
  }
  if (start) pool_.post([this, chat_id] { drain(chat_id); });
}

std::size_t ChatSequencer::active_chats() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

// Runs one job of the chat, then re-posts itself while the chat has more, so one busy chat cannot
// hold a worker forever while other chats wait in the queue.
void ChatSequencer::drain(std::int64_t chat_id) {
  std::function<void()> job;
  {
    std::lock_guard lock(mutex_);
    auto& queue = pending_.at(chat_id);
    job = std::move(queue.front());
    queue.pop_front();
  }
  struct Continue {  // runs even when the job throws, so the chat is never left stuck
    ChatSequencer& self;
    std::int64_t chat_id;
    ~Continue() {
      bool more = false;
      {
        std::lock_guard lock(self.mutex_);
        auto it = self.pending_.find(chat_id);
        if (it->second.empty()) {
          self.pending_.erase(it);
        } else {
          more = true;
        }
      }
      if (more) self.pool_.post([s = &self, id = chat_id] { s->drain(id); });
    }
  } next{*this, chat_id};
  job();
}

}  // namespace tgperf::bot

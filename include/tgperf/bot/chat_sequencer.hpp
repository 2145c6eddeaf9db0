#pragma once
// Per-chat ordering on top of a WorkerPool, like grammY's `sequentialize`: jobs of different chats
// run concurrently, jobs of one chat run one after another in the order they were submitted, so a
// chat's replies keep their order while the pool stays busy with other chats.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "tgperf/bot/worker_pool.hpp"

namespace tgperf::bot {

class ChatSequencer {
 public:
  // The pool must outlive the sequencer and every job submitted through it.
  explicit ChatSequencer(WorkerPool& pool) : pool_(pool) {}
  ChatSequencer(const ChatSequencer&) = delete;
  ChatSequencer& operator=(const ChatSequencer&) = delete;

  // Queues `job` behind earlier jobs of the same chat; never blocks. An exception escaping the job
  // is counted by the pool (failed_jobs) and does not stop the chat's later jobs.
  void submit(std::int64_t chat_id, std::function<void()> job);

  // Chats with queued or running jobs (a snapshot).
  std::size_t active_chats() const;

 private:
  void drain(std::int64_t chat_id);

  WorkerPool& pool_;
  mutable std::mutex mutex_;  // guards pending_: a chat is present while one drain job owns it
  std::unordered_map<std::int64_t, std::deque<std::function<void()>>> pending_;
};

}  // namespace tgperf::bot

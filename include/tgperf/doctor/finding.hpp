#pragma once
// One conclusion of `tgperf doctor`: what is wrong, the number it rests on, what to do about it and
// which tgperf command measures it further. Findings are ranked by severity, then by how much time
// each costs the bot's users.
#include <string>
#include <string_view>
#include <vector>

namespace tgperf::doctor {

enum class Severity { info, warning, critical };

std::string_view to_string(Severity severity);

struct Finding {
  Severity severity = Severity::info;
  std::string code;          // stable identifier, e.g. "webhook_read_timeout"
  std::string summary;       // one sentence
  std::string evidence;      // the measured numbers it rests on
  std::string advice;        // what to do
  std::string next_command;  // the tgperf command that measures it further
  double cost_ms = 0;        // estimated time it costs a user per update (ranking only)
};

// Most severe first; within a severity, most costly first (stable otherwise).
void rank(std::vector<Finding>& findings);

// 0 when no finding is above info, else 1.
int exit_status(const std::vector<Finding>& findings);

}  // namespace tgperf::doctor

#pragma once
// The three body parsers behind read_params (request_params.hpp), one per file, each a transcription
// of the matching part of tdlib's HttpReader. All add parameters with "first occurrence wins"
// (Telegram's Query::arg returns the first match), so a caller adds the query string first.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "tgperf/emulator/request_params.hpp"

namespace tgperf::emulator {

// Adds one parameter unless one of that name is already there.
inline void add_parameter(nlohmann::json& out, std::string name, nlohmann::json value) {
  out.emplace(std::move(name), std::move(value));
}

// name=value&name=value, percent-decoded with '+' as a space. Never fails.
void add_form_parameters(nlohmann::json& out, std::string_view form);

// A JSON body: an object's members, or a string as `content`. Returns why parsing stopped when it
// did not reach the end; the members before that point have been added (Telegram keeps them too).
std::optional<std::string> add_json_parameters(nlohmann::json& out, std::string_view body);

// A multipart/form-data body. `parameter_bytes` is what the query string already used of
// kMaxParameterBytes. Counts the file parts in `files`. Returns the refusal for a malformed or
// oversized body.
std::optional<Refusal> add_multipart_parameters(nlohmann::json& out, std::size_t& files, std::string_view content_type,
                                                std::string_view body, std::size_t parameter_bytes);

}  // namespace tgperf::emulator

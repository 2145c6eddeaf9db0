#pragma once
// The parameters of a Bot API call, from wherever the client put them: the query string, an
// application/x-www-form-urlencoded body, a JSON body, or a multipart/form-data body.
//
// They are gathered into one JSON object: values from query strings, forms and multipart parts are
// strings; a JSON body keeps its types. Readers accept both forms of a number ("5" and 5), as the
// real server does (python-telegram-bot 13 sends numbers as strings).
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tgperf::emulator {

// A parameter the server cannot accept; what() is the Bot API description ("Bad Request: ...").
class BadParameter : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Decodes %XX escapes (and '+' as a space in forms). Malformed escapes are kept as they are.
std::string percent_decode(std::string_view text, bool plus_is_space);

// Merges the query string and the body (the body wins on a name clash). Throws BadParameter for a
// body that does not parse as its content type says (bad JSON, a JSON body that is not an object,
// a multipart body without its boundary).
nlohmann::json parse_params(std::string_view query, std::string_view content_type, std::string_view body);

// Typed readers. Absent or null -> nullopt. Throw BadParameter naming the parameter for a value of
// the wrong type (a string that is not a whole number, an object where a number belongs).
std::optional<std::int64_t> int_param(const nlohmann::json& params, const char* name);
std::optional<std::string> string_param(const nlohmann::json& params, const char* name);
std::optional<bool> bool_param(const nlohmann::json& params, const char* name);
// An object parameter (reply_parameters, reply_markup): a JSON object, or a string holding one.
std::optional<nlohmann::json> object_param(const nlohmann::json& params, const char* name);

}  // namespace tgperf::emulator

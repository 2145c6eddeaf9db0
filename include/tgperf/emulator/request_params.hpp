#pragma once
// The parameters of a Bot API call, read the way Telegram's server reads them (tdlib's HttpReader,
// which telegram-bot-api uses), so that every client that works against Telegram works here:
//
// - The Content-Type picks the parser by substring, in this order: "multipart/form-data",
//   "application/x-www-form-urlencoded", "application/json". Any other type, or none, is raw content:
//   the body is not read for parameters at all.
// - A form or JSON body that does not parse is not refused: the parameters read before the error
//   count, the rest is ignored (Telegram logs it and carries on). A JSON body that is a string
//   becomes the parameter `content`; `null`, a number or an array give no parameters.
// - A multipart body that is malformed is refused (400), as Telegram refuses it.
// - The query string is read first; on a name clash the first occurrence wins, so the query string
//   wins over the body.
// - Limits: query string + form/JSON body at most 1 MiB (413 "too many parameters"), each multipart
//   value at most 1 MiB with the query string, 50 files, multipart part headers 256 KiB (431).
//
// Values from query strings, forms and multipart parts are strings. A JSON body keeps the types of
// its values (Telegram keeps their text; the readers below accept both forms of a number, "5" and 5).
// An empty value reads as absent, as it does in Telegram.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tgperf::emulator {

// Telegram's limits (tdlib HttpReader.h).
inline constexpr std::size_t kMaxParameterBytes = std::size_t{1} << 20;  // query + form/JSON body
inline constexpr std::size_t kMaxHeaderBytes = std::size_t{1} << 18;     // request head; multipart part headers
inline constexpr std::size_t kMaxBoundaryBytes = 70;                     // RFC 1341
inline constexpr std::size_t kMaxFiles = 50;                             // files in one multipart request

// A parameter the server cannot accept; what() is the Bot API description ("Bad Request: ...").
class BadParameter : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Which parser a Content-Type selects.
enum class BodyKind { form, json, multipart, content };
BodyKind body_kind(std::string_view content_type);

// A request Telegram turns away before any method sees it. Telegram answers it with the bare status
// line (Content-Length: 0) and closes the connection; the description only goes to its log.
struct Refusal {
  unsigned status = 400;
  std::string description;  // "Request Entity Too Large: too many parameters"
};

struct RequestParams {
  nlohmann::json params = nlohmann::json::object();
  std::size_t files = 0;              // multipart parts with a filename (not parameters)
  std::optional<std::string> ignored;  // why the body (or its tail) gave no parameters, as Telegram logs it
  std::optional<Refusal> refusal;      // set: the request is refused and params are incomplete
};

// Reads every parameter of a request (the query string without its '?').
RequestParams read_params(std::string_view query, std::string_view content_type, std::string_view body);

// The refusal read_params would report, cheaply: sizes only, except for multipart bodies (parsed).
std::optional<Refusal> refusal_for(std::string_view query, std::string_view content_type, std::string_view body);

// read_params(...).params; throws BadParameter with the description for a refused request.
nlohmann::json parse_params(std::string_view query, std::string_view content_type, std::string_view body);

// Decodes %XX escapes (and '+' as a space in forms). Malformed escapes are kept as they are.
std::string percent_decode(std::string_view text, bool plus_is_space);

// Typed readers. Absent, null or empty -> nullopt. Throw BadParameter naming the parameter for a
// value of the wrong type (a string that is not a whole number, an object where a number belongs).
std::optional<std::int64_t> int_param(const nlohmann::json& params, const char* name);
std::optional<std::string> string_param(const nlohmann::json& params, const char* name);
std::optional<bool> bool_param(const nlohmann::json& params, const char* name);
// An object parameter (reply_parameters, reply_markup): a JSON object, or a string holding one.
std::optional<nlohmann::json> object_param(const nlohmann::json& params, const char* name);

}  // namespace tgperf::emulator

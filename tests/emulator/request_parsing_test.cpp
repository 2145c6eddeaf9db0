// The request-parsing rules of the README's `tgperf serve` table (Telegram's tdlib HttpReader), each
// sent as a raw request over a socket, the way a client's bytes reach the server.
#include <catch2/catch.hpp>

#include <string>

#include "test_client.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/emulator/request_params.hpp"

using namespace tgperf;
using test::kToken;

namespace {

const std::string kChat = std::to_string(emulator::kFirstChatId);

struct RawAnswer {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
  bool has_header(const std::string& line) const { return head.find("\r\n" + line + "\r\n") != std::string::npos; }
};

// The last response in `raw` (after any interim 100 Continue).
RawAnswer parse_answer(const std::string& raw) {
  RawAnswer answer;
  std::size_t start = 0;
  while (true) {
    const auto head_end = raw.find("\r\n\r\n", start);
    REQUIRE(head_end != std::string::npos);
    answer.head = raw.substr(start, head_end - start + 2);  // with the last header line's CRLF
    REQUIRE(answer.head.starts_with("HTTP/1.1 "));
    answer.status = std::stoi(answer.head.substr(9, 3));
    if (answer.status != 100) {
      answer.body = raw.substr(head_end + 4);
      return answer;
    }
    start = head_end + 4;
  }
}

// A request as bytes: the head (with Content-Length unless `extra` brings its own framing) and body.
std::string request_bytes(const std::string& verb, const std::string& target, const std::string& content_type,
                          const std::string& body, const std::string& extra = {}) {
  std::string bytes = verb + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!content_type.empty()) bytes += "Content-Type: " + content_type + "\r\n";
  if (extra.find("Transfer-Encoding") == std::string::npos) bytes += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return bytes + extra + "\r\n" + body;
}

RawAnswer send_raw(const emulator::Emulator& emu, const std::string& bytes) {
  return parse_answer(test::raw_exchange(emu.port(), bytes));
}

RawAnswer post(const emulator::Emulator& emu, const std::string& method, const std::string& content_type,
               const std::string& body, const std::string& query = {}) {
  const std::string target = "/bot" + kToken + "/" + method + (query.empty() ? "" : "?" + query);
  return send_raw(emu, request_bytes("POST", target, content_type, body));
}

// A refusal as Telegram answers it: status line, Content-Length: 0, the connection closed.
void check_refusal(const RawAnswer& answer, int status, const std::string& description) {
  INFO(answer.head);
  CHECK(answer.status == status);
  CHECK(answer.body.empty());
  CHECK(answer.has_header("Content-Length: 0"));
  CHECK(answer.has_header("Connection: close"));
  CHECK(answer.has_header("X-Tgperf-Reason: " + description));
}

std::string multipart(const std::string& boundary, const std::vector<std::pair<std::string, std::string>>& parts) {
  std::string body;
  for (const auto& [headers, value] : parts) body += "--" + boundary + "\r\n" + headers + "\r\n\r\n" + value + "\r\n";
  return body + "--" + boundary + "--\r\n";
}

std::string field(const std::string& name) { return "Content-Disposition: form-data; name=\"" + name + "\""; }

emulator::EmulatorOptions roomy() {
  emulator::EmulatorOptions options;
  options.max_body_bytes = 8 << 20;  // room to reach Telegram's own 1 MiB parameter limit
  return options;
}

}  // namespace

TEST_CASE("a JSON body of null gives no parameters and getMe succeeds (telebot's getMe)") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  const auto a = post(emu, "getMe", "application/json", "null");
  CHECK(a.status == 200);
  CHECK(a.json()["result"]["is_bot"] == true);
}

TEST_CASE("a JSON body that is not an object, or not JSON, is ignored rather than refused") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  for (const std::string body : {"[1,2,3]", "42", "{not json", "true", "\"text\" "}) {
    INFO(body);
    const auto a = post(emu, "getUpdates", "application/json", body);
    CHECK(a.status == 200);
    CHECK(a.json()["ok"] == true);
  }
}

TEST_CASE("a JSON body's members before a syntax error still count") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  const auto a = post(emu, "sendMessage", "application/json", "{\"chat_id\": " + kChat + ", \"text\": \"kept\", oops");
  REQUIRE(a.status == 200);
  CHECK(a.json()["result"]["text"] == "kept");
  const auto b = post(emu, "sendMessage", "application/json", "{\"text\": \"lost chat\" \"chat_id\": " + kChat + "}");
  CHECK(b.status == 400);
  CHECK(b.json()["description"] == "Bad Request: chat_id is empty");
}

TEST_CASE("a JSON body is lenient as Telegram's reader: trailing comma, escapes, first duplicate wins") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  const auto a = post(emu, "sendMessage", "application/json",
                      "{\"chat_id\":\"" + kChat + "\",\"text\":\"caf\\u00e9 \\ud83d\\ude00 \\q\",\"text\":\"second\",}");
  REQUIRE(a.status == 200);
  CHECK(a.json()["result"]["text"] == "caf\xc3\xa9 \xf0\x9f\x98\x80 q");
}

TEST_CASE("a JSON body that is a string becomes the parameter content") {
  const auto request = emulator::read_params("", "application/json", "\"hello \\\"world\\\"\"");
  CHECK(request.params["content"] == "hello \"world\"");
  CHECK_FALSE(request.ignored.has_value());
  const auto trailing = emulator::read_params("", "application/json", "\"hello\" ");
  CHECK_FALSE(trailing.params.contains("content"));
  CHECK(trailing.ignored == "Bad Request: extra data after string");
  emulator::Emulator emu(emulator::EmulatorOptions{});
  CHECK(post(emu, "getMe", "application/json", "\"hello\"").status == 200);
}

TEST_CASE("the content type picks the parser by substring, in Telegram's order") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  const std::string json = "{\"chat_id\":" + kChat + ",\"text\":\"json\"}";
  CHECK(post(emu, "sendMessage", "Application/JSON; charset=utf-8", json).status == 200);
  CHECK(post(emu, "sendMessage", "text/plain; x=application/json", json).status == 200);
  // Form wins over JSON when both appear; multipart wins over both.
  CHECK(post(emu, "sendMessage", "application/json, application/x-www-form-urlencoded",
             "chat_id=" + kChat + "&text=form").json()["result"]["text"] == "form");
  CHECK(emulator::body_kind("application/x-www-form-urlencoded; multipart/form-data") == emulator::BodyKind::multipart);
}

TEST_CASE("any other content type, or none, is raw content: the body gives no parameters") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  const std::string form = "chat_id=" + kChat + "&text=raw";
  for (const std::string type : {"", "text/plain", "application/octet-stream", "application/vnd.api+json"}) {
    INFO("'" << type << "'");
    const auto a = post(emu, "sendMessage", type, form);
    CHECK(a.status == 400);
    CHECK(a.json()["description"] == "Bad Request: chat_id is empty");
  }
  // The query string still counts.
  CHECK(post(emu, "sendMessage", "text/plain", "ignored", form).json()["result"]["text"] == "raw");
}

TEST_CASE("query string and body combine, and the query string wins a clash") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  const auto a = post(emu, "sendMessage", "application/x-www-form-urlencoded", "text=body&chat_id=" + kChat,
                      "text=query");
  REQUIRE(a.status == 200);
  CHECK(a.json()["result"]["text"] == "query");
  const auto b = post(emu, "sendMessage", "application/json", "{\"text\":\"body\"}", "chat_id=" + kChat);
  CHECK(b.json()["result"]["text"] == "body");
  const auto c = post(emu, "sendMessage", "application/x-www-form-urlencoded", "chat_id=" + kChat + "&text=a+b%21&text=c");
  CHECK(c.json()["result"]["text"] == "a b!");
}

TEST_CASE("an empty value reads as absent") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  const auto a = post(emu, "getUpdates", "application/x-www-form-urlencoded", "offset=&limit=&timeout=");
  CHECK(a.status == 200);
  const auto b = post(emu, "getUpdates", "application/x-www-form-urlencoded", "offset=x");
  CHECK(b.status == 400);  // a value that is there must still be a number
}

TEST_CASE("query string and form or JSON body share a 1 MiB limit (413 too many parameters)") {
  emulator::Emulator emu(roomy());
  const std::size_t limit = emulator::kMaxParameterBytes;
  const std::string prefix = "chat_id=" + kChat + "&text=x&pad=";
  CHECK(post(emu, "sendMessage", "application/x-www-form-urlencoded", prefix + std::string(limit - prefix.size(), 'a'))
            .status == 200);
  check_refusal(post(emu, "sendMessage", "application/x-www-form-urlencoded",
                     prefix + std::string(limit - prefix.size() + 1, 'a')),
                413, "Request Entity Too Large: too many parameters");
  // The query string counts too.
  check_refusal(post(emu, "sendMessage", "application/json", "{\"pad\":\"" + std::string(limit - 10, 'a') + "\"}", "q=1"),
                413, "Request Entity Too Large: too many parameters");
  // Raw content is not parameters: the same size passes.
  CHECK(post(emu, "getMe", "application/octet-stream", std::string(2 * limit, 'a')).status == 200);
}

TEST_CASE("a body over the emulator's cap is refused by its Content-Length before it is read") {
  emulator::EmulatorOptions options;
  options.max_body_bytes = 64 * 1024;
  emulator::Emulator emu(options);
  const std::string head = "POST /bot" + kToken + "/getMe HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                           "Content-Length: 100000000\r\n\r\n";
  check_refusal(send_raw(emu, head + std::string(1 << 20, 'a')), 413,
                "Request Entity Too Large: content length is 100000000");
  check_refusal(post(emu, "getMe", "application/json", std::string(65 * 1024, ' ')), 413,
                "Request Entity Too Large: too many parameters");
}

TEST_CASE("a multipart body gives its fields, and files are not parameters") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  const auto body = multipart("XyZ", {{field("chat_id"), kChat},
                                      {"content-disposition: form-data; name=text; filename=\"a.txt\"", "file"},
                                      {field("text"), "multi\r\npart"},
                                      {field("ignored_empty"), ""}});
  const auto a = post(emu, "sendMessage", "multipart/form-data; boundary=XyZ", body);
  REQUIRE(a.status == 200);
  CHECK(a.json()["result"]["text"] == "multi\r\npart");
  const auto request = emulator::read_params("", "multipart/form-data; boundary=\"XyZ\"", body);
  CHECK(request.files == 1);
  CHECK(request.params["ignored_empty"] == "");
}

TEST_CASE("a multipart part of type urlencoded is read as a form") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  const auto body = multipart("b", {{field("form") + "\r\nContent-Type: application/x-www-form-urlencoded",
                                     "chat_id=" + kChat + "&text=from+form"}});
  const auto a = post(emu, "sendMessage", "multipart/form-data; boundary=b", body);
  REQUIRE(a.status == 200);
  CHECK(a.json()["result"]["text"] == "from form");
}

TEST_CASE("a malformed multipart body is refused with Telegram's 400") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  const auto good = multipart("b", {{field("chat_id"), kChat}});
  const struct {
    std::string content_type, body, description;
  } cases[] = {
      {"multipart/form-data", good, "Bad Request: boundary not found"},
      {"multipart/form-data; boundary", good, "Bad Request: boundary value not found"},
      {"multipart/form-data; boundary=", good, "Bad Request: boundary too big or empty"},
      {"multipart/form-data; boundary=" + std::string(71, 'b'), good, "Bad Request: boundary too big or empty"},
      {"multipart/form-data; boundary=b", "--b\r\n" + field("chat_id") + "\r\n\r\n1", "Bad Request: unexpected end of request content"},
      {"multipart/form-data; boundary=b", "no boundary here", "Bad Request: unexpected end of request content"},
      {"multipart/form-data; boundary=b", "--b\r\n\r\nvalue\r\n--b--", "Bad Request: headers in multipart/form-data are empty"},
      {"multipart/form-data; boundary=b", multipart("b", {{"Content-Type: text/plain", "x"}}),
       "Bad Request: field name in multipart/form-data not found"},
      {"multipart/form-data; boundary=b", multipart("b", {{"Content-Disposition: attachment; name=x", "x"}}),
       "Bad Request: expected form-data content disposition"},
      {"multipart/form-data; boundary=b", multipart("b", {{"Content-Disposition: form-data; name=\"x", "x"}}),
       "Bad Request: unclosed quoted string in Content-Disposition header"},
      {"multipart/form-data; boundary=b", multipart("b", {{"no colon", "x"}}), "Bad Request: can't parse form data headers"},
  };
  for (const auto& c : cases) {
    INFO(c.content_type << " | " << c.body);
    check_refusal(post(emu, "sendMessage", c.content_type, c.body), 400, c.description);
  }
}

TEST_CASE("multipart limits: 1 MiB per value with the query string, 50 files") {
  emulator::Emulator emu(roomy());
  const std::size_t limit = emulator::kMaxParameterBytes;
  CHECK(post(emu, "getMe", "multipart/form-data; boundary=b", multipart("b", {{field("a"), std::string(limit, 'a')},
                                                                              {field("b"), std::string(limit, 'b')}}))
            .status == 200);  // Telegram checks each value, not their sum
  check_refusal(post(emu, "getMe", "multipart/form-data; boundary=b", multipart("b", {{field("a"), std::string(limit, 'a')}}),
                     "q=1"),
                413, "Request Entity Too Large: too many parameters in form data");
  std::vector<std::pair<std::string, std::string>> files(50, {field("f") + "; filename=f.txt", "data"});
  CHECK(post(emu, "getMe", "multipart/form-data; boundary=b", multipart("b", files)).status == 200);
  files.push_back(files.back());
  check_refusal(post(emu, "getMe", "multipart/form-data; boundary=b", multipart("b", files)), 413,
                "Request Entity Too Large: too many files attached");
}

TEST_CASE("a request head over 256 KiB is refused with 431") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  const std::string target = "/bot" + kToken + "/getMe";
  const auto padding = [](int fields) {
    std::string lines;
    for (int i = 0; i < fields; ++i) lines += "X-Pad-" + std::to_string(i) + ": " + std::string(60 * 1024, 'a') + "\r\n";
    return lines;
  };
  CHECK(send_raw(emu, request_bytes("GET", target, "", "", padding(4))).status == 200);  // 240 KiB
  check_refusal(send_raw(emu, request_bytes("GET", target, "", "", padding(5))), 431,
                "Request Header Fields Too Large: total headers size exceeded");
  // One field over 64 KiB, which Beast cannot hold (Telegram would take it): refused, not a crash.
  check_refusal(send_raw(emu, request_bytes("GET", target, "", "", "X-Pad: " + std::string(70 * 1024, 'a') + "\r\n")),
                431, "Request Header Fields Too Large: total headers size exceeded");
  CHECK(send_raw(emu, request_bytes("GET", target, "", "")).status == 200);
}

TEST_CASE("verbs, versions and encodings Telegram does not take are refused as it refuses them") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  const std::string target = "/bot" + kToken + "/getMe";
  check_refusal(send_raw(emu, request_bytes("PUT", target, "", "")), 501, "Not Implemented");
  check_refusal(send_raw(emu, request_bytes("HEAD", target, "", "")), 501, "Not Implemented");
  check_refusal(send_raw(emu, "GET " + target + " HTTP/1.2\r\nHost: x\r\n\r\n"), 505, "HTTP Version Not Supported");
  check_refusal(send_raw(emu, request_bytes("POST", target, "application/json", "{}", "Content-Encoding: br\r\n")), 415,
                "Unsupported Media Type: unsupported content-encoding");
  check_refusal(send_raw(emu, request_bytes("POST", target, "application/json", "{}", "Transfer-Encoding: gzip\r\n")), 501,
                "Unimplemented: unsupported transfer-encoding");
  check_refusal(send_raw(emu, "THIS IS NOT HTTP\r\n\r\n"), 400, "Bad Request: malformed HTTP request");
  CHECK(send_raw(emu, request_bytes("GET", target, "", "")).status == 200);
}

TEST_CASE("a chunked body and Expect: 100-continue are read like any other") {
  emulator::Emulator emu(emulator::EmulatorOptions{});
  const std::string target = "/bot" + kToken + "/sendMessage";
  const std::string form = "chat_id=" + kChat + "&text=chunked";
  std::string chunked = "5\r\n" + form.substr(0, 5) + "\r\n";
  chunked += [&] {
    char size[16];
    std::snprintf(size, sizeof size, "%zx", form.size() - 5);
    return std::string(size);
  }() + "\r\n" + form.substr(5) + "\r\n0\r\n\r\n";
  const auto a = send_raw(emu, request_bytes("POST", target, "application/x-www-form-urlencoded", chunked,
                                             "Transfer-Encoding: chunked\r\n"));
  REQUIRE(a.status == 200);
  CHECK(a.json()["result"]["text"] == "chunked");

  const auto raw = test::raw_exchange(
      emu.port(), request_bytes("POST", target, "application/json", "{\"chat_id\":" + kChat + ",\"text\":\"expect\"}",
                                "Expect: 100-continue\r\n"));
  CHECK(raw.starts_with("HTTP/1.1 100 Continue\r\n"));
  CHECK(parse_answer(raw).json()["result"]["text"] == "expect");
}

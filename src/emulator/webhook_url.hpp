#pragma once
// A setWebhook URL, read as Telegram's Bot API server reads it. The server parses it with tdlib's
// td::parse_url (tdutils/td/utils/HttpUrl.cpp) and answers every URL that parser refuses with one
// text, "Bad Request: invalid webhook URL specified" (telegram-bot-api, Client::do_set_webhook);
// the parser's own reason is kept here too, for the errors of `tgperf serve --webhook`.
//
// libcurl's URL API does the parsing (scheme, userinfo, host, port range, IPv6 literals). tdlib's
// rules are laid over it where the two parsers differ:
// - tdlib refuses what libcurl lets through: an empty or zero port ("host:/", "host:0"), an empty
//   authority ("http:///hook", which libcurl reads as the host "hook"), the host ".", and host
//   characters outside RFC 3986's unreserved and sub-delims ("a|b.example");
// - tdlib takes what libcurl refuses: spaces and control bytes in the path, which it sends
//   percent-encoded (and trailing whitespace, which it drops);
// - tdlib reads a URL without "://" as https ("bot.example/hook").
#include <string>
#include <string_view>
#include <variant>

namespace tgperf::emulator {

struct WebhookUrl {
  bool https = true;
  std::string host;         // lower case; an IPv6 address without its brackets
  int port = 443;           // as written, else the scheme's
  std::string request_url;  // what a delivery requests: the URL with the path made sendable as
                            // tdlib makes it (trailing whitespace dropped, bytes <= 0x20 as %XX)
};

struct InvalidWebhookUrl {
  std::string reason;  // tdlib's words, e.g. "Wrong port number specified in the URL"
};

std::variant<WebhookUrl, InvalidWebhookUrl> parse_webhook_url(std::string_view url);

// localhost, 127.0.0.0/8 or ::1: where plain http may go (a host as WebhookUrl::host holds it).
bool is_loopback_host(const std::string& host);

}  // namespace tgperf::emulator

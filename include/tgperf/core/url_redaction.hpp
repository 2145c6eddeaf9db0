#pragma once
// URL userinfo (`scheme://user:password@host`) is a secret like the bot token: a password, or a
// token pasted as `http://<token>@host`. Every URL tgperf prints goes through here first.
#include <string>
#include <string_view>

namespace tgperf {

// Replaces the password of every URL's userinfo in `text` with `***`, the way curl's verbose output
// shows it: `http://user:secret@host/x` -> `http://user:***@host/x`. A userinfo without a password
// (`http://secret@host`) may itself be the secret, so it becomes `***@`. Text that is no URL, and
// URLs without userinfo, are returned unchanged; any number of URLs anywhere in the text is handled.
std::string redact_url_userinfo(std::string_view text);

}  // namespace tgperf

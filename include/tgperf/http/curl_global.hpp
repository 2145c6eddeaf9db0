#pragma once
// libcurl's process-wide initialisation, done once.
//
// curl_global_init is not thread-safe and must run before any other libcurl call; every owner of a
// libcurl handle (Easy, Multi, Share) calls ensure_curl_global_init() first, so no caller has to
// remember it. The matching cleanup is left to process exit (libcurl allows that), because handles
// may outlive any scope we could pick.
namespace tgperf::http {

void ensure_curl_global_init();

}  // namespace tgperf::http

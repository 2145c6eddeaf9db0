#pragma once
// The libcurl error codes tgperf reads, named once (http::Response::curl_code holds a CURLcode),
// so that modules above http read them by name without including curl.h. src/http/curl_codes.cpp
// checks every value against curl.h at compile time.
namespace tgperf::http::curl_codes {

inline constexpr int kOk = 0;
inline constexpr int kCouldntResolveProxy = 5;
inline constexpr int kCouldntResolveHost = 6;
inline constexpr int kCouldntConnect = 7;
inline constexpr int kPartialFile = 18;
inline constexpr int kOperationTimedout = 28;
inline constexpr int kSslConnectError = 35;
inline constexpr int kAbortedByCallback = 42;  // a transfer the program cancelled
inline constexpr int kGotNothing = 52;
inline constexpr int kRecvError = 56;
inline constexpr int kPeerFailedVerification = 60;
inline constexpr int kSslCacertBadfile = 77;

}  // namespace tgperf::http::curl_codes

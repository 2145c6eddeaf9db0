// The names of include/tgperf/http/curl_codes.hpp against libcurl's own: a libcurl that renumbered
// one would fail the build here, not mislabel an error at run time.
#include "tgperf/http/curl_codes.hpp"

#include <curl/curl.h>

namespace tgperf::http::curl_codes {

static_assert(kOk == CURLE_OK);
static_assert(kCouldntResolveProxy == CURLE_COULDNT_RESOLVE_PROXY);
static_assert(kCouldntResolveHost == CURLE_COULDNT_RESOLVE_HOST);
static_assert(kCouldntConnect == CURLE_COULDNT_CONNECT);
static_assert(kPartialFile == CURLE_PARTIAL_FILE);
static_assert(kOperationTimedout == CURLE_OPERATION_TIMEDOUT);
static_assert(kSslConnectError == CURLE_SSL_CONNECT_ERROR);
static_assert(kAbortedByCallback == CURLE_ABORTED_BY_CALLBACK);
static_assert(kGotNothing == CURLE_GOT_NOTHING);
static_assert(kRecvError == CURLE_RECV_ERROR);
static_assert(kPeerFailedVerification == CURLE_PEER_FAILED_VERIFICATION);
static_assert(kSslCacertBadfile == CURLE_SSL_CACERT_BADFILE);

}  // namespace tgperf::http::curl_codes

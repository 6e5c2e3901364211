// File: server/errors.h
// The one place where errors become HTTP: a chorus::Status maps to a status
// code and the body {"error": {"code": "not_found", "message": "..."}}.
// Transport-level failures (body too large, slow client, unknown method)
// have their own codes here too.
#pragma once

#include <string_view>

#include "base/status.h"
#include "server/http.h"

namespace chorus::server {

// InvalidArgument 400, Unauthenticated 401, PermissionDenied 403, NotFound
// 404, AlreadyExists/Aborted/FailedPrecondition 409, ResourceExhausted 429,
// Unavailable 503, DataLoss/Internal 500. REQUIRES: !status.ok().
int HttpStatusOf(StatusCode code);

// "invalid_argument", "not_found", ... (snake_case of the code's name).
std::string_view ErrorCodeOf(StatusCode code);

// The JSON error response for `status`. Internal and DataLoss messages are
// replaced by a generic one: they may describe storage details.
HttpResponse ErrorResponse(const Status& status);

// Failures that happen below the API, with no Status code of their own.
enum class TransportError {
  kMalformedRequest,      // 400 malformed_request
  kMethodNotAllowed,      // 405 method_not_allowed
  kRequestTimeout,        // 408 request_timeout (slow client)
  kPayloadTooLarge,       // 413 payload_too_large
  kUnsupportedMediaType,  // 415 unsupported_media_type
  kHeadersTooLarge,       // 431 headers_too_large
};
HttpResponse TransportErrorResponse(TransportError error, std::string_view message);

// A JSON (or other) success response.
HttpResponse JsonResponse(int status, std::string body);

}  // namespace chorus::server

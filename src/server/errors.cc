#include "server/errors.h"

#include <nlohmann/json.hpp>

namespace chorus::server {
namespace {

HttpResponse MakeError(int http_status, std::string_view code, std::string_view message) {
  nlohmann::ordered_json body = {
      {"error", {{"code", std::string(code)}, {"message", std::string(message)}}}};
  HttpResponse response;
  response.status = http_status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.log_error = std::string(code);
  return response;
}

}  // namespace

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kAborted:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kDataLoss:
      return 500;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

std::string_view ErrorCodeOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kUnauthenticated:
      return "unauthenticated";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kAborted:
      return "aborted";
    case StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case StatusCode::kResourceExhausted:
      return "resource_exhausted";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kDataLoss:
      return "data_loss";
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

HttpResponse ErrorResponse(const Status& status) {
  StatusCode code = status.ok() ? StatusCode::kInternal : status.code();
  std::string_view message = status.message();
  // Storage and corruption details stay out of responses.
  if (code == StatusCode::kInternal) message = "internal error";
  if (code == StatusCode::kDataLoss) message = "stored data failed an integrity check";
  if (code == StatusCode::kUnavailable) message = "the store is busy or unavailable: retry";
  return MakeError(HttpStatusOf(code), ErrorCodeOf(code), message);
}

HttpResponse TransportErrorResponse(TransportError error, std::string_view message) {
  switch (error) {
    case TransportError::kMalformedRequest:
      return MakeError(400, "malformed_request", message);
    case TransportError::kMethodNotAllowed:
      return MakeError(405, "method_not_allowed", message);
    case TransportError::kRequestTimeout:
      return MakeError(408, "request_timeout", message);
    case TransportError::kPayloadTooLarge:
      return MakeError(413, "payload_too_large", message);
    case TransportError::kUnsupportedMediaType:
      return MakeError(415, "unsupported_media_type", message);
    case TransportError::kHeadersTooLarge:
      return MakeError(431, "headers_too_large", message);
  }
  return MakeError(400, "malformed_request", message);
}

HttpResponse JsonResponse(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

}  // namespace chorus::server

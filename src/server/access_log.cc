#include "server/access_log.h"

#include <nlohmann/json.hpp>

namespace chorus::server {
namespace {

using Json = nlohmann::ordered_json;

std::string_view KnownMethod(std::string_view method) {
  for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == known) return known;
  }
  return "other";
}

}  // namespace

void AccessLog::Write(const HttpRequest& request, const HttpResponse& response,
                      std::chrono::microseconds duration) {
  if (out_ == nullptr) return;
  Json line{{"time", FormatTimestamp(clock_.Now())},
            {"remote", request.remote_address},
            {"method", std::string(KnownMethod(request.method))},
            {"route", response.log_route.empty() ? "none" : response.log_route},
            {"status", response.status},
            {"bytes_in", request.body.size()},
            {"bytes_out", response.body.size()},
            {"duration_ms", static_cast<double>(duration.count()) / 1000.0}};
  if (!response.log_user.empty()) line["user"] = response.log_user;
  if (!response.log_error.empty()) line["error"] = response.log_error;
  std::string text = line.dump(-1, ' ', false, Json::error_handler_t::replace);
  text.push_back('\n');
  std::lock_guard<std::mutex> lock(mu_);
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
}

void AccessLog::Event(std::string_view event, std::string_view detail) {
  if (out_ == nullptr) return;
  Json line{{"time", FormatTimestamp(clock_.Now())},
            {"event", std::string(event)},
            {"detail", std::string(detail)}};
  std::string text = line.dump(-1, ' ', false, Json::error_handler_t::replace);
  text.push_back('\n');
  std::lock_guard<std::mutex> lock(mu_);
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
}

}  // namespace chorus::server

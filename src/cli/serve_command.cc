// chorus serve: the HTTP JSON API and the web UI over one store.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "base/clock.h"
#include "cli/command.h"
#include "cli/store_access.h"
#include "server/access_log.h"
#include "server/api.h"
#include "server/http_server.h"
#include "server/listen.h"

namespace chorus::cli {
namespace {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert;
  std::string tls_key;
  std::string web_root;
  std::string access_log = "-";
  size_t body_limit_bytes = 1 << 20;
  int threads = 0;
  int session_idle_minutes = 30;
  int session_max_hours = 12;
  // Hidden knobs for tests and benchmarks.
  bool hello_world = false;
  int request_timeout_ms = 10000;
  int idle_timeout_ms = 60000;
  int login_max_failures_per_user = 5;
  int login_max_failures_per_address = 20;
};

// The built web UI: --web-root, else web/dist in the source tree found by
// walking up from the executable (build/<name>/src/cli/chorus) or from the
// working directory.
std::string FindWebRoot(const std::string& given) {
  namespace fs = std::filesystem;
  if (!given.empty()) return given;
  std::error_code ec;
  std::vector<fs::path> starts;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) starts.push_back(exe.parent_path());
  starts.push_back(fs::current_path(ec));
  for (fs::path dir : starts) {
    for (int up = 0; up < 6 && !dir.empty(); ++up) {
      if (fs::exists(dir / "web" / "dist" / "index.html", ec))
        return (dir / "web" / "dist").string();
      if (dir == dir.parent_path()) break;
      dir = dir.parent_path();
    }
  }
  return "";
}

Status Serve(const GlobalOptions& globals, const ServeOptions& opts) {
  server::ServerOptions server_options;
  CHORUS_ASSIGN_OR_RETURN(server_options.listen, server::ParseListenAddress(opts.listen));
  server_options.tls_cert_file = opts.tls_cert;
  server_options.tls_key_file = opts.tls_key;
  server_options.body_limit_bytes = opts.body_limit_bytes;
  server_options.threads = opts.threads;
  server_options.request_timeout = std::chrono::milliseconds(opts.request_timeout_ms);
  server_options.idle_timeout = std::chrono::milliseconds(opts.idle_timeout_ms);
  bool tls = !opts.tls_cert.empty() || !opts.tls_key.empty();
  // Refuse an open interface before asking for any passphrase.
  CHORUS_RETURN_IF_ERROR(server::CheckListenPolicy(server_options.listen, tls));

  std::FILE* log_file = nullptr;
  if (opts.access_log == "-") {
    log_file = stderr;
  } else if (opts.access_log != "off") {
    log_file = std::fopen(opts.access_log.c_str(), "a");
    if (log_file == nullptr) return Status::Unavailable("cannot open the access log file");
  }
  server::AccessLog log(log_file, SystemClock());
  const char* scheme = tls ? "https" : "http";
  server::ListeningCallback on_listening = [&](const std::string& address) {
    std::string url = std::string(scheme) + "://" + address;
    log.Event("listening", url);
    std::cout << "chorus serve: listening on " << url << std::endl;
  };
  server::CompletionCallback on_complete =
      [&](const server::HttpRequest& request, const server::HttpResponse& response,
          std::chrono::microseconds duration) { log.Write(request, response, duration); };

  Status result;
  if (opts.hello_world) {
    // The physical limit of this HTTP setup, for the benchmark.
    server::RequestHandler hello = [](const server::HttpRequest&) {
      server::HttpResponse response;
      response.content_type = "text/plain";
      response.body = "Hello, world!";
      return response;
    };
    result = server::RunHttpServer(server_options, hello, on_listening, on_complete);
  } else {
    CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
    server::ApiOptions api_options;
    api_options.web_root = FindWebRoot(opts.web_root);
    api_options.sessions.idle_timeout = std::chrono::minutes(opts.session_idle_minutes);
    api_options.sessions.absolute_timeout = std::chrono::hours(opts.session_max_hours);
    api_options.login.max_failures_per_user = opts.login_max_failures_per_user;
    api_options.login.max_failures_per_address = opts.login_max_failures_per_address;
    server::Api api(*opened.vault, SystemClock(), api_options);
    server::RequestHandler handler = [&api](const server::HttpRequest& request) {
      return api.Handle(request);
    };
    result = server::RunHttpServer(server_options, handler, on_listening, on_complete);
  }
  if (result.ok()) {
    log.Event("stopped", "");
    std::cout << "chorus serve: stopped" << std::endl;
  }
  if (log_file != nullptr && log_file != stderr) std::fclose(log_file);
  return result;
}

void Setup(CLI::App& app, GlobalOptions& globals) {
  static ServeOptions opts;
  auto* serve = app.add_subcommand("serve", "Serve the JSON API and the web UI over HTTP(S)");
  serve->add_option("--listen", opts.listen,
                    "HOST:PORT to listen on (default 127.0.0.1:8080; beyond loopback needs TLS)");
  serve->add_option("--tls-cert", opts.tls_cert, "PEM certificate chain: serve HTTPS");
  serve->add_option("--tls-key", opts.tls_key, "PEM private key of --tls-cert");
  serve->add_option("--web-root", opts.web_root,
                    "Folder of the built web UI (default: web/dist of the source tree)");
  serve->add_option("--access-log", opts.access_log,
                    "Access log: a file, - for standard error (default), or off");
  serve->add_option("--body-limit", opts.body_limit_bytes, "Largest request body in bytes")
      ->check(CLI::Range(size_t{1024}, size_t{64} << 20));
  serve->add_option("--threads", opts.threads, "Worker threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  serve
      ->add_option("--session-idle-minutes", opts.session_idle_minutes,
                   "Log a session out after this many idle minutes (default 30)")
      ->check(CLI::Range(1, 24 * 60));
  serve
      ->add_option("--session-max-hours", opts.session_max_hours,
                   "Log a session out this many hours after login (default 12)")
      ->check(CLI::Range(1, 24 * 30));
  // Hidden: benchmark and test knobs.
  serve->add_flag("--hello-world", opts.hello_world)->group("");
  serve->add_option("--request-timeout-ms", opts.request_timeout_ms)->group("");
  serve->add_option("--idle-timeout-ms", opts.idle_timeout_ms)->group("");
  serve->add_option("--login-max-failures-per-user", opts.login_max_failures_per_user)->group("");
  serve->add_option("--login-max-failures-per-address", opts.login_max_failures_per_address)
      ->group("");
  serve->callback([&globals] { RunCommand([&] { return Serve(globals, opts); }); });
}

const CommandRegistrar kRegistrar(70, Setup);

}  // namespace
}  // namespace chorus::cli

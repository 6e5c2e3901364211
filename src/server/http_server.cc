// The only translation unit that includes Boost.Beast and Asio (each one
// costs about 20 s of compile time).
#include "server/http_server.h"

// Boost 1.74's Asio turns coroutines on for clang only with libc++'s
// <experimental/coroutine>; clang's C++20 coroutines over libstdc++'s
// <coroutine> (the fuzz build) work as well.
#if defined(__clang__) && defined(__cpp_impl_coroutine) && !defined(BOOST_ASIO_HAS_CO_AWAIT)
#define BOOST_ASIO_HAS_CO_AWAIT 1
#endif

#include <signal.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>  // before Asio: Boost 1.74 with GCC 12 needs it first
#include <vector>

#include "server/errors.h"

namespace chorus::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;

// After an error response the connection closes; unread request bytes are
// drained for at most this long so the client sees the response, not a reset.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerMaxBytes = 8 << 20;

// Moves a parsed Beast request into the plain value handlers see: header
// names lowercased, target split into path and query. The ParseTarget error
// when the target is malformed.
Status ToHttpRequest(http::request<http::string_body>& req, HttpRequest& request) {
  request.method = std::string(req.method_string());
  request.target = std::string(req.target());
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.body = std::move(req.body());
  return ParseTarget(request.target, request.path, request.query);
}

template <class Stream>
tcp::socket& Lowest(Stream& stream) {
  if constexpr (std::is_same_v<Stream, tcp::socket>) {
    return stream;
  } else {
    return stream.next_layer();
  }
}

// One connection: the stream, and a timer that cancels the pending operation
// when it fires. Everything runs on the connection's strand.
template <class Stream>
struct Connection : std::enable_shared_from_this<Connection<Stream>> {
  template <class... Args>
  explicit Connection(asio::any_io_executor ex, Args&&... args)
      : stream(std::forward<Args>(args)...), timer(ex) {}

  void Arm(std::chrono::milliseconds timeout) {
    timed_out = false;
    uint64_t generation = ++timer_generation;
    timer.expires_after(timeout);
    std::weak_ptr<Connection> weak = this->weak_from_this();
    timer.async_wait([weak, generation](const error_code& ec) {
      auto self = weak.lock();
      if (ec || !self || generation != self->timer_generation) return;
      self->timed_out = true;
      error_code ignored;
      Lowest(self->stream).cancel(ignored);
    });
  }
  void Disarm() {
    ++timer_generation;
    timer.cancel();
  }

  Stream stream;
  asio::steady_timer timer;
  uint64_t timer_generation = 0;
  bool timed_out = false;
  bool idle = false;  // waiting for the first byte of a request
};

class Server {
 public:
  Server(const ServerOptions& options, const RequestHandler& handler,
         const CompletionCallback& on_complete)
      : options_(options),
        handler_(handler),
        on_complete_(on_complete),
        ioc_(Threads()),
        control_(asio::make_strand(ioc_)),
        acceptor_(control_),
        grace_timer_(control_),
        signals_(ioc_, SIGINT, SIGTERM) {}

  int Threads() const {
    if (options_.threads > 0) return options_.threads;
    return std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  }

  Status Start(const ListeningCallback& on_listening) {
    tls_ = !options_.tls_cert_file.empty() || !options_.tls_key_file.empty();
    if (tls_) {
      if (options_.tls_cert_file.empty() || options_.tls_key_file.empty()) {
        return Status::InvalidArgument("TLS needs both --tls-cert and --tls-key");
      }
      ssl_.emplace(asio::ssl::context::tls_server);
      ssl_->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                        asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
      error_code ec;
      ssl_->use_certificate_chain_file(options_.tls_cert_file, ec);
      if (ec) return Status::InvalidArgument("cannot read the TLS certificate (--tls-cert)");
      ssl_->use_private_key_file(options_.tls_key_file, asio::ssl::context::pem, ec);
      if (ec) return Status::InvalidArgument("cannot read the TLS key (--tls-key)");
    }
    CHORUS_RETURN_IF_ERROR(CheckListenPolicy(options_.listen, tls_));
    error_code ec;
    auto address = asio::ip::make_address(options_.listen.host, ec);
    if (ec) return Status::InvalidArgument("--listen: not an IP address");
    tcp::endpoint endpoint(address, options_.listen.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Status::Unavailable("cannot listen on " + options_.listen.host + ":" +
                                 std::to_string(options_.listen.port) + ": " + ec.message());
    }
    auto bound = acceptor_.local_endpoint(ec);
    std::string shown = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                                : bound.address().to_string();
    if (on_listening) on_listening(shown + ":" + std::to_string(bound.port()));
    return Status::Ok();
  }

  void Run() {
    signals_.async_wait([this](const error_code& ec, int) {
      if (!ec) asio::post(control_, [this] { BeginStop(); });
    });
    asio::co_spawn(control_, Accept(), asio::detached);
    std::vector<std::thread> threads;
    int n = Threads();
    for (int i = 1; i < n; ++i) threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& t : threads) t.join();
  }

 private:
  // Runs on control_, like Accept and the grace timer.
  void BeginStop() {
    error_code ignored;
    acceptor_.close(ignored);
    std::vector<std::function<void()>> cancels;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      for (auto& [id, cancel] : live_) cancels.push_back(cancel);
      if (live_.empty()) return;
    }
    for (auto& cancel : cancels) cancel();
    grace_timer_.expires_after(options_.shutdown_grace);
    grace_timer_.async_wait([this](const error_code& ec) {
      if (!ec) ioc_.stop();  // requests still running past the grace period
    });
  }

  void Unregister(uint64_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    live_.erase(id);
    if (stopping_ && live_.empty()) {
      asio::post(control_, [this] { grace_timer_.cancel(); });
    }
  }

  asio::awaitable<void> Accept() {
    for (;;) {
      error_code ec;
      asio::any_io_executor strand = asio::make_strand(ioc_);
      tcp::socket socket =
          co_await acceptor_.async_accept(strand, asio::redirect_error(asio::use_awaitable, ec));
      if (stopping_ || !acceptor_.is_open()) co_return;
      if (ec) {
        // Out of file descriptors or a connection reset before accept: wait
        // a moment instead of spinning.
        asio::steady_timer pause(control_, std::chrono::milliseconds(50));
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      if (tls_) {
        using TlsStream = asio::ssl::stream<tcp::socket>;
        auto conn = std::make_shared<Connection<TlsStream>>(strand, std::move(socket), *ssl_);
        asio::co_spawn(strand, Session(conn), asio::detached);
      } else {
        auto conn = std::make_shared<Connection<tcp::socket>>(strand, std::move(socket));
        asio::co_spawn(strand, Session(conn), asio::detached);
      }
    }
  }

  template <class Stream>
  uint64_t Register(const std::shared_ptr<Connection<Stream>>& conn) {
    std::weak_ptr<Connection<Stream>> weak = conn;
    auto executor = conn->timer.get_executor();
    std::lock_guard<std::mutex> lock(mu_);
    uint64_t id = ++next_id_;
    live_.emplace(id, [weak, executor] {
      asio::post(executor, [weak] {
        if (auto c = weak.lock(); c && c->idle) {
          error_code ignored;
          Lowest(c->stream).cancel(ignored);
        }
      });
    });
    return id;
  }

  template <class Stream>
  asio::awaitable<void> Session(std::shared_ptr<Connection<Stream>> conn) {
    uint64_t id = Register(conn);
    try {
      co_await Serve(*conn);
    } catch (const std::exception&) {
      // A connection that throws (e.g. out of memory) is dropped alone.
    }
    error_code ignored;
    conn->Disarm();
    Lowest(conn->stream).close(ignored);
    Unregister(id);
  }

  template <class Stream>
  asio::awaitable<void> Serve(Connection<Stream>& conn) {
    error_code ec;
    constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;
    std::string remote = Lowest(conn.stream).remote_endpoint(ec).address().to_string();
    if constexpr (kTls) {
      conn.Arm(options_.request_timeout);
      co_await conn.stream.async_handshake(asio::ssl::stream_base::server,
                                           asio::redirect_error(asio::use_awaitable, ec));
      conn.Disarm();
      if (ec) co_return;
    }
    beast::flat_buffer buffer;
    for (;;) {
      if (buffer.size() == 0) {
        // Idle: wait for the first byte of the next request.
        if (stopping_) break;
        conn.idle = true;
        conn.Arm(options_.idle_timeout);
        size_t n = co_await conn.stream.async_read_some(
            buffer.prepare(8192), asio::redirect_error(asio::use_awaitable, ec));
        conn.idle = false;
        conn.Disarm();
        if (ec) break;  // closed, idle too long, or the server is stopping
        buffer.commit(n);
      }
      auto started = Clock::now();
      http::request_parser<http::string_body> parser;
      parser.body_limit(options_.body_limit_bytes);
      parser.header_limit(static_cast<std::uint32_t>(options_.header_limit_bytes));
      conn.Arm(options_.request_timeout);
      co_await http::async_read(conn.stream, buffer, parser,
                                asio::redirect_error(asio::use_awaitable, ec));
      bool timed_out = conn.timed_out;
      conn.Disarm();

      HttpRequest request;
      request.remote_address = remote;
      request.tls = kTls;
      HttpResponse response;
      bool close_after = false;
      if (ec) {
        if (ec == http::error::end_of_stream || ec == asio::error::eof ||
            ec == asio::error::connection_reset || ec == asio::ssl::error::stream_truncated) {
          break;
        }
        close_after = true;
        if (timed_out) {
          response = TransportErrorResponse(TransportError::kRequestTimeout,
                                            "the request did not arrive in time");
        } else if (ec == http::error::body_limit) {
          response = TransportErrorResponse(
              TransportError::kPayloadTooLarge,
              "the body is larger than " + std::to_string(options_.body_limit_bytes) + " bytes");
        } else if (ec == http::error::header_limit) {
          response = TransportErrorResponse(TransportError::kHeadersTooLarge,
                                            "the request headers are too large");
        } else if (ec == asio::error::operation_aborted) {
          break;  // the server is stopping
        } else {
          response =
              TransportErrorResponse(TransportError::kMalformedRequest, "malformed HTTP request");
        }
        if (parser.is_header_done()) request.method = std::string(parser.get().method_string());
      } else {
        auto& req = parser.get();
        close_after = !req.keep_alive();
        Status target = ToHttpRequest(req, request);
        if (!target.ok()) {
          response = TransportErrorResponse(TransportError::kMalformedRequest, target.message());
        } else {
          response = handler_(request);
        }
      }
      bool keep_alive = !close_after && !stopping_;

      http::response<http::string_body> res;
      res.version(11);
      res.result(static_cast<unsigned>(response.status));
      if (!response.content_type.empty()) res.set(http::field::content_type, response.content_type);
      for (const auto& [name, value] : response.headers) res.insert(name, value);
      res.keep_alive(keep_alive);
      if (request.method != "HEAD") res.body() = response.body;
      res.prepare_payload();
      if (request.method == "HEAD") {
        res.content_length(response.body.size());
      }
      conn.Arm(options_.request_timeout);
      co_await http::async_write(conn.stream, res, asio::redirect_error(asio::use_awaitable, ec));
      conn.Disarm();
      if (on_complete_) {
        on_complete_(request, response,
                     std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started));
      }
      if (ec) co_return;
      if (!keep_alive) {
        co_await Linger(conn, close_after);
        co_return;
      }
    }
    co_return;
  }

  // Closes politely: TLS close_notify, or a half-close followed by reading
  // (and dropping) what the client still sends, so an error response is not
  // lost to a connection reset.
  template <class Stream>
  asio::awaitable<void> Linger(Connection<Stream>& conn, bool drain) {
    error_code ec;
    if constexpr (!std::is_same_v<Stream, tcp::socket>) {
      conn.Arm(std::chrono::duration_cast<std::chrono::milliseconds>(kLingerTime));
      co_await conn.stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
      conn.Disarm();
    } else {
      conn.stream.shutdown(tcp::socket::shutdown_send, ec);
      if (!drain) co_return;
      conn.Arm(std::chrono::duration_cast<std::chrono::milliseconds>(kLingerTime));
      std::vector<char> sink(16384);
      size_t total = 0;
      while (total < kLingerMaxBytes) {
        size_t n = co_await conn.stream.async_read_some(
            asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
        total += n;
      }
      conn.Disarm();
    }
  }

  const ServerOptions& options_;
  const RequestHandler& handler_;
  const CompletionCallback& on_complete_;
  asio::io_context ioc_;
  // Serialises the acceptor, the stop sequence and the grace timer.
  asio::strand<asio::io_context::executor_type> control_;
  std::optional<asio::ssl::context> ssl_;
  bool tls_ = false;
  tcp::acceptor acceptor_;
  asio::steady_timer grace_timer_;
  asio::signal_set signals_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  uint64_t next_id_ = 0;                                      // GUARDED_BY(mu_)
  std::unordered_map<uint64_t, std::function<void()>> live_;  // GUARDED_BY(mu_)
};

}  // namespace

Result<HttpRequest> ParseHttpRequest(std::string_view bytes, const ServerOptions& options) {
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.body_limit(options.body_limit_bytes);
  parser.header_limit(static_cast<std::uint32_t>(options.header_limit_bytes));
  error_code ec;
  std::string_view rest = bytes;
  while (!parser.is_done()) {
    size_t used = parser.put(asio::buffer(rest.data(), rest.size()), ec);
    rest.remove_prefix(used);
    if (ec && ec != http::error::need_more) break;
    // Every byte was offered, so no progress means the request is cut short
    // (a request's body never ends at end of stream: no put_eof). In a body,
    // put() takes nothing from an empty buffer without saying need_more.
    if (used == 0) {
      ec = http::error::partial_message;
      break;
    }
    ec = {};
  }
  if (ec == http::error::body_limit) {
    return Status::ResourceExhausted("the body is larger than " +
                                     std::to_string(options.body_limit_bytes) + " bytes");
  }
  if (ec == http::error::header_limit) {
    return Status::ResourceExhausted("the request headers are too large");
  }
  if (ec) return Status::InvalidArgument("malformed HTTP request");
  HttpRequest request;
  CHORUS_RETURN_IF_ERROR(ToHttpRequest(parser.get(), request));
  return request;
}

Status RunHttpServer(const ServerOptions& options, const RequestHandler& handler,
                     const ListeningCallback& on_listening, const CompletionCallback& on_complete) {
  try {
    Server server(options, handler, on_complete);
    CHORUS_RETURN_IF_ERROR(server.Start(on_listening));
    server.Run();
    return Status::Ok();
  } catch (const std::exception&) {
    return Status::Internal("the HTTP server failed");
  }
}

}  // namespace chorus::server

// The endpoint table: method + exact path -> handler, with 404 for an unknown path and 405 (and an
// Allow header) for a known path asked with another method. Handlers may throw; the server turns
// that into a bare 500 at the request boundary.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "http/message.hpp"

namespace roadmapd::http {

// What the server calls for every complete request. A coroutine, so a handler may await (a
// readiness check); one that only touches SQLite can be a plain function registered with add().
using handler = std::function<boost::asio::awaitable<response>(request)>;
using sync_handler = std::function<response(const request&)>;

class router {
 public:
  void add(std::string method, std::string path, sync_handler h);
  void add_async(std::string method, std::string path, handler h);

  // Routes one request. The router must outlive the returned coroutine (keep it beside the server).
  boost::asio::awaitable<response> route(request req) const;

  // A server handler that routes through this router, which must outlive the server.
  handler as_handler() const;

 private:
  struct endpoint {
    std::string method;
    std::string path;
    sync_handler sync;
    handler async;
  };
  std::vector<endpoint> endpoints_;
};

}  // namespace roadmapd::http

// The endpoint table (see router.hpp).
#include "http/router.hpp"

namespace roadmapd::http {

void router::add(std::string method, std::string path, sync_handler h) {
  endpoints_.push_back({std::move(method), std::move(path), std::move(h), nullptr});
}

void router::add_async(std::string method, std::string path, handler h) {
  endpoints_.push_back({std::move(method), std::move(path), nullptr, std::move(h)});
}

boost::asio::awaitable<response> router::route(request req) const {
  const std::string_view path = req.path();
  std::string allowed;
  for (const auto& e : endpoints_) {
    if (e.path != path) continue;
    if (e.method == req.method) {
      if (e.sync) co_return e.sync(req);
      co_return co_await e.async(std::move(req));
    }
    if (!allowed.empty()) allowed += ", ";
    allowed += e.method;
  }
  if (allowed.empty()) co_return response::text(404, "no such endpoint: " + std::string(path));
  auto r = response::text(405, "method " + req.method + " not allowed on " + std::string(path) + "; use " + allowed);
  r.headers.emplace_back("Allow", std::move(allowed));
  co_return r;
}

handler router::as_handler() const {
  return [this](request req) { return route(std::move(req)); };
}

}  // namespace roadmapd::http

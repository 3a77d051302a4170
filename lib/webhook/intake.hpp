// The webhook intake: turns one POST from GitHub into an inbox entry and an answer. It checks the
// signature over the raw body, the event and delivery headers and the content type, commits the
// delivery before answering 202, and stores nothing for any 4xx. Returns answers, never throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "http/message.hpp"
#include "webhook/inbox.hpp"

namespace roadmapd::webhook {

struct intake_options {
  std::vector<std::string> secrets;  // any of them signs validly (rotation); never logged
};

// Hooks for metrics, logs and the worker. Called on the loop's thread, synchronously, before the
// answer is sent; keep them short.
class intake_observer {
 public:
  virtual ~intake_observer() = default;
  virtual void on_accepted(std::string_view /*event*/) {}   // stored, answered 202
  virtual void on_duplicate(std::string_view /*event*/) {}  // the delivery id was already stored: 200
  virtual void on_ping() {}                                 // answered 200 "pong", nothing stored
  // Answered 4xx/5xx and nothing stored. reason is one of: missing_signature, bad_signature,
  // missing_event, missing_delivery, malformed_delivery, unsupported_event, unsupported_content_type,
  // malformed_form, store_failed. event is event_label() of the request.
  virtual void on_rejected(std::string_view /*reason*/, std::string_view /*event*/) {}
  // A new delivery was committed: wake the worker.
  virtual void on_stored() {}
};

// X-GitHub-Event as a metrics label: the event when GitHub documents it, "none" when the header is
// missing, "other" for anything else (the header is the sender's to choose, signed or not).
std::string_view event_label(const http::request& req);

class intake {
 public:
  // The inbox and the observer (may be null) must outlive the intake.
  intake(inbox& box, intake_options options, intake_observer* observer = nullptr);

  // Handles POST <webhook path>, storing an accepted delivery with inbox::add (its own commit);
  // the router sends other methods and paths elsewhere.
  http::response handle(const http::request& req);

  // The two halves of handle(), for callers that store deliveries in batches (webhook::committer):
  // check() answers a request that must not be stored, or returns the delivery that passed every
  // check;
  // answer() is the reply once it was stored (or nullopt: storing failed).
  std::variant<http::response, new_delivery> check(const http::request& req);
  http::response answer(const new_delivery& d, std::optional<add_outcome> stored);

 private:
  http::response reject(std::string_view event, int status, std::string_view reason, std::string_view message);
  inbox& box_;
  intake_options options_;
  intake_observer* observer_;
};

// True for the event names GitHub documents (X-GitHub-Event); one table in intake.cpp.
bool is_github_event(std::string_view name);

}  // namespace roadmapd::webhook

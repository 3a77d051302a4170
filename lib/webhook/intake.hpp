// The webhook intake: turns one POST from GitHub into an inbox entry and an answer. It checks the
// signature over the raw body, the event and delivery headers and the content type, commits the
// delivery before answering 202, and stores nothing for any 4xx. Returns answers, never throws.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace roadmapd::webhook {

class inbox;

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
  // malformed_form, store_failed.
  virtual void on_rejected(std::string_view /*reason*/) {}
  // A new delivery was committed: wake the worker.
  virtual void on_stored() {}
};

class intake {
 public:
  // The inbox and the observer (may be null) must outlive the intake.
  intake(inbox& box, intake_options options, intake_observer* observer = nullptr);

  // Handles POST <webhook path>; the router sends other methods and paths elsewhere.
  http::response handle(const http::request& req);

 private:
  http::response reject(int status, std::string_view reason, std::string_view message);
  inbox& box_;
  intake_options options_;
  intake_observer* observer_;
};

// True for the event names GitHub documents (X-GitHub-Event); one table in intake.cpp.
bool is_github_event(std::string_view name);

}  // namespace roadmapd::webhook

// Group commit for the intake: the deliveries that arrive in one turn of the event loop are stored
// in one transaction with one wait for the disk, and each request is answered after that commit.
// Under load, requests that arrive during one commit form the next batch, so the fsync cost is
// shared instead of capping the endpoint at one delivery per disk flush.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "webhook/inbox.hpp"

namespace roadmapd::webhook {

class committer {
 public:
  committer(boost::asio::any_io_executor ex, inbox& box);
  ~committer();

  // Stores the delivery with the others of this loop turn. nullopt when the commit failed (logged).
  boost::asio::awaitable<std::optional<add_outcome>> store(new_delivery d);

 private:
  struct waiter;
  void flush();

  boost::asio::any_io_executor ex_;
  inbox& box_;
  std::vector<std::shared_ptr<waiter>> pending_;
  bool flush_posted_ = false;
};

}  // namespace roadmapd::webhook

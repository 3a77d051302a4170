// The GitHub writes of enforcement, one coroutine per kind of change, each one GraphQL request
// (documents in lib/enforce/mutations/*.graphql, validated against GitHub's schema). No policy
// here: the enforcer decides what to send; this only sends it and says what came of it.
#pragma once

#include <map>
#include <variant>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "github/graphql_client.hpp"
#include "util/result.hpp"

namespace roadmapd::enforce {

// A comment roadmapd wrote earlier, found again by its hidden marker.
struct sticky_comment {
  std::string id;          // IssueComment node id
  std::string body;
  bool minimized = false;
};

// How a failed write ended. `maybe_applied`: the request may have reached GitHub (a timeout or a
// dropped connection after sending), so the enforcer must look before it creates again.
struct write_failure {
  std::string message;
  bool maybe_applied = false;
};

template <class T>
using write_result = std::variant<T, write_failure>;

class github_actions {
 public:
  explicit github_actions(github::graphql_client& client);

  // roadmapd's own comment on an issue or PR: the newest comment the viewer authored whose body
  // contains `marker`; nullopt when there is none. Never returns another author's comment.
  boost::asio::awaitable<result<std::optional<sticky_comment>>> find_sticky_comment(const std::string& subject_id,
                                                                                   const std::string& marker);
  // addComment: the new comment's id. Not retried once it may have reached GitHub.
  boost::asio::awaitable<write_result<std::string>> add_comment(const std::string& subject_id, const std::string& body);
  boost::asio::awaitable<write_result<bool>> edit_comment(const std::string& comment_id, const std::string& body);
  boost::asio::awaitable<write_result<bool>> minimize_comment(const std::string& comment_id);    // as RESOLVED
  boost::asio::awaitable<write_result<bool>> unminimize_comment(const std::string& comment_id);

  // The label's id in the repository ("owner/name"), creating it (with color and description)
  // when it does not exist. Ids are cached per repository for the life of this object.
  boost::asio::awaitable<write_result<std::string>> ensure_label(const std::string& repo, const std::string& name,
                                                                 const std::string& color,
                                                                 const std::string& description);
  // The label's id when it exists, nullopt when not (no write).
  boost::asio::awaitable<result<std::optional<std::string>>> find_label(const std::string& repo, const std::string& name);
  boost::asio::awaitable<write_result<bool>> add_labels(const std::string& subject_id, const std::vector<std::string>& label_ids);
  boost::asio::awaitable<write_result<bool>> remove_labels(const std::string& subject_id,
                                                           const std::vector<std::string>& label_ids);
  // updateProjectV2ItemFieldValue with a single-select option.
  boost::asio::awaitable<write_result<bool>> set_single_select(const std::string& project_id, const std::string& item_id,
                                                               const std::string& field_id, const std::string& option_id);

  // Mutations sent so far (each counts against GitHub's secondary limits), for metrics and tests.
  long mutations_sent() const { return mutations_; }

 private:
  github::graphql_client& client_;
  std::map<std::string, std::map<std::string, std::string>> label_ids_;  // repo -> lower-case name -> id
  std::map<std::string, std::string> repository_ids_;                      // repo -> node id
  long mutations_ = 0;
};

}  // namespace roadmapd::enforce

// github_actions: each write as one GraphQL request through graphql_client, its answer checked and
// any failure described as "<what roadmapd was doing>: <GitHub's error type>: <GitHub's message>".
#include "enforce/github_actions.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "enforce/mutations.hpp"
#include "github/json.hpp"

namespace roadmapd::enforce {
namespace {

namespace asio = boost::asio;
using github::find_member;
using github::string_member;

// Enough for any issue a person reads; past it roadmapd would rather stop than comment twice.
constexpr int max_comment_pages = 20;

// Builds a request's variables object; values are escaped by RapidJSON.
class variables {
 public:
  variables() { w_.StartObject(); }
  variables& add(const char* key, std::string_view value) {
    w_.Key(key);
    w_.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    return *this;
  }
  variables& add(const char* key, const std::string& value) { return add(key, std::string_view(value)); }
  variables& add(const char* key, const std::optional<std::string>& value) {
    if (!value) {
      w_.Key(key);
      w_.Null();
      return *this;
    }
    return add(key, std::string_view(*value));
  }
  variables& add(const char* key, const std::vector<std::string>& values) {
    w_.Key(key);
    w_.StartArray();
    for (const auto& v : values) w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
    w_.EndArray();
    return *this;
  }
  std::string json() {
    w_.EndObject();
    return std::string(out_.GetString(), out_.GetSize());
  }

 private:
  rapidjson::StringBuffer out_;
  rapidjson::Writer<rapidjson::StringBuffer> w_{out_};
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool contains_nocase(std::string_view hay, std::string_view needle) { return lower(hay).find(lower(needle)) != std::string::npos; }

// GitHub's per-node errors as "TYPE: message; ...", the way GitHub's documentation names them.
std::string describe(const std::vector<github::graphql_error>& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += "; ";
    if (!e.type.empty()) out += e.type + ": ";
    out += e.message.empty() ? "(no message)" : e.message;
  }
  return out;
}

// The answer's data when the request succeeded without errors; else the failure, naming `what`.
result<const rapidjson::Value*> data_of(const result<github::graphql_response>& r, const std::string& what) {
  if (!r) return make_error(what + ": " + r.message());
  if (!r->errors.empty()) return make_error(what + ": " + describe(r->errors));
  if (r->data == nullptr || !r->data->IsObject()) return make_error(what + ": GitHub's answer has no data");
  return r->data;
}

// data.<field> of a mutation's answer, an object when the mutation ran.
write_result<const rapidjson::Value*> payload_of(const github::request_outcome& outcome, const char* field,
                                                 const std::string& what) {
  auto data = data_of(outcome.response, what);
  if (!data) return write_failure{data.message(), outcome.maybe_applied};
  const auto* payload = find_member(**data, field);
  if (payload == nullptr || !payload->IsObject()) {
    return write_failure{what + ": GitHub's answer has no data." + field, false};
  }
  return payload;
}

struct repo_name {
  std::string owner, name;
};

result<repo_name> split_repo(const std::string& repo) {
  auto slash = repo.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == repo.size() || repo.find('/', slash + 1) != std::string::npos) {
    return make_error("repository \"" + repo + "\" is not of the form owner/name");
  }
  return repo_name{repo.substr(0, slash), repo.substr(slash + 1)};
}

}  // namespace

github_actions::github_actions(github::graphql_client& client) : client_(client) {}

asio::awaitable<result<std::optional<sticky_comment>>> github_actions::find_sticky_comment(const std::string& subject_id,
                                                                                          const std::string& marker) {
  const std::string what = "looking for roadmapd's comment on " + subject_id;
  std::optional<std::string> before;
  for (int page = 0; page < max_comment_pages; ++page) {
    auto answer = co_await client_.execute(mutations::find_comments,
                                           variables().add("subject", subject_id).add("before", before).json());
    auto data = data_of(answer, what);
    if (!data) co_return data.err();
    const auto* node = find_member(**data, "node");
    if (node == nullptr || !node->IsObject()) co_return make_error(what + ": no issue or pull request has this id");
    const auto* comments = find_member(*node, "comments");
    if (comments == nullptr || !comments->IsObject()) {
      auto type = string_member(*node, "__typename").value_or("node");
      co_return make_error(what + ": it is a " + std::string(type) + ", which cannot have comments");
    }
    const auto* nodes = find_member(*comments, "nodes");
    if (nodes == nullptr || !nodes->IsArray()) co_return make_error(what + ": GitHub's answer has no comments.nodes");
    // Oldest first within the page: walk backwards so the newest of several wins.
    for (auto it = nodes->End(); it != nodes->Begin();) {
      const auto& c = *--it;
      const auto* mine = find_member(c, "viewerDidAuthor");
      if (mine == nullptr || !mine->IsBool() || !mine->GetBool()) continue;
      auto body = string_member(c, "body");
      auto id = string_member(c, "id");
      if (!body || !id || body->find(marker) == std::string_view::npos) continue;
      const auto* minimized = find_member(c, "isMinimized");
      co_return std::optional<sticky_comment>(
          sticky_comment{std::string(*id), std::string(*body), minimized != nullptr && minimized->IsBool() && minimized->GetBool()});
    }
    const auto* info = find_member(*comments, "pageInfo");
    const auto* more = info ? find_member(*info, "hasPreviousPage") : nullptr;
    auto cursor = info ? string_member(*info, "startCursor") : std::nullopt;
    if (more == nullptr || !more->IsBool() || !more->GetBool() || !cursor) co_return std::optional<sticky_comment>();
    before = std::string(*cursor);
  }
  // Creating a comment now could duplicate one further back; better to ask a person.
  co_return make_error(what + ": it has more than " + std::to_string(max_comment_pages * 100) +
                       " comments and none of the newest is roadmapd's; not commenting");
}

asio::awaitable<write_result<std::string>> github_actions::add_comment(const std::string& subject_id, const std::string& body) {
  const std::string what = "adding a comment to " + subject_id;
  ++mutations_;
  auto outcome = co_await client_.send(mutations::add_comment, variables().add("subject", subject_id).add("body", body).json(),
                                       github::request_options{.idempotent = false});
  auto payload = payload_of(outcome, "addComment", what);
  if (auto* failed = std::get_if<write_failure>(&payload)) co_return std::move(*failed);
  const auto* edge = find_member(*std::get<0>(payload), "commentEdge");
  const auto* node = edge ? find_member(*edge, "node") : nullptr;
  auto id = node ? string_member(*node, "id") : std::nullopt;
  // The mutation ran, so a comment probably exists: look before adding another.
  if (!id) co_return write_failure{what + ": GitHub's answer has no addComment.commentEdge.node.id", true};
  co_return std::string(*id);
}

asio::awaitable<write_result<bool>> github_actions::edit_comment(const std::string& comment_id, const std::string& body) {
  ++mutations_;
  auto outcome = co_await client_.send(mutations::edit_comment, variables().add("comment", comment_id).add("body", body).json(),
                                       github::request_options{});
  auto payload = payload_of(outcome, "updateIssueComment", "editing comment " + comment_id);
  if (auto* failed = std::get_if<write_failure>(&payload)) co_return std::move(*failed);
  co_return true;
}

asio::awaitable<write_result<bool>> github_actions::minimize_comment(const std::string& comment_id) {
  ++mutations_;
  auto outcome = co_await client_.send(mutations::minimize_comment, variables().add("comment", comment_id).json(),
                                       github::request_options{});
  auto payload = payload_of(outcome, "minimizeComment", "minimizing comment " + comment_id);
  if (auto* failed = std::get_if<write_failure>(&payload)) co_return std::move(*failed);
  co_return true;
}

asio::awaitable<write_result<bool>> github_actions::unminimize_comment(const std::string& comment_id) {
  ++mutations_;
  auto outcome = co_await client_.send(mutations::unminimize_comment, variables().add("comment", comment_id).json(),
                                       github::request_options{});
  auto payload = payload_of(outcome, "unminimizeComment", "showing comment " + comment_id + " again");
  if (auto* failed = std::get_if<write_failure>(&payload)) co_return std::move(*failed);
  co_return true;
}

asio::awaitable<result<std::optional<std::string>>> github_actions::find_label(const std::string& repo,
                                                                              const std::string& name) {
  const std::string what = "looking up label \"" + name + "\" in " + repo;
  if (auto r = label_ids_.find(repo); r != label_ids_.end()) {
    if (auto l = r->second.find(lower(name)); l != r->second.end()) co_return std::optional<std::string>(l->second);
  }
  auto parts = split_repo(repo);
  if (!parts) co_return make_error(what + ": " + parts.message());
  auto answer = co_await client_.execute(
      mutations::repository_label,
      variables().add("owner", parts->owner).add("name", parts->name).add("label", name).json());
  auto data = data_of(answer, what);
  if (!data) co_return data.err();
  const auto* repository = find_member(**data, "repository");
  if (repository == nullptr || !repository->IsObject()) co_return make_error(what + ": the repository does not exist");
  if (auto id = string_member(*repository, "id")) repository_ids_[repo] = std::string(*id);
  const auto* label = find_member(*repository, "label");
  if (label == nullptr || !label->IsObject()) co_return std::optional<std::string>();
  auto id = string_member(*label, "id");
  if (!id) co_return make_error(what + ": GitHub's answer has no repository.label.id");
  label_ids_[repo][lower(name)] = std::string(*id);
  co_return std::optional<std::string>(std::string(*id));
}

asio::awaitable<write_result<std::string>> github_actions::ensure_label(const std::string& repo, const std::string& name,
                                                                       const std::string& color,
                                                                       const std::string& description) {
  const std::string what = "creating label \"" + name + "\" in " + repo;
  auto found = co_await find_label(repo, name);
  if (!found) co_return write_failure{found.message()};
  if (*found) co_return std::move(**found);
  auto repository = repository_ids_.find(repo);
  if (repository == repository_ids_.end()) co_return write_failure{what + ": GitHub's answer has no repository.id"};

  std::string hex = color.starts_with('#') ? color.substr(1) : color;  // GitHub wants the bare hex code
  ++mutations_;
  auto outcome = co_await client_.send(
      mutations::create_label,
      variables().add("repository", repository->second).add("name", name).add("color", hex).add("description", description).json(),
      github::request_options{});
  if (outcome.response && !outcome.response->errors.empty()) {
    bool taken = std::any_of(outcome.response->errors.begin(), outcome.response->errors.end(),
                             [](const auto& e) { return contains_nocase(e.message, "already been taken"); });
    if (taken) {  // created meanwhile by someone else (or by our own retried request): use that one
      auto again = co_await find_label(repo, name);
      if (again && *again) co_return std::move(**again);
    }
  }
  auto payload = payload_of(outcome, "createLabel", what);
  if (auto* failed = std::get_if<write_failure>(&payload)) co_return std::move(*failed);
  const auto* label = find_member(*std::get<0>(payload), "label");
  auto id = label ? string_member(*label, "id") : std::nullopt;
  if (!id) co_return write_failure{what + ": GitHub's answer has no createLabel.label.id"};
  label_ids_[repo][lower(name)] = std::string(*id);
  co_return std::string(*id);
}

asio::awaitable<write_result<bool>> github_actions::add_labels(const std::string& subject_id,
                                                              const std::vector<std::string>& label_ids) {
  ++mutations_;
  auto outcome = co_await client_.send(mutations::add_labels, variables().add("subject", subject_id).add("labels", label_ids).json(),
                                       github::request_options{});
  auto payload = payload_of(outcome, "addLabelsToLabelable", "adding labels to " + subject_id);
  if (auto* failed = std::get_if<write_failure>(&payload)) co_return std::move(*failed);
  co_return true;
}

asio::awaitable<write_result<bool>> github_actions::remove_labels(const std::string& subject_id,
                                                                 const std::vector<std::string>& label_ids) {
  ++mutations_;
  auto outcome = co_await client_.send(mutations::remove_labels,
                                       variables().add("subject", subject_id).add("labels", label_ids).json(),
                                       github::request_options{});
  auto payload = payload_of(outcome, "removeLabelsFromLabelable", "removing labels from " + subject_id);
  if (auto* failed = std::get_if<write_failure>(&payload)) co_return std::move(*failed);
  co_return true;
}

asio::awaitable<write_result<bool>> github_actions::set_single_select(const std::string& project_id,
                                                                     const std::string& item_id,
                                                                     const std::string& field_id,
                                                                     const std::string& option_id) {
  ++mutations_;
  auto outcome = co_await client_.send(
      mutations::set_field_value,
      variables().add("project", project_id).add("item", item_id).add("field", field_id).add("option", option_id).json(),
      github::request_options{});
  auto payload = payload_of(outcome, "updateProjectV2ItemFieldValue",
                            "setting field " + field_id + " of item " + item_id + " in project " + project_id);
  if (auto* failed = std::get_if<write_failure>(&payload)) co_return std::move(*failed);
  co_return true;
}

}  // namespace roadmapd::enforce

// Decoding of board, item, issue and change-probe answers (see decode.hpp).
#include "sync/decode.hpp"

#include "sync/json_reader.hpp"

namespace roadmapd::sync {

namespace {

page_info decode_page_info(const json_object& conn) {
  auto pi = conn.object("pageInfo");
  page_info out;
  out.has_next = pi.boolean("hasNextPage");
  if (out.has_next) out.end_cursor = pi.string("endCursor");
  return out;
}

model::field decode_field(const json_object& node) {
  model::field f;
  f.id = node.string("id");
  f.name = node.string("name");
  f.data_type = node.string("dataType");
  const auto type = node.string("__typename");
  if (type == "ProjectV2SingleSelectField") {
    for (const auto& o : node.array("options")) {
      if (!o.valid()) continue;
      f.options.push_back({o.string("id"), o.string("name")});
    }
  } else if (type == "ProjectV2IterationField") {
    auto config = node.object("configuration");
    for (const char* list : {"iterations", "completedIterations"}) {
      const bool completed = std::string_view(list) == "completedIterations";
      for (const auto& it : config.array(list)) {
        if (!it.valid()) continue;
        f.iterations.push_back({it.string("id"), it.string("title"), it.string("startDate"),
                                it.integer("duration"), completed});
      }
    }
  }
  return f;
}

// Only the custom-field kinds carry values of their own; labels, assignees, milestone and the like
// are read from the item's content instead (cheaper, and the same values).
void decode_field_values(const json_object& item, model::item& out) {
  auto values = item.object("fieldValues");
  for (const auto& v : values.array("nodes")) {
    if (!v.valid()) continue;
    const auto type = v.string("__typename");
    model::field_value fv;
    if (type == "ProjectV2ItemFieldTextValue") {
      fv.kind = "text";
      fv.text = v.opt_string("text");
    } else if (type == "ProjectV2ItemFieldNumberValue") {
      fv.kind = "number";
      fv.number = v.opt_number("number");
    } else if (type == "ProjectV2ItemFieldDateValue") {
      fv.kind = "date";
      fv.date = v.opt_string("date");
    } else if (type == "ProjectV2ItemFieldSingleSelectValue") {
      fv.kind = "single_select";
      fv.text = v.opt_string("name");
      fv.option_id = v.opt_string("optionId");
    } else if (type == "ProjectV2ItemFieldIterationValue") {
      fv.kind = "iteration";
      fv.text = v.string("title");
      fv.iteration_id = v.string("iterationId");
    } else {
      continue;
    }
    auto field = v.opt_object("field");
    if (!field) continue;  // a field the token cannot see
    fv.field_id = field->string("id");
    out.values.push_back(std::move(fv));
  }
}

void decode_content(const json_object& content, model::item& out) {
  const auto type = content.string("__typename");
  out.content_id = content.string("id");
  out.title = content.string("title");
  out.assignees = content.node_strings("assignees", "login");
  if (type == "DraftIssue") {
    out.body = content.opt_string("body").value_or("");
    return;
  }
  out.content_number = content.integer("number");
  out.content_state = content.string(type == "Issue" ? "issueState" : "pullRequestState");
  out.content_url = content.string("url");
  out.content_repo = content.object("repository").string("nameWithOwner");
  out.labels = content.node_strings("labels", "name");
  if (auto m = content.opt_object("milestone")) out.milestone = m->string("title");
}

void decode_items(const json_object& conn, board_page& page) {
  page.total_items = conn.integer("totalCount");
  page.page = decode_page_info(conn);
  long position = 0;
  for (const auto& node : conn.array("nodes")) {
    const long here = position++;
    if (!node.valid()) {
      page.skipped.push_back(node.path());
      continue;
    }
    model::item item;
    item.id = node.string("id");
    item.type = node.string("type");
    item.archived = node.boolean("isArchived");
    item.created_at = node.string("createdAt");
    item.updated_at = node.string("updatedAt");
    item.position = here;
    auto content = node.opt_object("content");
    if (item.type != "REDACTED") {
      if (!content) {
        // GitHub reported an error for this item's content (see the answer's `errors`): the item
        // still exists, so keep what the mirror knows of it rather than blanking it.
        page.kept_item_ids.push_back(item.id);
        continue;
      }
      decode_content(*content, item);
      decode_field_values(node, item);
    }
    page.items.push_back(std::move(item));
  }
}

std::optional<json_object> project_of(const json_object& data, board_page& page) {
  auto owner = data.opt_object("repositoryOwner");
  auto project = owner ? owner->opt_object("projectV2") : std::nullopt;
  if (!project) page.found = false;
  return project;
}

}  // namespace

result<board_page> decode_board(const rapidjson::Value& data, std::string_view owner) {
  decode_errors errors;
  board_page page;
  json_object root(&data, "data", errors);
  auto project = project_of(root, page);
  if (project) {
    auto& p = page.project;
    p.id = project->string("id");
    p.owner = std::string(owner);
    if (auto login = root.object("repositoryOwner").opt_string("login")) p.owner = *login;
    p.number = project->integer("number");
    p.title = project->string("title");
    p.short_description = project->opt_string("shortDescription").value_or("");
    p.url = project->string("url");
    p.closed = project->boolean("closed");
    p.updated_at = project->string("updatedAt");
    auto fields = project->object("fields");
    for (const auto& node : fields.array("nodes")) {
      if (node.valid()) p.fields.push_back(decode_field(node));
    }
    decode_items(project->object("items"), page);
    for (auto& item : page.items) item.project_id = p.id;
  }
  if (errors.failed()) return make_error("malformed answer: " + errors.first());
  return page;
}

result<board_page> decode_board_items(const rapidjson::Value& data) {
  decode_errors errors;
  board_page page;
  json_object root(&data, "data", errors);
  auto node = root.opt_object("node");
  if (!node) {
    page.found = false;
  } else {
    page.project.id = node->string("id");
    decode_items(node->object("items"), page);
    for (auto& item : page.items) item.project_id = page.project.id;
  }
  if (errors.failed()) return make_error("malformed answer: " + errors.first());
  return page;
}

result<change_probe> decode_changes(const rapidjson::Value& data) {
  decode_errors errors;
  change_probe out;
  json_object root(&data, "data", errors);
  for (const auto& b : root.array("boards")) {
    change_probe::board board;
    if (b.valid() && b.opt_string("id")) {
      board.found = true;
      board.id = b.string("id");
      board.updated_at = b.string("updatedAt");
      board.total_items = b.object("items").integer("totalCount");
    }
    out.boards.push_back(std::move(board));
  }
  auto newest = [](const json_object& repo, const char* conn) {
    auto c = repo.object(conn);
    for (const auto& n : c.array("nodes")) {
      if (n.valid()) return n.string("updatedAt");
    }
    return std::string();
  };
  for (const auto& r : root.array("repositories")) {
    change_probe::repository repo;
    if (r.valid() && r.opt_string("id")) {
      repo.found = true;
      repo.id = r.string("id");
      repo.name = r.string("nameWithOwner");
      repo.newest_issue_update = newest(r, "issues");
      repo.newest_pull_request_update = newest(r, "pullRequests");
    }
    out.repositories.push_back(std::move(repo));
  }
  if (errors.failed()) return make_error("malformed answer: " + errors.first());
  return out;
}

namespace {

// Sub-issues, linked pull requests and the newest comment not by the viewer (see model::issue).
model::issue::progress_signals decode_signals(const json_object& node) {
  model::issue::progress_signals s;
  if (auto parent = node.opt_object("parent")) s.parent_id = parent->string("id");
  if (auto summary = node.opt_object("subIssuesSummary")) {
    s.sub_issues_total = summary->integer("total");
    s.sub_issues_completed = summary->integer("completed");
  }
  if (auto linked = node.opt_object("closedByPullRequestsReferences")) {
    for (const auto& pr : linked->array("nodes")) {
      if (!pr.valid()) continue;
      s.linked_pull_requests.push_back({pr.string("id"), pr.object("repository").string("nameWithOwner"),
                                        pr.string("state"), pr.integer("number")});
    }
  }
  if (auto comments = node.opt_object("comments")) {
    for (const auto& c : comments->array("nodes")) {
      if (!c.valid() || c.boolean("viewerDidAuthor")) continue;
      auto at = c.string("createdAt");
      if (!s.last_comment_at || at > *s.last_comment_at) s.last_comment_at = std::move(at);
    }
  }
  return s;
}

}  // namespace

result<issue_page> decode_issues(const rapidjson::Value& data, bool pull_requests) {
  decode_errors errors;
  issue_page page;
  json_object root(&data, "data", errors);
  auto repo = root.opt_object("repository");
  if (!repo) {
    page.found = false;
    return page;
  }
  page.repository_id = repo->string("id");
  page.repository = repo->string("nameWithOwner");
  auto conn = repo->object(pull_requests ? "pullRequests" : "issues");
  page.total = conn.integer("totalCount");
  page.page = decode_page_info(conn);
  for (const auto& node : conn.array("nodes")) {
    if (!node.valid()) {
      page.skipped.push_back(node.path());
      continue;
    }
    model::issue is;
    is.id = node.string("id");
    is.repo = page.repository;
    is.number = node.integer("number");
    is.is_pull_request = pull_requests;
    is.title = node.string("title");
    is.body = node.opt_string("body").value_or("");
    is.state = node.string("state");
    if (!pull_requests) is.state_reason = node.opt_string("stateReason");
    is.url = node.string("url");
    is.created_at = node.string("createdAt");
    is.updated_at = node.string("updatedAt");
    is.closed_at = node.opt_string("closedAt");
    if (auto author = node.opt_object("author")) is.author = author->string("login");
    is.assignees = node.node_strings("assignees", "login");
    is.labels = node.node_strings("labels", "name");
    if (auto m = node.opt_object("milestone")) is.milestone = m->string("title");
    if (pull_requests) {
      is.merged = node.boolean("merged");
      is.merged_at = node.opt_string("mergedAt");
      is.draft = node.boolean("isDraft");
    } else {
      is.signals = decode_signals(node);
    }
    page.issues.push_back(std::move(is));
  }
  if (errors.failed()) return make_error("malformed answer: " + errors.first());
  return page;
}

result<item_answer> decode_item(const rapidjson::Value& data) {
  decode_errors errors;
  item_answer out;
  json_object root(&data, "data", errors);
  auto node = root.opt_object("node");
  // A node of another type matches no fragment and comes back as an empty object.
  if (node && node->opt_string("id")) {
    out.found = true;
    auto& item = out.item;
    item.id = node->string("id");
    item.project_id = node->object("project").string("id");
    item.type = node->string("type");
    item.archived = node->boolean("isArchived");
    item.created_at = node->string("createdAt");
    item.updated_at = node->string("updatedAt");
    if (item.type != "REDACTED") {
      if (auto content = node->opt_object("content")) {
        decode_content(*content, item);
        decode_field_values(*node, item);
      } else {
        out.content_missing = true;
      }
    }
  }
  if (errors.failed()) return make_error("malformed answer: " + errors.first());
  return out;
}

}  // namespace roadmapd::sync

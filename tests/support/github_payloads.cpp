// Webhook payloads for tests (see github_payloads.hpp).
#include "github_payloads.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace roadmapd::test {

std::string json_string(std::string_view s) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return {out.GetString(), out.GetSize()};
}

std::string issue_edited_payload(const rapidjson::Value& issue, std::string_view title, std::string_view updated_at,
                                 std::string_view body) {
  std::string labels, assignees;
  for (const auto& l : issue["labels"].GetArray()) {
    labels += (labels.empty() ? "" : ",") + std::string("{\"name\":") + json_string(l.GetString()) + "}";
  }
  for (const auto& a : issue["assignees"].GetArray()) {
    assignees += (assignees.empty() ? "" : ",") + std::string("{\"login\":") + json_string(a.GetString()) + "}";
  }
  const std::string number = std::to_string(issue["number"].GetInt());
  return std::string("{\"action\":\"edited\",\"changes\":{\"title\":{\"from\":\"old\"}},\"issue\":{") +
         "\"node_id\":" + json_string(issue["id"].GetString()) + ",\"number\":" + number + ",\"title\":" +
         json_string(title) + ",\"body\":" + json_string(body.empty() ? std::string_view(issue["body"].GetString()) : body) +
         ",\"state\":\"open\",\"user\":{\"login\":" + json_string(issue["author"].GetString()) + "},\"labels\":[" +
         labels + "],\"assignees\":[" + assignees + "],\"milestone\":null,\"created_at\":" +
         json_string(issue["createdAt"].GetString()) + ",\"updated_at\":" + json_string(updated_at) +
         ",\"closed_at\":null,\"html_url\":\"https://github.com/apache/tvm/issues/" + number +
         "\"},\"repository\":{\"full_name\":\"apache/tvm\",\"name\":\"tvm\",\"owner\":{\"login\":\"apache\"}}}";
}

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

std::string nullable(const rapidjson::Value& v) {
  return v.IsString() ? json_string(v.GetString()) : std::string("null");
}

}  // namespace

// The milestone object GitHub sends for a record's milestone number, or null.
std::string milestone_of(const rapidjson::Value& state, const rapidjson::Value& record) {
  if (!record.HasMember("milestone") || !record["milestone"].IsInt()) return "null";
  for (const auto& r : state["repositories"].GetArray()) {
    if (std::string(r["owner"].GetString()) + "/" + r["name"].GetString() != record["repository"].GetString()) continue;
    for (const auto& m : r["milestones"].GetArray()) {
      if (m["number"].GetInt() == record["milestone"].GetInt()) {
        return "{\"number\":" + std::to_string(m["number"].GetInt()) + ",\"title\":" + json_string(m["title"].GetString()) + "}";
      }
    }
  }
  return "null";
}

std::string issue_event_payload(const rapidjson::Value& state, const rapidjson::Value& record, std::string_view action,
                                bool pull_request) {
  std::string labels, assignees;
  for (const auto& l : record["labels"].GetArray()) {
    labels += (labels.empty() ? "" : ",") + std::string("{\"name\":") + json_string(l.GetString()) + "}";
  }
  for (const auto& a : record["assignees"].GetArray()) {
    assignees += (assignees.empty() ? "" : ",") + std::string("{\"login\":") + json_string(a.GetString()) + "}";
  }
  const std::string repo = record["repository"].GetString();
  const std::string number = std::to_string(record["number"].GetInt());
  const std::string status = record["state"].GetString();  // OPEN, CLOSED, MERGED
  std::string body = "{\"node_id\":" + json_string(record["id"].GetString()) + ",\"number\":" + number +
                     ",\"title\":" + json_string(record["title"].GetString()) + ",\"body\":" +
                     json_string(record["body"].GetString()) + ",\"state\":\"" + (status == "OPEN" ? "open" : "closed") +
                     "\",\"user\":{\"login\":" + json_string(record["author"].GetString()) + "},\"labels\":[" + labels +
                     "],\"assignees\":[" + assignees + "],\"milestone\":" + milestone_of(state, record) + ",\"created_at\":" +
                     json_string(record["createdAt"].GetString()) + ",\"updated_at\":" +
                     json_string(record["updatedAt"].GetString()) + ",\"closed_at\":" + nullable(record["closedAt"]);
  if (pull_request) {
    body += ",\"merged\":" + std::string(record["merged"].GetBool() ? "true" : "false") + ",\"merged_at\":" +
            nullable(record["mergedAt"]) + ",\"draft\":" + (record["isDraft"].GetBool() ? "true" : "false") +
            ",\"html_url\":\"https://github.com/" + repo + "/pull/" + number + "\"}";
  } else {
    const auto& reason = record["stateReason"];
    body += ",\"state_reason\":" + (reason.IsString() ? json_string(lower(reason.GetString())) : std::string("null")) +
            ",\"html_url\":\"https://github.com/" + repo + "/issues/" + number + "\"}";
  }
  const auto slash = repo.find('/');
  return std::string("{\"action\":") + json_string(action) + (pull_request ? ",\"number\":" + number : std::string()) +
         ",\"" + (pull_request ? "pull_request" : "issue") + "\":" + body +
         ",\"repository\":{\"full_name\":" + json_string(repo) + ",\"name\":" + json_string(repo.substr(slash + 1)) +
         ",\"owner\":{\"login\":" + json_string(repo.substr(0, slash)) + "}}}";
}

std::string project_item_payload(std::string_view action, std::string_view item_id, std::string_view project_id,
                                 std::string_view content_id, std::string_view content_type) {
  return std::string("{\"action\":") + json_string(action) + ",\"projects_v2_item\":{\"node_id\":" +
         json_string(item_id) + ",\"project_node_id\":" + json_string(project_id) + ",\"content_node_id\":" +
         json_string(content_id) + ",\"content_type\":" + json_string(content_type) +
         "},\"organization\":{\"login\":\"apache\"}}";
}

}  // namespace roadmapd::test

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

}  // namespace roadmapd::test

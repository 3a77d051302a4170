// For the examples suite: GitHub's example payloads signed by tests/fake-github/sign-examples.mjs, and
// what each one tells about GitHub, turned into the fake's /edit ops and into the inbox outcome that
// docs/webhooks.md promises for it.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace roadmapd::test {

struct signed_example {
  std::string event, action, delivery, signature, body;
};

// Runs sign-examples.mjs with the secret in its environment; examples in the package's order.
std::vector<signed_example> sign_examples(const std::vector<std::string>& events, const std::string& secret,
                                          const std::filesystem::path& log_dir);

// The /edit ops that make the fake hold what the delivery reports GitHub did ("" when the fake already
// holds it, or when the payload is older than what the fake holds: a late delivery). `deleted` keeps
// the node ids of deleted issues across calls: GitHub never brings one back.
std::string github_changes(const std::string& event, const rapidjson::Document& payload,
                           const rapidjson::Document& github_state, std::set<std::string>& deleted);

struct outcome {
  std::string status;  // done | ignored
  std::string reason;  // for ignored
};

// The worker's verdict docs/webhooks.md and the handlers promise for this payload, given the
// configured repositories and the node ids of the configured boards.
outcome expected_outcome(const std::string& event, const rapidjson::Document& payload,
                         const std::set<std::string>& repositories, const std::set<std::string>& boards);

}  // namespace roadmapd::test

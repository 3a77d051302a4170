// X-Hub-Signature-256 checks: GitHub's documented example, secret rotation, and malformed headers.
#include <gtest/gtest.h>

#include "webhook/signature.hpp"

namespace roadmapd::webhook {
namespace {

// From GitHub's "Validating webhook deliveries" page.
constexpr std::string_view documented_secret = "It's a Secret to Everybody";
constexpr std::string_view documented_body = "Hello, World!";
constexpr std::string_view documented_signature =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

TEST(signature_test, matches_githubs_documented_example) {
  EXPECT_EQ(sign(documented_body, documented_secret), documented_signature);
  EXPECT_TRUE(signature_matches(documented_signature, documented_body, {std::string(documented_secret)}));
}

TEST(signature_test, hex_digits_may_be_upper_case) {
  std::string upper(documented_signature);
  for (std::size_t i = 7; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  EXPECT_TRUE(signature_matches(upper, documented_body, {std::string(documented_secret)}));
}

TEST(signature_test, a_different_body_or_secret_does_not_match) {
  EXPECT_FALSE(signature_matches(documented_signature, "Hello, World?", {std::string(documented_secret)}));
  EXPECT_FALSE(signature_matches(documented_signature, documented_body, {"another secret"}));
  EXPECT_FALSE(signature_matches(documented_signature, documented_body, {}));
}

TEST(signature_test, any_configured_secret_matches_during_rotation) {
  const std::vector<std::string> secrets = {"old secret", "new secret"};
  EXPECT_TRUE(signature_matches(sign("payload", "old secret"), "payload", secrets));
  EXPECT_TRUE(signature_matches(sign("payload", "new secret"), "payload", secrets));
  EXPECT_FALSE(signature_matches(sign("payload", "retired secret"), "payload", secrets));
}

TEST(signature_test, malformed_headers_never_match) {
  const std::vector<std::string> secrets = {std::string(documented_secret)};
  const std::string hex(documented_signature.substr(7));
  for (const std::string& header : {
           hex,                                       // no prefix
           "sha1=" + hex,                             // the old SHA-1 header's prefix
           "SHA256=" + hex,                           // GitHub writes the prefix in lower case
           "sha256=" + hex.substr(0, 62),             // too short
           "sha256=" + hex + "00",                    // too long
           "sha256=" + hex.substr(0, 62) + "zz",      // not hex
           " sha256=" + hex,                          // stray space
           std::string("sha256="),
           std::string(),
       }) {
    EXPECT_FALSE(signature_matches(header, documented_body, secrets)) << "header: \"" << header << "\"";
  }
}

TEST(signature_test, the_raw_bytes_are_signed_including_nul_and_non_ascii) {
  const std::string body("{\"t\":\"\xc3\xa9\"}\0", 11);
  EXPECT_TRUE(signature_matches(sign(body, "k"), body, {"k"}));
  EXPECT_FALSE(signature_matches(sign(body, "k"), body.substr(0, 10), {"k"}));
}

}  // namespace
}  // namespace roadmapd::webhook

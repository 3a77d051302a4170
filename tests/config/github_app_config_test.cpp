// [github] as a GitHub App: app_id, installation_id and private_key_file instead of token_file. The
// key file is found like the token file, checked with OpenSSL at load time, and never echoed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "config/config.hpp"

#include "temp_dir.hpp"

namespace roadmapd::config {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

using scratch_dir = roadmapd::test::temp_dir;  // tests/support

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

// A PEM private key made for this run; `traditional` gives GitHub's "RSA PRIVATE KEY" form.
std::string make_key_pem(bool rsa, bool traditional = true) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(rsa ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256"),
                                                          &EVP_PKEY_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  int ok = traditional ? PEM_write_bio_PrivateKey_traditional(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)
                       : PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  if (!key || ok != 1) throw std::runtime_error("cannot make a test key");
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

const fs::path config_file = "/etc/roadmapd/roadmapd.toml";

// [github] with `keys` from line 2 on, then the rest; `targets` lists what is mirrored.
std::string config_with(const std::string& keys,
                        const std::string& targets = "\n[[project]]\nowner = \"apache\"\nnumber = 1\n") {
  return "[github]\n" + keys + "\n[storage]\ndatabase = \"roadmapd.db\"\n" + targets;
}

class github_app_config_test : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = make_key_pem(true);
    write_file(credentials_.path() / "app-key.pem", key_);
    write_file(credentials_.path() / "github-token", "ghp_0123456789abcdefABCDEF0123456789abcd\n");
  }
  result<settings> parse_text(const std::string& text) { return parse(text, config_file, credentials_.path()); }
  std::string error_of(const std::string& text) {
    auto s = parse_text(text);
    return s ? "(no error)" : s.message();
  }

  scratch_dir credentials_;
  std::string key_;
};

TEST_F(github_app_config_test, app_keys_replace_the_token_file) {
  auto s = parse_text(config_with("app_id = 4242\ninstallation_id = 777001\nprivate_key_file = \"app-key.pem\"\n"));
  ASSERT_TRUE(s) << s.message();
  ASSERT_TRUE(s->github.app.has_value());
  EXPECT_EQ(s->github.app->app_id, 4242);
  EXPECT_EQ(s->github.app->installation_id, 777001);
  EXPECT_EQ(s->github.app->private_key_file, credentials_.path() / "app-key.pem");
  EXPECT_EQ(s->github.app->private_key, key_);
  EXPECT_TRUE(s->github.token.empty());
  EXPECT_TRUE(s->github.token_file.empty());
  EXPECT_EQ(s->github.app->installation_owner, "") << "not needed with an installation_id";
}

TEST_F(github_app_config_test, without_installation_id_the_first_owner_is_looked_up) {
  auto board_first = parse_text(config_with("app_id = 4242\nprivate_key_file = \"app-key.pem\"\n",
                                            "\n[[repository]]\nname = \"octo-org/tools\"\n\n[[project]]\nowner = "
                                            "\"apache\"\nnumber = 1\n"));
  ASSERT_TRUE(board_first) << board_first.message();
  EXPECT_FALSE(board_first->github.app->installation_id.has_value());
  EXPECT_EQ(board_first->github.app->installation_owner, "apache");
  auto repository_only =
      parse_text(config_with("app_id = 4242\nprivate_key_file = \"app-key.pem\"\n", "\n[[repository]]\nname = \"octo-org/tools\"\n"));
  ASSERT_TRUE(repository_only) << repository_only.message();
  EXPECT_EQ(repository_only->github.app->installation_owner, "octo-org");
}

TEST_F(github_app_config_test, a_pkcs8_key_is_accepted_too) {
  write_file(credentials_.path() / "pkcs8.pem", make_key_pem(true, false));
  auto s = parse_text(config_with("app_id = 1\nprivate_key_file = \"pkcs8.pem\"\n"));
  EXPECT_TRUE(s) << s.message();
}

TEST_F(github_app_config_test, relative_key_file_without_credentials_dir_is_next_to_the_config) {
  scratch_dir dir;
  write_file(dir.path() / "app-key.pem", key_);
  write_file(dir.path() / "roadmapd.toml", config_with("app_id = 1\nprivate_key_file = \"app-key.pem\"\n"));
  ::unsetenv("CREDENTIALS_DIRECTORY");
  auto s = load(dir.path() / "roadmapd.toml");
  ASSERT_TRUE(s) << s.message();
  EXPECT_EQ(s->github.app->private_key_file, dir.path() / "app-key.pem");
}

TEST_F(github_app_config_test, exactly_one_way_to_authenticate) {
  EXPECT_EQ(error_of(config_with("token_file = \"github-token\"\napp_id = 4242\nprivate_key_file = \"app-key.pem\"\n")),
            "/etc/roadmapd/roadmapd.toml:3: github.app_id: set token_file or the GitHub App keys (app_id, "
            "private_key_file, installation_id), not both");
  EXPECT_EQ(error_of(config_with("api_url = \"https://api.github.com\"\n")),
            "/etc/roadmapd/roadmapd.toml:1: github.token_file: required key is missing (or authenticate as a GitHub "
            "App: set app_id and private_key_file)");
  EXPECT_EQ(error_of(config_with("app_id = 4242\n")),
            "/etc/roadmapd/roadmapd.toml:1: github.private_key_file: required key is missing");
  EXPECT_EQ(error_of(config_with("private_key_file = \"app-key.pem\"\ninstallation_id = 5\n")),
            "/etc/roadmapd/roadmapd.toml:1: github.app_id: required key is missing");
}

TEST_F(github_app_config_test, ids_are_positive_integers) {
  EXPECT_THAT(error_of(config_with("app_id = \"4242\"\nprivate_key_file = \"app-key.pem\"\n")),
              HasSubstr("roadmapd.toml:2: github.app_id: expected an integer, got a string"));
  EXPECT_THAT(error_of(config_with("app_id = 0\nprivate_key_file = \"app-key.pem\"\n")),
              HasSubstr("roadmapd.toml:2: github.app_id: "));
  EXPECT_THAT(error_of(config_with("app_id = 1\ninstallation_id = -5\nprivate_key_file = \"app-key.pem\"\n")),
              HasSubstr("roadmapd.toml:3: github.installation_id: "));
}

TEST_F(github_app_config_test, key_file_problems_name_the_path_and_never_the_key) {
  const std::string dir = credentials_.path().string();
  EXPECT_EQ(error_of(config_with("app_id = 1\nprivate_key_file = \"missing.pem\"\n")),
            "/etc/roadmapd/roadmapd.toml:3: github.private_key_file: cannot read \"" + dir +
                "/missing.pem\": No such file or directory");
  write_file(credentials_.path() / "empty.pem", "\n");
  EXPECT_EQ(error_of(config_with("app_id = 1\nprivate_key_file = \"empty.pem\"\n")),
            "/etc/roadmapd/roadmapd.toml:3: github.private_key_file: \"" + dir +
                "/empty.pem\" is empty (it should hold the App's private key in PEM form)");

  // A damaged key (one line lost in copying) and a key that is not RSA.
  std::string damaged = key_;
  damaged.erase(damaged.find('\n', 40) + 1, 65);
  write_file(credentials_.path() / "damaged.pem", damaged);
  write_file(credentials_.path() / "ec.pem", make_key_pem(false));
  const std::string body = key_.substr(key_.find('\n') + 1, 64);
  for (const std::string file : {"damaged.pem", "ec.pem"}) {
    const std::string message = error_of(config_with("app_id = 1\nprivate_key_file = \"" + file + "\"\n"));
    EXPECT_THAT(message, HasSubstr("roadmapd.toml:3: github.private_key_file: \"" + dir + "/" + file + "\""));
    EXPECT_THAT(message, Not(HasSubstr(body)));
    EXPECT_THAT(message, Not(HasSubstr("MII")));  // the start of any base64 DER key
  }
  EXPECT_THAT(error_of(config_with("app_id = 1\nprivate_key_file = \"ec.pem\"\n")), HasSubstr("not RSA"));

  // The key pasted where its file name belongs is not echoed back.
  std::string inline_key = key_.substr(0, 120);
  for (auto& c : inline_key) if (c == '\n') c = ' ';
  const std::string pasted = error_of(config_with("app_id = 1\nprivate_key_file = \"" + inline_key + "\"\n"));
  EXPECT_EQ(pasted, "/etc/roadmapd/roadmapd.toml:3: github.private_key_file: this looks like a private key, not a file "
                    "name: put the key in a file readable only by roadmapd and name that file here");
}

}  // namespace
}  // namespace roadmapd::config

// Finding and reading the files that hold secrets. Messages name the path, never the content.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace roadmapd::config {

// Absolute stays; relative is taken under `anchor`. The result is absolute and normalised.
std::filesystem::path resolve_path(std::string_view written, const std::filesystem::path& anchor);

// True if `text` looks like a GitHub token (ghp_..., github_pat_..., 40 hex digits) rather than a
// file name: someone pasted the token where its file belongs, and it must not be echoed back.
bool looks_like_token(std::string_view text);

// The file's content without surrounding whitespace; an error if it cannot be read, is empty, or
// holds more than one word (e.g. "token: ghp_..."), since GitHub would only answer 401 later.
result<std::string> read_token_file(const std::filesystem::path& path);

// A webhook secret: the file's content without surrounding whitespace, on one line (inner spaces
// are allowed: GitHub accepts them). An error if it cannot be read or is empty.
result<std::string> read_secret_file(const std::filesystem::path& path);

}  // namespace roadmapd::config

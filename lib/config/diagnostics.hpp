// Collects config problems with their line, so all of them can be reported at once in file order.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace roadmapd::config {

class diagnostics {
 public:
  explicit diagnostics(std::string file) : file_(std::move(file)) {}

  // `line` 0 means the file as a whole; `key` is the dotted path ("project[1].number"), may be empty.
  void add(int line, std::string_view key, std::string_view message);

  bool empty() const { return entries_.empty(); }

  // One "file:line: key: message" per problem, sorted by line (file-wide ones last).
  std::string str() const;

 private:
  struct entry {
    int line;
    std::string text;
  };
  std::string file_;
  std::vector<entry> entries_;
};

}  // namespace roadmapd::config

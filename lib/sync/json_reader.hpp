// Typed, checked reads from RapidJSON values that remember where they are, so a malformed answer
// yields "data.repository.issues.nodes[3].number: expected an integer, got a string" instead of
// undefined behaviour. The first problem is kept; later reads return defaults.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace roadmapd::sync {

// Collects the first decoding problem of one answer.
class decode_errors {
 public:
  void add(std::string path, std::string what);
  bool failed() const { return !first_.empty(); }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

// A view of one JSON object at a path.
class json_object {
 public:
  json_object(const rapidjson::Value* value, std::string path, decode_errors& errors);

  // Required members: a missing, null or mistyped member is recorded as an error.
  std::string string(const char* key) const;
  int integer(const char* key) const;
  bool boolean(const char* key) const;
  json_object object(const char* key) const;

  // Optional members: absent or null gives nullopt; a wrong type is still an error.
  std::optional<std::string> opt_string(const char* key) const;
  std::optional<double> opt_number(const char* key) const;
  std::optional<json_object> opt_object(const char* key) const;

  // The elements of an array member (required); null elements are kept as invalid objects so that
  // positions in paths stay true to the answer.
  std::vector<json_object> array(const char* key) const;
  // `key.nodes[*].member` strings, the shape GitHub uses for assignees, labels and the like.
  std::vector<std::string> node_strings(const char* key, const char* member) const;

  bool valid() const { return value_ != nullptr; }
  const std::string& path() const { return path_; }
  const rapidjson::Value* raw() const { return value_; }
  decode_errors& errors() const { return *errors_; }

 private:
  const rapidjson::Value* member(const char* key, bool required) const;
  std::string child_path(const char* key) const;

  const rapidjson::Value* value_;
  std::string path_;
  decode_errors* errors_;
};

}  // namespace roadmapd::sync

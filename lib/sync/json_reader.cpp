// Checked JSON reads with paths (see json_reader.hpp).
#include "sync/json_reader.hpp"

namespace roadmapd::sync {

namespace {

const char* type_name(const rapidjson::Value& v) {
  switch (v.GetType()) {
    case rapidjson::kNullType: return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType: return "a boolean";
    case rapidjson::kObjectType: return "an object";
    case rapidjson::kArrayType: return "an array";
    case rapidjson::kStringType: return "a string";
    case rapidjson::kNumberType: return "a number";
  }
  return "unknown";
}

}  // namespace

void decode_errors::add(std::string path, std::string what) {
  if (first_.empty()) first_ = std::move(path) + ": " + std::move(what);
}

json_object::json_object(const rapidjson::Value* value, std::string path, decode_errors& errors)
    : value_(value), path_(std::move(path)), errors_(&errors) {
  if (value_ && !value_->IsObject()) {
    errors_->add(path_, std::string("expected an object, got ") + type_name(*value_));
    value_ = nullptr;
  }
}

std::string json_object::child_path(const char* key) const {
  return path_.empty() ? std::string(key) : path_ + "." + key;
}

const rapidjson::Value* json_object::member(const char* key, bool required) const {
  if (!value_) return nullptr;
  auto it = value_->FindMember(key);
  if (it == value_->MemberEnd() || it->value.IsNull()) {
    if (required) errors_->add(child_path(key), "missing");
    return nullptr;
  }
  return &it->value;
}

std::string json_object::string(const char* key) const {
  if (auto s = opt_string(key)) return *s;
  member(key, true);
  return {};
}

std::optional<std::string> json_object::opt_string(const char* key) const {
  const auto* v = member(key, false);
  if (!v) return std::nullopt;
  if (!v->IsString()) {
    errors_->add(child_path(key), std::string("expected a string, got ") + type_name(*v));
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

int json_object::integer(const char* key) const {
  const auto* v = member(key, true);
  if (!v) return 0;
  if (!v->IsInt()) {
    errors_->add(child_path(key), std::string("expected an integer, got ") + type_name(*v));
    return 0;
  }
  return v->GetInt();
}

std::optional<double> json_object::opt_number(const char* key) const {
  const auto* v = member(key, false);
  if (!v) return std::nullopt;
  if (!v->IsNumber()) {
    errors_->add(child_path(key), std::string("expected a number, got ") + type_name(*v));
    return std::nullopt;
  }
  return v->GetDouble();
}

bool json_object::boolean(const char* key) const {
  const auto* v = member(key, true);
  if (!v) return false;
  if (!v->IsBool()) {
    errors_->add(child_path(key), std::string("expected a boolean, got ") + type_name(*v));
    return false;
  }
  return v->GetBool();
}

json_object json_object::object(const char* key) const {
  return json_object(member(key, true), child_path(key), *errors_);
}

std::optional<json_object> json_object::opt_object(const char* key) const {
  const auto* v = member(key, false);
  if (!v) return std::nullopt;
  json_object o(v, child_path(key), *errors_);
  if (!o.valid()) return std::nullopt;
  return o;
}

std::vector<json_object> json_object::array(const char* key) const {
  std::vector<json_object> out;
  const auto* v = member(key, true);
  if (!v) return out;
  if (!v->IsArray()) {
    errors_->add(child_path(key), std::string("expected an array, got ") + type_name(*v));
    return out;
  }
  const std::string base = child_path(key);
  out.reserve(v->Size());
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
    const auto& e = (*v)[i];
    out.emplace_back(e.IsNull() ? nullptr : &e, base + "[" + std::to_string(i) + "]", *errors_);
  }
  return out;
}

std::vector<std::string> json_object::node_strings(const char* key, const char* field) const {
  std::vector<std::string> out;
  auto conn = opt_object(key);
  if (!conn) return out;
  for (const auto& node : conn->array("nodes")) {
    if (!node.valid()) continue;
    if (auto s = node.opt_string(field)) out.push_back(std::move(*s));
  }
  return out;
}

}  // namespace roadmapd::sync

// Deciding whether an issue is an RFC tracking issue, per the repository's configuration.
#include <algorithm>
#include <cctype>

#include "config/config.hpp"

namespace roadmapd::config {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string repository_settings::full_name() const { return owner + "/" + name; }

bool repository_settings::is_tracking_issue(const std::vector<std::string>& labels, std::string_view title) const {
  for (const std::string& label : labels) {
    for (const std::string& wanted : tracking_issue_labels) {
      if (iequals(label, wanted)) return true;
    }
  }
  return tracking_title_regex && std::regex_search(title.begin(), title.end(), *tracking_title_regex);
}

}  // namespace roadmapd::config

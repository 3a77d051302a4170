// schema_doc_queries (see schema_doc.hpp).
#include "schema_doc.hpp"

#include <fstream>
#include <stdexcept>

namespace roadmapd::test {

std::vector<sql_block> schema_doc_queries() {
  const std::string path = std::string(ROADMAPD_DOCS_DIR) + "/schema.md";
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<sql_block> blocks;
  std::string line;
  int number = 0;
  bool inside = false;
  while (std::getline(in, line)) {
    ++number;
    if (!inside && line.starts_with("```sql")) {
      inside = true;
      blocks.push_back({number + 1, {}});
    } else if (inside && line.starts_with("```")) {
      inside = false;
    } else if (inside) {
      blocks.back().sql += line + "\n";
    }
  }
  return blocks;
}

}  // namespace roadmapd::test

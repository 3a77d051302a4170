// Generates the ingest benchmark's board (see board_pages.hpp). The shape follows what GitHub (and
// tests/fake-github) answers for board_items.graphql: Title comes back as a text value, and the
// built-in fields (assignees, labels, repository, milestone) as bare __typename nodes that the
// query selects nothing from.
#include "board_pages.hpp"

#include <array>
#include <random>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace roadmapd::bench {

namespace {

using json_writer = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr std::array logins{"denise-k", "areusch", "tqchen", "masahi", "junrushao", "vinx13", "driazati",
                            "Mousius", "leandron", "gromero", "mehrdadh", "electriclilies", "Lunderberg",
                            "kparzysz-quic"};
constexpr std::array label_names{"tvm:roadmap", "type:rfc-tracking", "help wanted", "good first issue",
                                 "type:bug", "type:ci", "area:microtvm", "area:relax", "area:tir",
                                 "needs-triage"};
constexpr std::array verbs{"Shard", "Speed up", "Document", "Stabilise", "Port", "Deprecate", "Profile",
                           "Refactor", "Test", "Package"};
constexpr std::array targets{"the Relax VM executor", "TIR software pipelining", "CI GPU runners",
                             "the ONNX frontend", "microTVM AOT codegen", "meta-schedule tuning records",
                             "Hexagon HVX intrinsics", "the PyPI wheel build", "flaky-test reporting",
                             "dynamic shape support in Relay"};
constexpr std::array themes{"Coverage", "Ease of Use", "Runtime", "Stability", "Reporting"};
constexpr std::array priorities{"P0", "P1", "P2", "P3"};
constexpr std::array quarters{"Q4 2026", "Q1 2027", "Q2 2027", "Q3 2027", "Q4 2027"};
constexpr std::array quarter_starts{"2026-09-28", "2026-12-28", "2027-03-29", "2027-06-28", "2027-09-27"};
constexpr std::array repos{"apache/tvm", "apache/tvm-rfcs"};

// Field ids look like GitHub's, long enough that key comparisons cost what they cost there.
std::string field_id(int n) { return "PVTF_lADOAbCdEs4AX7kZzgS" + std::to_string(100000 + n); }

struct field_ids {
  std::string title, assignees, status, labels, linked, milestone, repository, theme, priority, owner, sme,
      target_date, quarter, estimate;
};

field_ids ids_of_fields() {
  return {field_id(1), field_id(2), field_id(3), field_id(4), field_id(5), field_id(6), field_id(7),
          field_id(8), field_id(9), field_id(10), field_id(11), field_id(12), field_id(13), field_id(14)};
}

std::string option_id(int field, int option) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string id;
  unsigned v = static_cast<unsigned>(field) * 2654435761u + static_cast<unsigned>(option) * 40503u;
  for (int k = 0; k < 8; ++k, v >>= 4) id += hex[v & 15];
  return id;
}

template <std::size_t N>
std::vector<model::field_option> options_of(int field, const std::array<const char*, N>& names) {
  std::vector<model::field_option> out;
  for (std::size_t k = 0; k < N; ++k) out.push_back({option_id(field, static_cast<int>(k)), names[k]});
  return out;
}

model::project make_project(const field_ids& f) {
  model::project p;
  p.id = "PVT_kwDOAbCdEs4AX7kZ";
  p.owner = "apache";
  p.number = 2;
  p.title = "TVM CI & Testing Roadmap (benchmark)";
  p.url = "https://github.com/orgs/apache/projects/2";
  p.updated_at = "2026-10-30T12:00:00Z";
  p.fields = {
      {f.title, "Title", "TITLE", {}, {}},
      {f.assignees, "Assignees", "ASSIGNEES", {}, {}},
      {f.status, "Status", "SINGLE_SELECT",
       options_of(3, std::array<const char*, 6>{"Background & Motivations", "Q1 2027", "Q2 2027", "Q3 2027",
                                                "Q4 2027", "Backlog"}),
       {}},
      {f.labels, "Labels", "LABELS", {}, {}},
      {f.linked, "Linked pull requests", "LINKED_PULL_REQUESTS", {}, {}},
      {f.milestone, "Milestone", "MILESTONE", {}, {}},
      {f.repository, "Repository", "REPOSITORY", {}, {}},
      {f.theme, "Theme", "SINGLE_SELECT", options_of(8, themes), {}},
      {f.priority, "Priority", "SINGLE_SELECT", options_of(9, priorities), {}},
      {f.owner, "Owner", "TEXT", {}, {}},
      {f.sme, "SME", "TEXT", {}, {}},
      {f.target_date, "Target date", "DATE", {}, {}},
      {f.quarter, "Quarter", "ITERATION", {}, {}},
      {f.estimate, "Estimate", "NUMBER", {}, {}},
  };
  auto& quarter = p.fields[12];
  for (std::size_t k = 0; k < quarters.size(); ++k)
    quarter.iterations.push_back({option_id(13, static_cast<int>(k)), quarters[k], quarter_starts[k], 91, k == 0});
  return p;
}

// Fixed-seed picks; std::uniform_int_distribution is not the same on every standard library.
class picker {
 public:
  explicit picker(unsigned seed) : rng_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  template <class A>
  auto from(const A& a) { return a[below(a.size())]; }

 private:
  std::mt19937 rng_;
};

void key_string(json_writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void login_nodes(json_writer& w, const char* key, const std::vector<std::string>& names, const char* member) {
  w.Key(key);
  w.StartObject();
  w.Key("nodes");
  w.StartArray();
  for (const auto& n : names) {
    w.StartObject();
    key_string(w, member, n);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void field_ref(json_writer& w, const std::string& id) {
  w.Key("field");
  w.StartObject();
  key_string(w, "id", id);
  w.EndObject();
}

void bare_value(json_writer& w, const char* type) {
  w.StartObject();
  key_string(w, "__typename", type);
  w.EndObject();
}

struct item_writer {
  const model::project& project;
  const field_ids& f;
  picker& pick;

  void write(json_writer& w, int n) {
    const auto roll = pick.below(20);
    const bool draft = roll >= 17;
    const bool pull_request = !draft && roll >= 12;
    const int number = 1000 + n;
    const std::string title = std::string(pick.from(verbs)) + " " + pick.from(targets) + " (#" + std::to_string(number) + ")";
    std::vector<std::string> assignees{pick.from(logins)};
    if (pick.below(2)) assignees.push_back(pick.from(logins));
    std::vector<std::string> labels{pick.from(label_names)};
    for (auto extra = pick.below(3); extra > 0; --extra) labels.push_back(pick.from(label_names));
    const bool milestone = !draft && pick.below(3) == 0;

    w.StartObject();
    key_string(w, "id", "PVTI_lADOAbCdEs4AX7kZzgV" + std::to_string(1000000 + n));
    key_string(w, "type", draft ? "DRAFT_ISSUE" : pull_request ? "PULL_REQUEST" : "ISSUE");
    w.Key("isArchived");
    w.Bool(pick.below(50) == 0);
    key_string(w, "createdAt", "2026-06-01T09:00:00Z");
    key_string(w, "updatedAt", "2026-" + two(1 + pick.below(10)) + "-" + two(1 + pick.below(28)) + "T" +
                                   two(pick.below(24)) + ":" + two(pick.below(60)) + ":" + two(pick.below(60)) + "Z");
    w.Key("content");
    w.StartObject();
    if (draft) {
      key_string(w, "__typename", "DraftIssue");
      key_string(w, "id", "DI_lADOAbCdEs4AX7kZzgH" + std::to_string(2000000 + n));
      key_string(w, "title", title);
      key_string(w, "body", draft_body(title));
      login_nodes(w, "assignees", assignees, "login");
    } else {
      const std::string repo = pick.below(5) ? repos[0] : repos[1];
      key_string(w, "__typename", pull_request ? "PullRequest" : "Issue");
      key_string(w, "id", (pull_request ? "PR_kwDOBF2vK85" : "I_kwDOBF2vK85") + std::to_string(3000000 + n));
      w.Key("number");
      w.Int(number);
      key_string(w, "title", title);
      if (pull_request) {
        key_string(w, "pullRequestState", std::array{"OPEN", "MERGED", "CLOSED"}[pick.below(3)]);
      } else {
        key_string(w, "issueState", pick.below(3) ? "OPEN" : "CLOSED");
      }
      key_string(w, "url", "https://github.com/" + repo + (pull_request ? "/pull/" : "/issues/") + std::to_string(number));
      w.Key("repository");
      w.StartObject();
      key_string(w, "nameWithOwner", repo);
      w.EndObject();
      login_nodes(w, "assignees", assignees, "login");
      login_nodes(w, "labels", labels, "name");
      w.Key("milestone");
      if (milestone) {
        w.StartObject();
        key_string(w, "title", "v0.22.0");
        w.EndObject();
      } else {
        w.Null();
      }
    }
    w.EndObject();
    field_values(w, title, draft, milestone);
    w.EndObject();
  }

  // In field order, as GitHub lists them: Title, built-ins, then the 6-8 custom values.
  void field_values(json_writer& w, const std::string& title, bool draft, bool milestone) {
    w.Key("fieldValues");
    w.StartObject();
    w.Key("nodes");
    w.StartArray();
    w.StartObject();
    key_string(w, "__typename", "ProjectV2ItemFieldTextValue");
    key_string(w, "text", title);
    field_ref(w, f.title);
    w.EndObject();
    bare_value(w, "ProjectV2ItemFieldUserValue");
    single_select(w, 2, pick.below(6));
    if (!draft) bare_value(w, "ProjectV2ItemFieldLabelValue");
    if (milestone) bare_value(w, "ProjectV2ItemFieldMilestoneValue");
    if (!draft) bare_value(w, "ProjectV2ItemFieldRepositoryValue");
    single_select(w, 7, pick.below(themes.size()));
    single_select(w, 8, pick.below(priorities.size()));
    text(w, f.owner, "@" + std::string(pick.from(logins)));
    if (pick.below(3) == 0) text(w, f.sme, std::string(pick.from(logins)) + ", " + pick.from(logins));
    w.StartObject();
    key_string(w, "__typename", "ProjectV2ItemFieldDateValue");
    key_string(w, "date", "2027-" + two(1 + pick.below(12)) + "-" + two(1 + pick.below(28)));
    field_ref(w, f.target_date);
    w.EndObject();
    const auto& it = project.fields[12].iterations[pick.below(quarters.size())];
    w.StartObject();
    key_string(w, "__typename", "ProjectV2ItemFieldIterationValue");
    key_string(w, "title", it.title);
    key_string(w, "iterationId", it.id);
    field_ref(w, f.quarter);
    w.EndObject();
    if (pick.below(2)) {
      w.StartObject();
      key_string(w, "__typename", "ProjectV2ItemFieldNumberValue");
      w.Key("number");
      w.Double(static_cast<double>(1 + pick.below(13)));
      field_ref(w, f.estimate);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }

  void single_select(json_writer& w, std::size_t field, std::size_t option) {
    const auto& fld = project.fields[field];
    const auto& o = fld.options[option % fld.options.size()];
    w.StartObject();
    key_string(w, "__typename", "ProjectV2ItemFieldSingleSelectValue");
    key_string(w, "name", o.name);
    key_string(w, "optionId", o.id);
    field_ref(w, fld.id);
    w.EndObject();
  }

  void text(json_writer& w, const std::string& field, const std::string& value) {
    w.StartObject();
    key_string(w, "__typename", "ProjectV2ItemFieldTextValue");
    key_string(w, "text", value);
    field_ref(w, field);
    w.EndObject();
  }

  std::string draft_body(const std::string& title) {
    if (pick.below(6) == 0) return "";
    std::string body = "## Motivation\n\n" + title + " keeps coming up in the forum; users hit it weekly.\n\n";
    body += "## Goals\n\n- Cut the time spent on it by half\n- Make the behaviour documented and tested\n\n";
    body += "## Deliverables\n\n- [ ] An RFC\n- [ ] The implementation behind a flag\n- [ ] A tutorial\n\n";
    body += "## Scope\n\nOnly the upstream code paths; vendor forks follow on their own schedule.\n";
    return body;
  }

  static std::string two(std::size_t v) { return (v < 10 ? "0" : "") + std::to_string(v); }
};

}  // namespace

board_pages make_board_pages(int items, int page_size, unsigned seed) {
  const field_ids f = ids_of_fields();
  board_pages out;
  out.project = make_project(f);
  picker pick(seed);
  item_writer writer{out.project, f, pick};
  const int page_count = (items + page_size - 1) / page_size;
  for (int page = 0; page < page_count; ++page) {
    rapidjson::StringBuffer buffer;
    json_writer w(buffer);
    const bool last = page == page_count - 1;
    w.StartObject();
    w.Key("data");
    w.StartObject();
    w.Key("rateLimit");
    w.StartObject();
    w.Key("cost");
    w.Int(3);
    w.Key("remaining");
    w.Int(4990 - 3 * page);
    key_string(w, "resetAt", "2026-11-01T13:00:00Z");
    w.EndObject();
    w.Key("node");
    w.StartObject();
    key_string(w, "id", out.project.id);
    w.Key("items");
    w.StartObject();
    w.Key("totalCount");
    w.Int(items);
    w.Key("pageInfo");
    w.StartObject();
    w.Key("hasNextPage");
    w.Bool(!last);
    w.Key("endCursor");
    if (last) {
      w.Null();
    } else {
      const std::string cursor = "Y3Vyc29yOnYyOpLNA" + std::to_string(100000 + page);
      w.String(cursor.c_str(), static_cast<rapidjson::SizeType>(cursor.size()));
    }
    w.EndObject();
    w.Key("nodes");
    w.StartArray();
    for (int k = page * page_size; k < std::min(items, (page + 1) * page_size); ++k) writer.write(w, k);
    w.EndArray();
    w.EndObject();
    w.EndObject();
    w.EndObject();
    w.EndObject();
    out.json_bytes += buffer.GetSize();
    out.pages.emplace_back(buffer.GetString(), buffer.GetSize());
  }
  return out;
}

}  // namespace roadmapd::bench

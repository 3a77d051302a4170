// lint's table and JSON (see report.hpp).
#include "enforce/report.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

namespace roadmapd::enforce {
namespace {

std::string item_name(const rules::item_facts& item) {
  if (item.type == "DRAFT_ISSUE") return "draft \"" + item.title + "\"";
  return item.repo + "#" + std::to_string(item.number) + " \"" + item.title + "\"";
}

std::string describe(const planned_actions& a, bool dry_run) {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  if (a.comment) add("sticky comment");
  for (const auto& l : a.labels) add("label '" + l + "'");
  if (!a.move_to.empty()) add("move to " + a.move_to);
  if (out.empty()) return "nothing";
  return (dry_run ? "would: " : "will: ") + out;
}

}  // namespace

report_totals totals(const std::vector<board_verdict>& verdicts) {
  report_totals t;
  for (const auto& b : verdicts) {
    ++t.boards;
    t.board_checks += static_cast<int>(b.checks.size());
    for (const auto& v : b.items) {
      if (!v.skipped.empty()) {
        ++t.skipped;
        continue;
      }
      ++t.judged;
      if (!v.findings.empty()) ++t.with_findings;
    }
  }
  return t;
}

std::string render_table(const std::vector<board_verdict>& verdicts, bool verbose) {
  std::string out;
  for (const auto& b : verdicts) {
    out += b.board.name + "  " + b.board.title + "  (rule set " + b.rule_set + (b.dry_run ? ", dry run" : "") + ")\n";
    for (const auto& c : b.checks) out += "  board: " + c.column + ": " + c.message + "\n";
    for (const auto& v : b.items) {
      if (!v.skipped.empty()) {
        if (verbose) out += "  " + item_name(v.item) + ": skipped: " + v.skipped + "\n";
        continue;
      }
      if (v.findings.empty()) continue;
      out += "  " + item_name(v.item) + (v.item.status.empty() ? "" : "  [" + v.item.status + "]") + "\n";
      for (const auto& f : v.findings) {
        out += "    " + f.rule + ": " + f.code + ": " + f.message + "\n";
        if (!f.fix.empty()) out += "      fix: " + f.fix + "\n";
      }
      out += "    -> " + (v.waiting.empty() ? describe(v.actions, b.dry_run) : "nothing yet: " + v.waiting) + "\n";
    }
  }
  const auto t = totals(verdicts);
  out += std::to_string(t.boards) + " boards, " + std::to_string(t.judged) + " items judged, " +
         std::to_string(t.with_findings) + " with findings, " + std::to_string(t.skipped) + " skipped, " +
         std::to_string(t.board_checks) + " board findings\n";
  return out;
}

std::string render_json(const std::vector<board_verdict>& verdicts) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  auto str = [&w](const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  w.Key("boards");
  w.StartArray();
  for (const auto& b : verdicts) {
    w.StartObject();
    str("board", b.board.name);
    str("title", b.board.title);
    str("rule_set", b.rule_set);
    w.Key("dry_run");
    w.Bool(b.dry_run);
    w.Key("checks");
    w.StartArray();
    for (const auto& c : b.checks) {
      w.StartObject();
      str("check", c.check);
      str("column", c.column);
      str("message", c.message);
      w.EndObject();
    }
    w.EndArray();
    w.Key("items");
    w.StartArray();
    for (const auto& v : b.items) {
      w.StartObject();
      str("item_id", v.item.item_id);
      str("type", v.item.type);
      str("title", v.item.title);
      if (!v.item.repo.empty()) {
        str("repo", v.item.repo);
        w.Key("number");
        w.Int(v.item.number);
      }
      str("status", v.item.status);
      if (!v.skipped.empty()) str("skipped", v.skipped);
      if (!v.waiting.empty()) str("waiting", v.waiting);
      w.Key("findings");
      w.StartArray();
      for (const auto& f : v.findings) {
        w.StartObject();
        str("rule", f.rule);
        str("code", f.code);
        str("message", f.message);
        str("fix", f.fix);
        if (!f.label.empty()) str("label", f.label);
        if (!f.move_to.empty()) str("move_to", f.move_to);
        w.Key("in_comment");
        w.Bool(f.in_comment);
        w.EndObject();
      }
      w.EndArray();
      w.Key("actions");
      w.StartObject();
      w.Key("comment");
      w.Bool(v.actions.comment);
      w.Key("labels");
      w.StartArray();
      for (const auto& l : v.actions.labels) w.String(l.c_str(), static_cast<rapidjson::SizeType>(l.size()));
      w.EndArray();
      str("move_to", v.actions.move_to);
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  const auto t = totals(verdicts);
  w.Key("totals");
  w.StartObject();
  w.Key("boards");
  w.Int(t.boards);
  w.Key("judged");
  w.Int(t.judged);
  w.Key("with_findings");
  w.Int(t.with_findings);
  w.Key("skipped");
  w.Int(t.skipped);
  w.Key("board_checks");
  w.Int(t.board_checks);
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace roadmapd::enforce

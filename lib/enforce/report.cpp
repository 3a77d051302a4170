// lint's table and JSON (see report.hpp).
#include "enforce/report.hpp"

#include <map>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "enforce/records.hpp"

namespace roadmapd::enforce {
namespace {

std::string item_name(const rules::item_facts& item) {
  if (item.type == "DRAFT_ISSUE") return "draft \"" + item.title + "\"";
  return item.repo + "#" + std::to_string(item.number) + " \"" + item.title + "\"";
}

// "    progress: 3/8 (37%, task list); on-track: 3 of 8 done, target 2027-03-31" and one line per
// inconsistency.
std::string progress_lines(const progress::result& p) {
  std::string out = "    progress: " + progress::describe_count(p) + "; " + std::string(progress::to_string(p.state)) + ": " +
                    p.reason + "\n";
  for (const auto& i : p.inconsistencies) out += "      inconsistent: " + i + "\n";
  return out;
}

// What the findings call for, each as still to do: the view without enforcement_state.
action_state all_pending(const item_verdict& v) {
  action_state s;
  if (v.actions.comment) s.pending.push_back({action_kind::add_comment, v.item.content_id});
  for (const auto& l : v.actions.labels) s.pending.push_back({action_kind::add_label, v.item.content_id, {}, l});
  if (!v.actions.move_to.empty()) {
    action a{action_kind::move, v.item.content_id};
    a.column = v.actions.move_to;
    s.pending.push_back(std::move(a));
  }
  return s;
}

const action_state& state_for(const item_verdict& v, const report_options& o, action_state& fallback) {
  if (o.states != nullptr) {
    if (auto it = o.states->find(v.item.content_id); it != o.states->end()) return it->second;
  }
  fallback = all_pending(v);
  return fallback;
}

// The pending actions that concern this item: its content's comment and labels, and its own move
// (a move on another board shows on that board's item).
std::vector<std::string> pending_for(const action_state& s, const item_verdict& v) {
  std::vector<std::string> out;
  for (const auto& a : s.pending) {
    if (a.kind == action_kind::move && a.item_id != v.item.item_id && !a.item_id.empty()) continue;
    out.push_back(describe(a));
  }
  return out;
}

// "done: sticky comment | will: label 'x'" (a dry run "would:"); "nothing" when nothing is called for.
std::string describe(const action_state& s, const item_verdict& v, bool dry_run) {
  auto joined = [](const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
  };
  const auto pending = pending_for(s, v);
  std::string out;
  if (!s.done.empty()) out = "done: " + joined(s.done);
  if (!pending.empty()) out += (out.empty() ? "" : " | ") + std::string(dry_run ? "would: " : "will: ") + joined(pending);
  return out.empty() ? "nothing" : out;
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

std::map<std::string, action_state> action_states(store::database& db, const std::vector<board_verdict>& verdicts,
                                                 const config::rules_settings& settings) {
  std::map<std::string, action_state> out;
  records rec(db);
  for (const auto& c : by_content(verdicts)) out.emplace(c.content_id, state_of(c, rec.load(c.content_id), settings));
  return out;
}

std::string render_table(const std::vector<board_verdict>& verdicts, const report_options& options) {
  std::string out;
  for (const auto& b : verdicts) {
    out += b.board.name + "  " + b.board.title + "  (rule set " + b.rule_set + (b.dry_run ? ", dry run" : "") + ")\n";
    for (const auto& c : b.checks) out += "  board: " + c.column + ": " + c.message + "\n";
    for (const auto& v : b.items) {
      if (!v.skipped.empty()) {
        if (options.verbose) out += "  " + item_name(v.item) + ": skipped: " + v.skipped + "\n";
        continue;
      }
      if (v.findings.empty()) continue;
      out += "  " + item_name(v.item) + (v.item.status.empty() ? "" : "  [" + v.item.status + "]") + "\n";
      for (const auto& f : v.findings) {
        out += "    " + f.rule + ": " + f.code + ": " + f.message + "\n";
        if (!f.fix.empty()) out += "      fix: " + f.fix + "\n";
      }
      action_state fallback;
      const auto& state = state_for(v, options, fallback);
      out += "    -> " + (v.waiting.empty() ? describe(state, v, b.dry_run) : "nothing yet: " + v.waiting) + "\n";
      if (v.progress) out += progress_lines(*v.progress);
      if (options.show_comments && !state.comment.empty()) {
        out += "    comment, as roadmapd writes it:\n";
        std::size_t start = 0;
        while (start < state.comment.size()) {
          const auto end = std::min(state.comment.find('\n', start), state.comment.size());
          out += "      | " + state.comment.substr(start, end - start) + "\n";
          start = end + 1;
        }
      }
    }
  }
  const auto t = totals(verdicts);
  out += std::to_string(t.boards) + " boards, " + std::to_string(t.judged) + " items judged, " +
         std::to_string(t.with_findings) + " with findings, " + std::to_string(t.skipped) + " skipped, " +
         std::to_string(t.board_checks) + " board findings\n";
  // How the judged items stand, in the model's order of states.
  std::map<progress::state, int> states;
  for (const auto& b : verdicts) {
    for (const auto& v : b.items) {
      if (v.progress) ++states[v.progress->state];
    }
  }
  if (!states.empty()) {
    std::string line;
    for (const auto& [st, n] : states) line += (line.empty() ? "" : ", ") + std::to_string(n) + " " + std::string(progress::to_string(st));
    out += "progress of the judged items: " + line + "\n";
  }
  return out;
}

std::string render_json(const std::vector<board_verdict>& verdicts, const report_options& options) {
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
      action_state fallback;
      const auto& state = state_for(v, options, fallback);
      w.Key("done");
      w.StartArray();
      if (v.skipped.empty()) {
        for (const auto& d : state.done) w.String(d.c_str(), static_cast<rapidjson::SizeType>(d.size()));
      }
      w.EndArray();
      w.Key("pending");
      w.StartArray();
      if (v.skipped.empty() && v.waiting.empty()) {
        for (const auto& text : pending_for(state, v)) w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
      }
      w.EndArray();
      w.EndObject();
      if (options.show_comments && v.skipped.empty() && !state.comment.empty()) str("comment_body", state.comment);
      if (v.progress) {
        const auto& p = *v.progress;
        w.Key("progress");
        w.StartObject();
        w.Key("done");
        w.Int(p.done);
        w.Key("total");
        w.Int(p.total);
        w.Key("percent");
        if (p.percent) w.Int(*p.percent);
        else w.Null();
        str("source", p.source);
        str("state", std::string(progress::to_string(p.state)));
        str("reason", p.reason);
        if (p.target) str("target", *p.target);
        if (p.forecast) str("forecast", *p.forecast);
        if (!p.last_activity.empty()) str("last_activity", p.last_activity);
        auto list = [&](const char* key, const std::vector<std::string>& values) {
          w.Key(key);
          w.StartArray();
          for (const auto& x : values) w.String(x.c_str(), static_cast<rapidjson::SizeType>(x.size()));
          w.EndArray();
        };
        list("blockers", p.blockers);
        list("inconsistencies", p.inconsistencies);
        w.EndObject();
      }
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

// The enforcement plan (see plan.hpp).
#include "enforce/plan.hpp"

#include <algorithm>
#include <map>

#include "enforce/comment.hpp"
#include "util/text.hpp"

namespace roadmapd::enforce {
namespace {

using util::iequals;

bool contains(const std::vector<std::string>& list, std::string_view s) {
  return std::any_of(list.begin(), list.end(), [&](const auto& x) { return iequals(x, s); });
}

bool takes_comments(const content_verdict& v) { return v.type == "ISSUE" || v.type == "PULL_REQUEST"; }

bool calls_for_comment(const content_verdict& v) {
  return std::any_of(v.findings.begin(), v.findings.end(), [](const auto& f) { return f.in_comment; });
}

// Labels the findings call for, distinct, in finding order.
std::vector<std::string> wanted_labels(const content_verdict& v) {
  std::vector<std::string> wanted;
  for (const auto& f : v.findings) {
    if (!f.label.empty() && !contains(wanted, f.label)) wanted.push_back(f.label);
  }
  return wanted;
}

}  // namespace

std::string_view to_string(action_kind k) {
  switch (k) {
    case action_kind::add_comment: return "comment";
    case action_kind::edit_comment: return "edit-comment";
    case action_kind::resolve_comment: return "resolve-comment";
    case action_kind::minimize_comment: return "minimize-comment";
    case action_kind::unminimize_comment: return "unminimize-comment";
    case action_kind::add_label: return "add-label";
    case action_kind::remove_label: return "remove-label";
    case action_kind::move: return "move";
  }
  return "unknown";
}

std::vector<std::string> finding_codes(const std::vector<rules::finding>& findings) {
  std::vector<std::string> codes;
  for (const auto& f : findings) codes.push_back(f.code);
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  return codes;
}

std::vector<content_verdict> by_content(const std::vector<board_verdict>& boards) {
  std::vector<content_verdict> out;
  std::map<std::string, std::size_t> index;
  for (const auto& b : boards) {
    for (const auto& v : b.items) {
      if (!v.skipped.empty() || v.item.content_id.empty()) continue;
      auto [it, fresh] = index.emplace(v.item.content_id, out.size());
      if (fresh) {
        content_verdict c;
        c.content_id = v.item.content_id;
        c.type = v.item.type;
        c.repo = v.item.repo;
        c.number = v.item.number;
        c.labels = v.item.labels;
        c.dry_run = b.dry_run;
        out.push_back(std::move(c));
      }
      auto& c = out[it->second];
      c.boards.push_back(b.board.title);
      c.items.push_back(&v);
      c.item_boards.push_back(&b);
      c.dry_run = c.dry_run || b.dry_run;
      if (c.waiting.empty()) c.waiting = v.waiting;
      for (const auto& f : v.findings) {
        const bool known = std::any_of(c.findings.begin(), c.findings.end(), [&](const auto& g) { return g.code == f.code; });
        if (!known) c.findings.push_back(f);
      }
    }
  }
  return out;
}

std::vector<action> plan_content(const content_verdict& verdict, const content_record& record,
                                 const config::rules_settings& settings) {
  std::vector<action> out;
  if (!verdict.waiting.empty()) return out;

  if (takes_comments(verdict)) {
    if (calls_for_comment(verdict)) {
      const auto body = render_findings(verdict.findings, verdict.boards, settings.exempt_label);
      if (!record.comment_id) {
        out.push_back({action_kind::add_comment, verdict.content_id, body});
      } else if (body != record.comment_body) {
        if (record.resolved && settings.when_resolved == config::resolved_comment::minimize) {
          out.push_back({action_kind::unminimize_comment, verdict.content_id});
        }
        out.push_back({action_kind::edit_comment, verdict.content_id, body});
      }
    } else if (record.comment_id && !record.resolved) {
      if (settings.when_resolved == config::resolved_comment::minimize) {
        out.push_back({action_kind::minimize_comment, verdict.content_id});
      } else {
        out.push_back({action_kind::resolve_comment, verdict.content_id, render_resolved(verdict.boards)});
      }
    }

    // Labels the findings call for; a label someone else put there is theirs, and stays theirs.
    const auto wanted = wanted_labels(verdict);
    for (const auto& l : wanted) {
      if (!contains(verdict.labels, l)) out.push_back({action_kind::add_label, verdict.content_id, {}, l});
    }
    for (const auto& l : record.labels) {
      if (!contains(wanted, l) && contains(verdict.labels, l)) out.push_back({action_kind::remove_label, verdict.content_id, {}, l});
    }
  }

  for (std::size_t i = 0; i < verdict.items.size(); ++i) {
    const auto& v = *verdict.items[i];
    if (v.actions.move_to.empty() || iequals(v.item.status, v.actions.move_to)) continue;
    action a{action_kind::move, verdict.content_id};
    a.item_id = v.item.item_id;
    a.column = v.actions.move_to;
    a.board = verdict.item_boards[i]->board.name;
    out.push_back(std::move(a));
  }
  return out;
}

std::string describe(const action& a) {
  switch (a.kind) {
    case action_kind::add_comment: return "sticky comment";
    case action_kind::edit_comment: return "update the sticky comment";
    case action_kind::resolve_comment: return "mark the sticky comment resolved";
    case action_kind::minimize_comment: return "minimize the sticky comment as resolved";
    case action_kind::unminimize_comment: return "show the minimized sticky comment again";
    case action_kind::add_label: return "label '" + a.label + "'";
    case action_kind::remove_label: return "remove label '" + a.label + "'";
    case action_kind::move: return "move to " + a.column;
  }
  return "unknown";
}

action_state state_of(const content_verdict& verdict, const content_record& record,
                      const config::rules_settings& settings) {
  action_state s;
  s.pending = plan_content(verdict, record, settings);
  if (!verdict.waiting.empty()) return s;
  if (takes_comments(verdict)) {
    if (calls_for_comment(verdict)) {
      s.comment = render_findings(verdict.findings, verdict.boards, settings.exempt_label);
      if (record.comment_id && record.comment_body == s.comment) s.done.push_back("sticky comment");
    }
    for (const auto& l : wanted_labels(verdict)) {
      if (contains(verdict.labels, l)) s.done.push_back("label '" + l + "'");
    }
  }
  for (const auto* v : verdict.items) {
    if (!v->actions.move_to.empty() && iequals(v->item.status, v->actions.move_to)) {
      s.done.push_back("in " + v->actions.move_to);
    }
  }
  return s;
}

}  // namespace roadmapd::enforce

// Issue, PullRequest and DraftIssue: the contents of board items. Records refer to users by login,
// to labels by name and to milestones by number within their repository.
'use strict';
const { with_args, connection, must, user_of, escape_html } = require('./helpers');
const { order } = require('../connection');

function repo_of(ctx, rec) {
  return must(ctx.store.repository(rec.repository), `repository '${rec.repository}' of #${rec.number}`);
}

function labels_of(ctx, rec) {
  const repo = repo_of(ctx, rec);
  return rec.labels.map((name) => must(repo.labels.find((l) => l.name === name), `label '${name}' in ${rec.repository}`));
}

function milestone_of(ctx, rec) {
  if (rec.milestone === null) return null;
  const repo = repo_of(ctx, rec);
  return must(repo.milestones.find((m) => m.number === rec.milestone), `milestone ${rec.milestone} in ${rec.repository}`);
}

function assignees_of(ctx, rec) {
  return rec.assignees.map((login) => user_of(ctx, login));
}

// Pull requests that close the issue (a PR's `closes` lists issue numbers of its own repository).
function closing_pulls(ctx, issue) {
  return ctx.store.state.pull_requests.filter((p) =>
    p.repository.toLowerCase() === issue.repository.toLowerCase() && p.closes.includes(issue.number));
}

// An issue's sub-issues, in the parent's order (closed ones included).
function sub_issues_of(ctx, rec) {
  return rec.sub_issues.map((id) => {
    const c = ctx.store.node(id);
    return must(c && ctx.store.typename(c) === 'Issue' ? c : null, `sub-issue '${id}' of ${rec.repository}#${rec.number}`);
  });
}

// Direct sub-issues only. Completed = closed, whatever the stateReason (COMPLETED, NOT_PLANNED,
// DUPLICATE); percentCompleted is rounded down, so 100 means every sub-issue is closed.
function sub_issues_summary(ctx, rec) {
  const subs = sub_issues_of(ctx, rec);
  const completed = subs.filter((c) => c.state === 'CLOSED').length;
  return { total: subs.length, completed, percentCompleted: subs.length ? Math.floor((completed * 100) / subs.length) : 0 };
}

function project_items(ctx, rec, include_archived) {
  return ctx.store.items_for_content(rec.id).filter((it) => include_archived || !it.isArchived);
}

const content_fields = {
  author: (r, args, ctx) => (r.author ? ctx.store.owner(r.author) || null : null),
  repository: (r, args, ctx) => repo_of(ctx, r),
  assignees: connection((r, args, ctx) => assignees_of(ctx, r)),
  labels: connection((r, args, ctx) => order(labels_of(ctx, r), args.orderBy, ['CREATED_AT', 'NAME']), ['orderBy']),
  milestone: (r, args, ctx) => milestone_of(ctx, r),
  closed: (r) => r.state !== 'OPEN',
  bodyText: (r) => r.body,
  titleHTML: (r) => escape_html(r.title),
  projectItems: connection((r, args, ctx) => project_items(ctx, r, args.includeArchived), ['includeArchived']),
};

module.exports = {
  labels_of,
  milestone_of,
  assignees_of,
  closing_pulls,
  repo_of,
  sub_issues_summary,
  Issue: {
    ...content_fields,
    url: (r) => `https://github.com/${r.repository}/issues/${r.number}`,
    resourcePath: (r) => `/${r.repository}/issues/${r.number}`,
    stateReason: with_args(['enableDuplicate'], (r, args) =>
      (r.stateReason === 'DUPLICATE' && !args.enableDuplicate ? 'NOT_PLANNED' : r.stateReason)),
    closedByPullRequestsReferences: connection((r, args, ctx) =>
      closing_pulls(ctx, r).filter((p) => args.includeClosedPrs || p.state !== 'CLOSED'), ['includeClosedPrs']),
    subIssues: connection((r, args, ctx) => sub_issues_of(ctx, r)),
    subIssuesSummary: (r, args, ctx) => sub_issues_summary(ctx, r),
    parent: (r, args, ctx) => ctx.store.parent_issue(r) || null,
  },
  SubIssuesSummary: {
    total: (r) => r.total,
    completed: (r) => r.completed,
    percentCompleted: (r) => r.percentCompleted,
  },
  PullRequest: {
    ...content_fields,
    url: (r) => `https://github.com/${r.repository}/pull/${r.number}`,
    resourcePath: (r) => `/${r.repository}/pull/${r.number}`,
    closingIssuesReferences: connection((r, args, ctx) => r.closes
      .map((n) => ctx.store.numbered_content(r.repository, n))
      .filter((i) => i && ctx.store.typename(i) === 'Issue')),
  },
  DraftIssue: {
    assignees: connection((r, args, ctx) => assignees_of(ctx, r)),
    creator: (r, args, ctx) => (r.creator ? ctx.store.owner(r.creator) || null : null),
    bodyText: (r) => r.body,
    projectV2Items: connection((r, args, ctx) => project_items(ctx, r, true)),
  },
};

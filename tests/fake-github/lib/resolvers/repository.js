// Repository with its issues, pull requests, labels and milestones.
'use strict';
const { with_args, connection, not_found, must } = require('./helpers');
const { order } = require('../connection');
const { not_implemented_error } = require('../errors');

function key_of(repo) {
  return `${repo.owner}/${repo.name}`;
}

function has_any_label(rec, names) {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  return rec.labels.some((l) => wanted.has(l.toLowerCase()));
}

// Repository.issues: states/labels arguments plus filterBy (since, states, labels, assignee,
// createdBy, milestoneNumber), then orderBy; without orderBy GitHub answers in creation order.
function filter_issues(list, args) {
  let out = list;
  if (args.states) out = out.filter((i) => args.states.includes(i.state));
  if (args.labels) out = out.filter((i) => has_any_label(i, args.labels));
  const f = args.filterBy;
  if (f) {
    for (const [k, v] of Object.entries(f)) {
      if (v === undefined || v === null) continue;
      if (k === 'viewerSubscribed' && v === false) continue;
      if (!['since', 'states', 'labels', 'assignee', 'createdBy', 'milestoneNumber'].includes(k)) {
        throw new not_implemented_error(`filterBy.${k} of Repository.issues`);
      }
    }
    if (f.since) {
      const since = Date.parse(f.since);
      out = out.filter((i) => Date.parse(i.updatedAt) >= since);
    }
    if (f.states) out = out.filter((i) => f.states.includes(i.state));
    if (f.labels) out = out.filter((i) => has_any_label(i, f.labels));
    if (f.assignee) {
      out = f.assignee === '*' ? out.filter((i) => i.assignees.length > 0)
        : out.filter((i) => i.assignees.some((a) => a.toLowerCase() === f.assignee.toLowerCase()));
    }
    if (f.createdBy) out = out.filter((i) => i.author && i.author.toLowerCase() === f.createdBy.toLowerCase());
    if (f.milestoneNumber) {
      out = f.milestoneNumber === '*' ? out.filter((i) => i.milestone !== null)
        : out.filter((i) => String(i.milestone) === f.milestoneNumber);
    }
  }
  return order(by_number(out), args.orderBy, ['CREATED_AT', 'UPDATED_AT']);
}

function by_number(list) {
  return list.slice().sort((a, b) => a.number - b.number);
}

function issues_of(ctx, repo) {
  const k = key_of(repo).toLowerCase();
  return ctx.store.state.issues.filter((i) => i.repository.toLowerCase() === k);
}

function pulls_of(ctx, repo) {
  const k = key_of(repo).toLowerCase();
  return ctx.store.state.pull_requests.filter((p) => p.repository.toLowerCase() === k);
}

module.exports = {
  key_of,
  Repository: {
    owner: (r, args, ctx) => must(ctx.store.owner(r.owner), `owner '${r.owner}' of repository ${r.name}`),
    nameWithOwner: (r) => key_of(r),
    url: (r) => `https://github.com/${key_of(r)}`,
    resourcePath: (r) => `/${key_of(r)}`,
    issues: connection((r, args, ctx) => filter_issues(issues_of(ctx, r), args), ['states', 'labels', 'filterBy', 'orderBy']),
    pullRequests: connection((r, args, ctx) => {
      let out = pulls_of(ctx, r);
      if (args.states) out = out.filter((p) => args.states.includes(p.state));
      if (args.labels) out = out.filter((p) => has_any_label(p, args.labels));
      return order(by_number(out), args.orderBy, ['CREATED_AT', 'UPDATED_AT']);
    }, ['states', 'labels', 'orderBy']),
    issue: with_args(['number'], (r, { number }, ctx) => {
      const rec = ctx.store.numbered_content(key_of(r), number);
      if (!rec || ctx.store.typename(rec) !== 'Issue') throw not_found(`Could not resolve to an Issue with the number of ${number}.`);
      return rec;
    }),
    pullRequest: with_args(['number'], (r, { number }, ctx) => {
      const rec = ctx.store.numbered_content(key_of(r), number);
      if (!rec || ctx.store.typename(rec) !== 'PullRequest') throw not_found(`Could not resolve to a PullRequest with the number of ${number}.`);
      return rec;
    }),
    issueOrPullRequest: with_args(['number'], (r, { number }, ctx) => {
      const rec = ctx.store.numbered_content(key_of(r), number);
      if (!rec) throw not_found(`Could not resolve to an issue or pull request with the number of ${number}.`);
      return rec;
    }),
    label: with_args(['name'], (r, { name }) => r.labels.find((l) => l.name.toLowerCase() === name.toLowerCase()) || null),
    labels: connection((r, args) => {
      const out = args.query ? r.labels.filter((l) => l.name.toLowerCase().includes(args.query.toLowerCase())) : r.labels;
      return order(out, args.orderBy, ['CREATED_AT', 'NAME']);
    }, ['orderBy', 'query']),
    milestone: with_args(['number'], (r, { number }) => r.milestones.find((m) => m.number === number) || null),
    milestones: connection((r, args) => {
      const out = args.states ? r.milestones.filter((m) => args.states.includes(m.state)) : r.milestones;
      return order(out, args.orderBy, ['CREATED_AT', 'UPDATED_AT', 'NUMBER']);
    }, ['states', 'orderBy']),
  },
  Label: {
    repository: (l, args, ctx) => ctx.store.parent(l),
    url: (l, args, ctx) => `https://github.com/${key_of(ctx.store.parent(l))}/labels/${encodeURIComponent(l.name)}`,
  },
  Milestone: {
    repository: (m, args, ctx) => ctx.store.parent(m),
    closed: (m) => m.state === 'CLOSED',
    url: (m, args, ctx) => `https://github.com/${key_of(ctx.store.parent(m))}/milestone/${m.number}`,
  },
};

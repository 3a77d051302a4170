// The in-memory GitHub: the state file's records plus indexes (by node id, owner login, repository,
// issue number, board item content, sub-issue parent) rebuilt after every change. Records keep
// GitHub's field names.
'use strict';
const clock = require('./clock');
const { normalize_hooks } = require('./hooks');
const { normalize_apps, bot_login } = require('./apps');

const epoch = '2020-01-01T00:00:00Z';

function defaults(rec, values) {
  for (const [k, v] of Object.entries(values)) {
    if (rec[k] === undefined) rec[k] = typeof v === 'function' ? v(rec) : v;
  }
  return rec;
}

function list(v) {
  return Array.isArray(v) ? v : [];
}

// Fills what a hand-written state may leave out, so resolvers can rely on every field existing.
function normalize(state) {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) throw new Error('state must be a JSON object');
  for (const key of ['tokens', 'failing_nodes', 'users', 'organizations', 'repositories', 'issues', 'pull_requests', 'draft_issues', 'projects']) {
    state[key] = list(state[key]);
  }
  if (state.token_scopes === null || typeof state.token_scopes !== 'object' || Array.isArray(state.token_scopes)) state.token_scopes = {};
  normalize_hooks(state);
  normalize_apps(state);
  state.rate_limit = defaults(state.rate_limit || {}, { limit: 5000, remaining: (r) => r.limit, resetAt: null });
  if (state.viewer === undefined) state.viewer = state.users.length ? state.users[0].login : null;
  const stamp = { createdAt: epoch, updatedAt: (r) => r.createdAt };
  for (const u of state.users) defaults(u, { name: null, ...stamp });
  for (const o of state.organizations) defaults(o, { name: null, description: null, ...stamp });
  for (const r of state.repositories) {
    defaults(r, { description: null, isPrivate: false, isArchived: false, labels: [], milestones: [], ...stamp });
    for (const l of r.labels) defaults(l, { color: 'ededed', description: null, isDefault: false, createdAt: r.createdAt, updatedAt: (x) => x.createdAt });
    for (const m of r.milestones) defaults(m, { state: 'OPEN', description: null, dueOn: null, closedAt: null, ...stamp });
  }
  const issue_like = { body: '', state: 'OPEN', stateReason: null, author: null, assignees: [], labels: [], milestone: null, closedAt: null, comments: () => [], ...stamp };
  for (const i of state.issues) defaults(i, { ...issue_like, sub_issues: () => [] });
  for (const p of state.pull_requests) defaults(p, { ...issue_like, merged: false, mergedAt: null, isDraft: false, closes: [] });
  let next_database_id = 1000000001;
  for (const rec of state.issues.concat(state.pull_requests)) {
    for (const c of rec.comments) if (Number.isInteger(c.databaseId)) next_database_id = Math.max(next_database_id, c.databaseId + 1);
  }
  for (const rec of state.issues.concat(state.pull_requests)) {
    for (const c of rec.comments) {
      defaults(c, {
        databaseId: () => next_database_id++, author: null, body: '', createdAt: rec.createdAt, updatedAt: (x) => x.createdAt,
        lastEditedAt: null, editor: null, isMinimized: false, minimizedReason: null,
      });
    }
  }
  for (const d of state.draft_issues) defaults(d, { body: '', assignees: [], creator: null, ...stamp });
  for (const p of state.projects) {
    defaults(p, { shortDescription: null, readme: null, public: true, closed: false, closedAt: null, fields: [], items: [], ...stamp });
    for (const f of p.fields) defaults(f, { dataType: 'TEXT', createdAt: p.createdAt, updatedAt: (x) => x.createdAt });
    for (const it of p.items) defaults(it, { type: null, content: null, isArchived: false, values: {}, createdAt: p.createdAt, updatedAt: (x) => x.createdAt });
  }
  check_sub_issues(state);
  return state;
}

// GitHub's limits on sub-issues (docs: "Adding sub-issues").
const max_sub_issues = 100;
const max_sub_issue_depth = 8;

function inconsistent(what) {
  return new Error(`state file is inconsistent: ${what}`);
}

function issue_name(rec) {
  return `${rec.repository}#${rec.number}`;
}

function owner_of_repo(key) {
  return String(key).split('/')[0].toLowerCase();
}

// Sub-issue links live on the parent (`sub_issues`: node ids, in the parent's order); the parent of
// an issue is derived. Refuses a state GitHub could not be in: a sub-issue that is missing or a pull
// request, listed twice, under two parents, under another owner, in a cycle, more than 100 under one
// parent, or more than 8 levels below its top-level issue.
function check_sub_issues(state) {
  const issues = new Map(state.issues.map((i) => [i.id, i]));
  const pulls = new Set(state.pull_requests.map((p) => p.id));
  for (const p of state.pull_requests) {
    if (p.sub_issues !== undefined) throw inconsistent(`pull request ${issue_name(p)} has sub_issues; only issues have sub-issues`);
  }
  const parent_of = new Map();
  for (const p of state.issues) {
    if (p.parent !== undefined) {
      throw inconsistent(`${issue_name(p)} has 'parent'; write the link on the parent issue instead, as its sub_issues (node ids)`);
    }
    if (!Array.isArray(p.sub_issues) || p.sub_issues.some((id) => typeof id !== 'string')) {
      throw inconsistent(`sub_issues of ${issue_name(p)} must be a list of issue node ids`);
    }
    if (p.sub_issues.length > max_sub_issues) {
      throw inconsistent(`${issue_name(p)} has ${p.sub_issues.length} sub-issues; GitHub allows at most ${max_sub_issues} per parent`);
    }
    for (const [n, id] of p.sub_issues.entries()) {
      const c = issues.get(id);
      if (!c) {
        throw inconsistent(pulls.has(id) ? `sub-issue '${id}' of ${issue_name(p)} is a pull request; only issues can be sub-issues`
          : `sub-issue '${id}' of ${issue_name(p)} does not exist`);
      }
      if (p.sub_issues.indexOf(id) !== n) throw inconsistent(`${issue_name(p)} lists sub-issue ${issue_name(c)} twice`);
      if (c === p) throw inconsistent(`${issue_name(p)} is its own sub-issue`);
      if (owner_of_repo(c.repository) !== owner_of_repo(p.repository)) {
        throw inconsistent(`sub-issue ${issue_name(c)} of ${issue_name(p)} belongs to another owner; a sub-issue must be in a repository of its parent's owner`);
      }
      const other = parent_of.get(c);
      if (other) throw inconsistent(`${issue_name(c)} is a sub-issue of both ${issue_name(other)} and ${issue_name(p)}; an issue has at most one parent`);
      parent_of.set(c, p);
    }
  }
  for (const i of state.issues) {
    const up = [i];
    for (let at = parent_of.get(i); at; at = parent_of.get(at)) {
      if (up.includes(at)) {
        const loop = up.slice(up.indexOf(at)).reverse();
        throw inconsistent(`sub-issues form a cycle: ${loop.concat([loop[0]]).map(issue_name).join(' > ')}`);
      }
      up.push(at);
    }
    if (up.length - 1 > max_sub_issue_depth) {
      throw inconsistent(`${issue_name(i)} is ${up.length - 1} levels below its top-level issue ${issue_name(up[up.length - 1])}; GitHub allows at most ${max_sub_issue_depth} levels of sub-issues`);
    }
  }
}

class store {
  constructor(state) {
    this.replace(state);
  }

  replace(state) {
    this.state = normalize(state);
    this.reindex();
  }

  reindex() {
    const s = this.state;
    this.typenames = new Map();
    this.by_id = new Map();
    this.owners = new Map();
    this.repos = new Map();
    this.numbered = new Map();
    this.parents = new Map();
    this.items_by_content = new Map();
    this.issue_parents = new Map();
    this.bots = new Map();
    const add = (rec, typename, parent) => {
      this.typenames.set(rec, typename);
      if (rec.id) this.by_id.set(rec.id, rec);
      if (parent) this.parents.set(rec, parent);
    };
    for (const u of s.users) { add(u, 'User'); this.owners.set(u.login.toLowerCase(), u); }
    for (const o of s.organizations) { add(o, 'Organization'); this.owners.set(o.login.toLowerCase(), o); }
    for (const r of s.repositories) {
      add(r, 'Repository');
      this.repos.set(`${r.owner}/${r.name}`.toLowerCase(), r);
      for (const l of r.labels) add(l, 'Label', r);
      for (const m of r.milestones) add(m, 'Milestone', r);
    }
    for (const [kind, recs] of [['Issue', s.issues], ['PullRequest', s.pull_requests]]) {
      for (const rec of recs) {
        add(rec, kind);
        this.numbered.set(`${rec.repository}#${rec.number}`.toLowerCase(), rec);
        for (const c of rec.comments) add(c, 'IssueComment', rec);
      }
    }
    for (const parent of s.issues) {
      for (const id of parent.sub_issues) {
        const child = this.by_id.get(id);
        if (child) this.issue_parents.set(child, parent);
      }
    }
    for (const d of s.draft_issues) add(d, 'DraftIssue');
    // An App's bot is the viewer of its installation tokens and the author of what they write.
    for (const a of s.apps) {
      const bot = { id: `BOT_fake${a.id}`, login: bot_login(a), name: null, createdAt: epoch, updatedAt: epoch };
      add(bot, 'Bot');
      this.bots.set(bot.login.toLowerCase(), bot);
    }
    for (const p of s.projects) {
      add(p, 'ProjectV2');
      for (const f of p.fields) {
        add(f, f.dataType === 'SINGLE_SELECT' ? 'ProjectV2SingleSelectField'
          : f.dataType === 'ITERATION' ? 'ProjectV2IterationField' : 'ProjectV2Field', p);
      }
      for (const it of p.items) {
        add(it, 'ProjectV2Item', p);
        if (!it.type) it.type = it.content ? type_of_content(this.typenames.get(this.by_id.get(it.content))) : 'REDACTED';
        if (it.content) {
          if (!this.items_by_content.has(it.content)) this.items_by_content.set(it.content, []);
          this.items_by_content.get(it.content).push(it);
        }
      }
    }
  }

  typename(rec) {
    return this.typenames.get(rec);
  }

  node(id) {
    return this.by_id.get(id);
  }

  parent(rec) {
    return this.parents.get(rec);
  }

  // The issue whose sub-issue `rec` is, or undefined.
  parent_issue(rec) {
    return this.issue_parents.get(rec);
  }

  owner(login) {
    return login ? this.owners.get(String(login).toLowerCase()) : undefined;
  }

  // The bot account of an App ("<slug>[bot]"), or undefined.
  bot(login) {
    return login ? this.bots.get(String(login).toLowerCase()) : undefined;
  }

  repository(name_with_owner) {
    return this.repos.get(String(name_with_owner).toLowerCase());
  }

  // An issue or pull request by number; numbers are shared between the two, as on GitHub.
  numbered_content(repo_key, number) {
    return this.numbered.get(`${repo_key}#${number}`.toLowerCase());
  }

  items_for_content(id) {
    return this.items_by_content.get(id) || [];
  }

  // Strictly later than every timestamp in the state, so an incremental sync sees each edit; when a
  // test has stopped the clock (lib/clock.js), exactly that second, as GitHub stamps quick edits.
  now() {
    if (clock.frozen()) return clock.iso(clock.now_ms());
    let latest = Date.now();
    const visit = (v) => {
      if (Array.isArray(v)) { v.forEach(visit); return; }
      if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (typeof x === 'string' && /^(createdAt|updatedAt|closedAt|mergedAt)$/.test(k)) {
            const t = Date.parse(x);
            if (!Number.isNaN(t) && t >= latest) latest = t + 1000;
          } else if (x && typeof x === 'object') visit(x);
        }
      }
    };
    visit(this.state);
    return new Date(Math.ceil(latest / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

function type_of_content(typename) {
  return { Issue: 'ISSUE', PullRequest: 'PULL_REQUEST', DraftIssue: 'DRAFT_ISSUE' }[typename] || 'REDACTED';
}

module.exports = { store, normalize, type_of_content, check_sub_issues, issue_name, owner_of_repo, max_sub_issues, max_sub_issue_depth };

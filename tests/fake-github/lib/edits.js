// GitHub-like edits applied through the control API (POST /edit): what a person would do on
// github.com between two syncs. Each touched record gets updatedAt = store.now().
'use strict';
const { store: store_class } = require('./store');
const { add_hook_delivery } = require('./hooks');

class edit_error extends Error {}

function fail(message) {
  throw new edit_error(message);
}

function need(args, name, type) {
  const v = args[name];
  if (v === undefined) fail(`missing argument '${name}'`);
  if (type && typeof v !== type) fail(`argument '${name}' must be a ${type}`);
  return v;
}

function new_id(s, prefix) {
  for (let n = s.by_id.size + 1; ; ++n) {
    const id = `${prefix}_kwDOFAKE${n.toString(36).toUpperCase()}`;
    if (!s.node(id)) return id;
  }
}

function item_of(s, args) {
  const id = need(args, 'item', 'string');
  const it = s.node(id);
  if (!it || s.typename(it) !== 'ProjectV2Item') fail(`item '${id}' does not exist`);
  return it;
}

function touch_item(s, it, now) {
  it.updatedAt = now;
  s.parent(it).updatedAt = now;
}

function content_of(s, args) {
  const repo = need(args, 'repo', 'string');
  const number = need(args, 'number', 'number');
  if (!s.repository(repo)) fail(`repository '${repo}' does not exist`);
  const rec = s.numbered_content(repo, number);
  if (!rec) fail(`${repo}#${number} does not exist`);
  return rec;
}

function check_value(field, value) {
  if (value === null) return;
  switch (field.dataType) {
    case 'TEXT': if (typeof value !== 'string') fail(`field '${field.name}' takes a string`); return;
    case 'NUMBER': if (typeof value !== 'number') fail(`field '${field.name}' takes a number`); return;
    case 'DATE': if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) fail(`field '${field.name}' takes a date YYYY-MM-DD`); return;
    case 'SINGLE_SELECT':
      if (!field.options.some((o) => o.name === value)) fail(`field '${field.name}' has no option '${value}'`);
      return;
    case 'ITERATION': {
      const c = field.configuration || {};
      if (!(c.iterations || []).concat(c.completedIterations || []).some((i) => i.title === value)) fail(`field '${field.name}' has no iteration '${value}'`);
      return;
    }
    default:
      fail(`field '${field.name}' (${field.dataType}) is derived from the item's content and cannot be set`);
  }
}

function set_field(s, args, now) {
  const it = item_of(s, args);
  const name = need(args, 'field', 'string');
  const field = s.parent(it).fields.find((f) => f.name === name);
  if (!field) fail(`board ${s.parent(it).number} has no field '${name}'`);
  if (!('value' in args)) fail(`missing argument 'value' (null clears the field)`);
  check_value(field, args.value);
  if (args.value === null) delete it.values[name];
  else it.values[name] = args.value;
  touch_item(s, it, now);
  return {};
}

function remove_items_of(s, content_id, now) {
  for (const p of s.state.projects) {
    const before = p.items.length;
    p.items = p.items.filter((it) => it.content !== content_id);
    if (p.items.length !== before) p.updatedAt = now;
  }
}

function next_number(s, repo_key) {
  let n = 0;
  for (const r of s.state.issues.concat(s.state.pull_requests)) {
    if (r.repository.toLowerCase() === repo_key.toLowerCase()) n = Math.max(n, r.number);
  }
  return n + 1;
}

function check_people_and_labels(s, repo_key, args) {
  const repo = s.repository(repo_key);
  for (const l of args.labels || []) if (!repo.labels.some((x) => x.name === l)) fail(`repository ${repo_key} has no label '${l}'`);
  for (const a of args.assignees || []) if (!s.owner(a)) fail(`user '${a}' does not exist`);
  if (args.milestone !== undefined && args.milestone !== null && !repo.milestones.some((m) => m.number === args.milestone)) {
    fail(`repository ${repo_key} has no milestone ${args.milestone}`);
  }
}

const ops = {
  set_field,
  add_hook_delivery: (s, args) => add_hook_delivery(s, args, fail),
  move_item: (s, args, now) => set_field(s, { item: args.item, field: 'Status', value: need(args, 'status', 'string') }, now),
  remove_item(s, args, now) {
    const it = item_of(s, args);
    const p = s.parent(it);
    p.items = p.items.filter((x) => x !== it);
    p.updatedAt = now;
    return {};
  },
  archive_item(s, args, now) {
    const it = item_of(s, args);
    it.isArchived = true;
    touch_item(s, it, now);
    return {};
  },
  unarchive_item(s, args, now) {
    const it = item_of(s, args);
    it.isArchived = false;
    touch_item(s, it, now);
    return {};
  },
  add_item(s, args, now) {
    const number = need(args, 'project', 'number');
    const boards = s.state.projects.filter((p) => p.number === number && (!args.owner || p.owner.toLowerCase() === String(args.owner).toLowerCase()));
    if (boards.length === 0) fail(`project ${number} does not exist`);
    if (boards.length > 1) fail(`project number ${number} is ambiguous; add 'owner'`);
    const p = boards[0];
    let content_id;
    if (args.content !== undefined) {
      content_id = need(args, 'content', 'string');
      const c = s.node(content_id);
      if (!c || !['Issue', 'PullRequest'].includes(s.typename(c))) fail(`content '${content_id}' is not an issue or pull request`);
      const existing = p.items.find((it) => it.content === content_id);
      if (existing) return { id: existing.id };
    } else if (args.draft && typeof args.draft === 'object') {
      if (typeof args.draft.title !== 'string') fail(`draft needs a string 'title'`);
      content_id = new_id(s, 'DI');
      s.state.draft_issues.push({ id: content_id, title: args.draft.title, body: args.draft.body || '', assignees: [], creator: s.state.viewer, createdAt: now, updatedAt: now });
      s.reindex();
    } else {
      fail(`needs 'content' (issue or pull request node id) or 'draft' {title, body}`);
    }
    const id = new_id(s, 'PVTI');
    p.items.push({ id, content: content_id, isArchived: false, createdAt: now, updatedAt: now, values: {} });
    p.updatedAt = now;
    return { id };
  },
  edit_issue(s, args, now) {
    const rec = content_of(s, args);
    check_people_and_labels(s, rec.repository, args);
    for (const k of ['title', 'body']) {
      if (args[k] !== undefined) { if (typeof args[k] !== 'string') fail(`argument '${k}' must be a string`); rec[k] = args[k]; }
    }
    for (const k of ['labels', 'assignees']) {
      if (args[k] !== undefined) { if (!Array.isArray(args[k])) fail(`argument '${k}' must be an array`); rec[k] = args[k].slice(); }
    }
    if (args.milestone !== undefined) rec.milestone = args.milestone;
    rec.updatedAt = now;
    return {};
  },
  close_issue(s, args, now) {
    const rec = content_of(s, args);
    if (rec.state !== 'OPEN') fail(`${rec.repository}#${rec.number} is not open`);
    rec.state = 'CLOSED';
    if (s.typename(rec) === 'Issue') rec.stateReason = args.reason || 'COMPLETED';
    rec.closedAt = now;
    rec.updatedAt = now;
    return {};
  },
  reopen_issue(s, args, now) {
    const rec = content_of(s, args);
    if (rec.state !== 'CLOSED') fail(`${rec.repository}#${rec.number} is not closed`);
    rec.state = 'OPEN';
    if (s.typename(rec) === 'Issue') rec.stateReason = 'REOPENED';
    rec.closedAt = null;
    rec.updatedAt = now;
    return {};
  },
  merge_pr(s, args, now) {
    const rec = content_of(s, args);
    if (s.typename(rec) !== 'PullRequest') fail(`${rec.repository}#${rec.number} is not a pull request`);
    if (rec.state !== 'OPEN') fail(`${rec.repository}#${rec.number} is not open`);
    Object.assign(rec, { state: 'MERGED', merged: true, mergedAt: now, closedAt: now, isDraft: false, updatedAt: now });
    return {};
  },
  create_issue(s, args, now) {
    const repo_key = need(args, 'repo', 'string');
    const repo = s.repository(repo_key);
    if (!repo) fail(`repository '${repo_key}' does not exist`);
    const key = `${repo.owner}/${repo.name}`;
    check_people_and_labels(s, key, args);
    const is_pr = args.pull_request === true;
    const rec = {
      id: new_id(s, is_pr ? 'PR' : 'I'), repository: key, number: next_number(s, key), title: need(args, 'title', 'string'),
      body: args.body || '', state: 'OPEN', stateReason: null, author: args.author || s.state.viewer,
      assignees: (args.assignees || []).slice(), labels: (args.labels || []).slice(), milestone: args.milestone ?? null,
      createdAt: now, updatedAt: now, closedAt: null,
    };
    if (is_pr) Object.assign(rec, { merged: false, mergedAt: null, isDraft: args.draft === true, closes: (args.closes || []).slice() });
    (is_pr ? s.state.pull_requests : s.state.issues).push(rec);
    return { id: rec.id, number: rec.number };
  },
  delete_issue(s, args, now) {
    const rec = content_of(s, args);
    s.state.issues = s.state.issues.filter((x) => x !== rec);
    s.state.pull_requests = s.state.pull_requests.filter((x) => x !== rec);
    remove_items_of(s, rec.id, now);
    return {};
  },
  transfer_issue(s, args, now) {
    const rec = content_of(s, args);
    if (s.typename(rec) !== 'Issue') fail(`${rec.repository}#${rec.number} is a pull request; only issues can be transferred`);
    const to_key = need(args, 'to', 'string');
    const to = s.repository(to_key);
    if (!to) fail(`repository '${to_key}' does not exist`);
    const key = `${to.owner}/${to.name}`;
    const old_id = rec.id;
    const moved = {
      ...rec, id: new_id(s, 'I'), repository: key, number: next_number(s, key),
      labels: rec.labels.filter((l) => to.labels.some((x) => x.name === l)), milestone: null, updatedAt: now,
    };
    s.state.issues = s.state.issues.filter((x) => x !== rec).concat([moved]);
    for (const p of s.state.projects) {
      for (const it of p.items) {
        if (it.content === old_id) { it.content = moved.id; it.updatedAt = now; p.updatedAt = now; }
      }
    }
    return { id: moved.id, number: moved.number };
  },
};

// Applies all ops or none; returns per-op results or throws edit_error naming the op.
function apply_edits(live, list) {
  if (!Array.isArray(list)) throw new edit_error(`body must be {"ops": [...]}`);
  const draft = new store_class(JSON.parse(JSON.stringify(live.state)));
  const results = [];
  list.forEach((op, i) => {
    const name = op && op.op;
    const impl = Object.prototype.hasOwnProperty.call(ops, name) ? ops[name] : null;
    if (!impl) throw new edit_error(`ops[${i}]: unknown op '${name}'; known: ${Object.keys(ops).join(', ')}`);
    try {
      results.push(impl(draft, op, draft.now()));
    } catch (e) {
      if (e instanceof edit_error) throw new edit_error(`ops[${i}] (${name}): ${e.message}`);
      throw e;
    }
    draft.reindex();
  });
  live.replace(draft.state);
  return results;
}

module.exports = { apply_edits, edit_error, op_names: Object.keys(ops) };

// Runs one GraphQL request the way GitHub does: parse, validate against the schema, apply
// GitHub's pagination/node rules, charge the rate limit, execute with the resolver registry.
'use strict';
const graphql = require('graphql');
const { github_schema } = require('./schema');
const { analyse } = require('./limits');
const { registry } = require('./resolvers');
const { not_implemented_error, format_error, github_error } = require('./errors');
const { status_response } = require('./faults');

function stable(v) {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${k}:${stable(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

// Arguments the resolver does not honour must not be silently ignored, unless left at their default.
function check_args(info, args, honoured) {
  const def = info.parentType.getFields()[info.fieldName];
  for (const a of def.args) {
    const v = args[a.name];
    if (v === undefined || honoured.includes(a.name)) continue;
    if (a.defaultValue !== undefined && stable(v) === stable(a.defaultValue)) continue;
    throw new not_implemented_error(`argument \`${a.name}\` of ${info.parentType.name}.${info.fieldName}`);
  }
}

function field_resolver(src, args, ctx, info) {
  const type = info.parentType.name;
  const entry = registry[type] && registry[type][info.fieldName];
  let result;
  if (entry) {
    const resolve = typeof entry === 'function' ? entry : entry.resolve;
    check_args(info, args, typeof entry === 'function' ? [] : entry.args);
    result = resolve(src, args, ctx, info);
  } else if (src !== null && typeof src === 'object' && Object.prototype.hasOwnProperty.call(src, info.fieldName)) {
    check_args(info, args, []);
    result = src[info.fieldName];
  } else {
    const e = new not_implemented_error(`${type}.${info.fieldName}`);
    // Still listed in GET /mutations: a test counting what roadmapd sent must see the attempt.
    if (type === 'Mutation') {
      ctx.mutations.push({ name: info.fieldName, input: args.input === undefined ? null : JSON.parse(JSON.stringify(args.input)), viewer: ctx.viewer_login, at: null, ok: false, error: e.message });
    }
    throw e;
  }
  return ctx.mark_failing(result);
}

function type_resolver(value, ctx) {
  return value.__typename || ctx.store.typename(value);
}

// Refills the budget once resetAt has passed (or was never set).
function refresh_budget(rate_limit, now_ms) {
  if (!rate_limit.resetAt || Date.parse(rate_limit.resetAt) <= now_ms) {
    rate_limit.remaining = rate_limit.limit;
    rate_limit.resetAt = new Date(Math.floor(now_ms / 1000) * 1000 + 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

function errors_only(errors) {
  return { status: 200, body: { errors: errors.map(format_error) }, cost: 0 };
}

// The number of top-level fields of the operation that will run, if it is a mutation (else 0).
function mutation_count(document, operation_name) {
  const ops = document.definitions.filter((d) => d.kind === graphql.Kind.OPERATION_DEFINITION);
  const op = operation_name ? ops.find((o) => o.name && o.name.value === operation_name) : ops[0];
  if (!op || op.operation !== 'mutation') return 0;
  const fragments = Object.fromEntries(document.definitions
    .filter((d) => d.kind === graphql.Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const count = (set) => set.selections.reduce((n, sel) => {
    if (sel.kind === graphql.Kind.FIELD) return n + (sel.name.value.startsWith('__') ? 0 : 1);
    if (sel.kind === graphql.Kind.INLINE_FRAGMENT) return n + count(sel.selectionSet);
    const frag = fragments[sel.name.value];
    return n + (frag ? count(frag.selectionSet) : 0);
  }, 0);
  return count(op.selectionSet);
}

// body: the parsed JSON body; secondary: the secondary_limits (optional); viewer: whose token it is
// (default state.viewer).
// Returns { status, body, cost, headers?, mutations: [{name, input, viewer, at, ok, error}] }.
function run(store, body, { request_id, secondary = null, viewer = undefined }) {
  const schema = github_schema();
  if (body === null || typeof body !== 'object' || typeof body.query !== 'string') {
    return { status: 200, body: { errors: [{ message: 'A query attribute must be specified and must be a string.' }] }, cost: 0 };
  }
  let variables = body.variables;
  if (typeof variables === 'string' && variables.length) {
    try { variables = JSON.parse(variables); } catch (e) { variables = undefined; }
  }
  if (variables === null || variables === undefined || variables === '') variables = {};
  let document;
  try {
    document = graphql.parse(body.query);
  } catch (e) {
    return errors_only([e]);
  }
  const invalid = graphql.validate(schema, document);
  if (invalid.length) return errors_only(invalid);
  const limits = analyse(schema, document, { variables, operation_name: body.operationName || null });
  if (limits.errors.length) return errors_only(limits.errors);

  if (secondary) {
    const refused = secondary.admit(Date.now(), mutation_count(document, body.operationName || null));
    if (refused) {
      const r = status_response({ status: 403, secondary: true, retry_after: refused.retry_after }, request_id);
      return { status: 403, body: r.body, headers: r.headers, cost: 0, secondary_limited: true };
    }
  }

  const rl = store.state.rate_limit;
  refresh_budget(rl, Date.now());
  if (rl.remaining < limits.cost) {
    return { status: 200, body: { data: null, errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }] }, cost: 0, rate_limited: true };
  }
  rl.remaining -= limits.cost;

  const failing = new Set(store.state.failing_nodes);
  const ctx = {
    store,
    viewer_login: viewer === undefined ? store.state.viewer : viewer,
    request_id,
    mutations: [],
    rate_limit_view: () => ({
      cost: limits.cost, limit: rl.limit, remaining: rl.remaining, resetAt: rl.resetAt, used: rl.limit - rl.remaining, nodeCount: limits.node_count,
    }),
    // Nodes listed in failing_nodes resolve to an error: null at their position plus errors[].path.
    mark_failing(result) {
      if (!failing.size) return result;
      const check = (v) => (v && typeof v === 'object' && !(v instanceof Error) && typeof v.id === 'string' && failing.has(v.id)
        ? new github_error(undefined, `Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include \`${request_id}\` when reporting this issue.`)
        : v);
      return Array.isArray(result) ? result.map(check) : check(result);
    },
  };
  const result = graphql.execute({
    schema, document, variableValues: variables, operationName: body.operationName || undefined,
    contextValue: ctx, fieldResolver: field_resolver, typeResolver: type_resolver,
  });
  const out = {};
  if (result.errors) out.errors = result.errors.map(format_error);
  if (result.data !== undefined) out.data = result.data;
  return { status: 200, body: out, cost: limits.cost, mutations: ctx.mutations };
}

module.exports = { run, refresh_budget };

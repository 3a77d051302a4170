// GitHub's own query rules on top of the schema: every connection needs `first` or `last` (0..100),
// at most 500,000 nodes, and the documented point cost (requests implied / 100, rounded, minimum 1).
'use strict';
const graphql = require('graphql');

const max_page = 100;
const max_nodes = 500000;

function is_connection(field_def) {
  const named = graphql.getNamedType(field_def.type);
  if (!named || !named.name.endsWith('Connection')) return false;
  const names = new Set(field_def.args.map((a) => a.name));
  return names.has('first') && names.has('last');
}

// The value of a first/last argument. `variables` null means a static check: a variable counts as
// provided with an unknown value.
function argument_value(field_node, name, variables, variable_defaults) {
  const arg = (field_node.arguments || []).find((a) => a.name.value === name);
  if (!arg) return { present: false };
  const v = arg.value;
  if (v.kind === graphql.Kind.INT) return { present: true, value: parseInt(v.value, 10) };
  if (v.kind === graphql.Kind.NULL) return { present: false };
  if (v.kind === graphql.Kind.VARIABLE) {
    const var_name = v.name.value;
    if (variables && Object.prototype.hasOwnProperty.call(variables, var_name)) {
      const given = variables[var_name];
      if (given === null || given === undefined) return { present: false };
      return { present: true, value: Number(given) };
    }
    if (Object.prototype.hasOwnProperty.call(variable_defaults, var_name)) {
      const d = variable_defaults[var_name];
      if (d === null) return { present: false };
      return { present: true, value: d };
    }
    if (variables === null) return { present: true, value: null };
    return { present: false };
  }
  return { present: true, value: null };
}

function error_at(type, message, node, path) {
  const err = new graphql.GraphQLError(message, { nodes: node, path });
  err.type = type;
  return err;
}

// Walks one operation (or, for a fragment-only document, each fragment) and returns
// { errors: [GraphQLError], cost, node_count }. Assumes the document passed schema validation.
function analyse(schema, document, { variables = null, operation_name = null } = {}) {
  const fragments = {};
  const operations = [];
  for (const def of document.definitions) {
    if (def.kind === graphql.Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    else if (def.kind === graphql.Kind.OPERATION_DEFINITION) operations.push(def);
  }
  const errors = [];
  let requests = 0;
  let node_count = 0;
  let is_mutation = false;

  function walk(selection_set, parent_type, path, multiplier, variable_defaults, seen_fragments) {
    if (!selection_set) return;
    for (const sel of selection_set.selections) {
      if (sel.kind === graphql.Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent_type;
        walk(sel.selectionSet, type, path, multiplier, variable_defaults, seen_fragments);
        continue;
      }
      if (sel.kind === graphql.Kind.FRAGMENT_SPREAD) {
        const frag = fragments[sel.name.value];
        if (!frag || seen_fragments.has(frag)) continue;
        const inner = new Set(seen_fragments).add(frag);
        walk(frag.selectionSet, schema.getType(frag.typeCondition.name.value), path, multiplier, variable_defaults, inner);
        continue;
      }
      const name = sel.name.value;
      if (name.startsWith('__') || !parent_type || !parent_type.getFields) continue;
      const def = parent_type.getFields()[name];
      if (!def) continue;
      const here = path.concat(sel.alias ? sel.alias.value : name);
      let inner_multiplier = multiplier;
      if (is_connection(def)) {
        const first = argument_value(sel, 'first', variables, variable_defaults);
        const last = argument_value(sel, 'last', variables, variable_defaults);
        if (!first.present && !last.present) {
          errors.push(error_at('MISSING_PAGINATION_BOUNDARIES',
            `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`, sel, here));
          continue;
        }
        let page = max_page;
        for (const [which, arg] of [['first', first], ['last', last]]) {
          if (!arg.present || arg.value === null) continue;
          if (arg.value > max_page) {
            errors.push(error_at('EXCESSIVE_PAGINATION',
              `Requesting ${arg.value} records on the \`${name}\` connection exceeds the \`${which}\` limit of ${max_page} records.`, sel, here));
          } else if (arg.value < 0) {
            errors.push(error_at('INVALID_PAGINATION',
              `\`${which}\` on the \`${name}\` connection cannot be less than zero.`, sel, here));
          }
          page = Math.max(0, Math.min(page, arg.value));
        }
        requests += multiplier;
        inner_multiplier = multiplier * page;
        node_count += inner_multiplier;
      }
      walk(sel.selectionSet, graphql.getNamedType(def.type), here, inner_multiplier, variable_defaults, seen_fragments);
    }
  }

  function defaults_of(op) {
    const out = {};
    for (const v of op.variableDefinitions || []) {
      if (v.defaultValue) out[v.variable.name.value] = graphql.valueFromASTUntyped(v.defaultValue);
    }
    return out;
  }

  if (operations.length) {
    const chosen = variables === null
      ? operations
      : [operation_name ? operations.find((o) => o.name && o.name.value === operation_name) : operations[0]].filter(Boolean);
    for (const op of chosen) {
      const root = op.operation === 'mutation' ? schema.getMutationType()
        : op.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
      if (op.operation === 'mutation') is_mutation = true;
      walk(op.selectionSet, root, [op.operation], 1, defaults_of(op), new Set());
    }
  } else {
    for (const frag of Object.values(fragments)) {
      walk(frag.selectionSet, schema.getType(frag.typeCondition.name.value), [frag.name.value], 1, {}, new Set([frag]));
    }
  }

  if (node_count > max_nodes) {
    errors.push(new graphql.GraphQLError(
      `This query requests up to ${node_count.toLocaleString('en-US')} possible nodes which exceeds the maximum limit of ${max_nodes.toLocaleString('en-US')}.`));
    errors[errors.length - 1].type = 'MAX_NODE_LIMIT_EXCEEDED';
  }
  const cost = is_mutation ? 1 : Math.max(1, Math.round(requests / 100));
  return { errors, cost, node_count };
}

module.exports = { analyse, is_connection, max_page, max_nodes };

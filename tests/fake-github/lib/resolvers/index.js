// The resolver registry: { TypeName: { field: resolver } } merged from one module per type family.
// A resolver is a function (no arguments honoured) or { args: [...honoured], resolve }.
'use strict';

const modules = [
  require('./query'),
  require('./owner'),
  require('./repository'),
  require('./issue'),
  require('./comment'),
  require('./project'),
  require('./mutation'),
];

const registry = {};
for (const m of modules) {
  for (const [type, fields] of Object.entries(m)) {
    if (!/^[A-Z]/.test(type) || typeof fields !== 'object') continue;
    registry[type] = { ...(registry[type] || {}), ...fields };
  }
}

module.exports = { registry };

#!/usr/bin/env node
// Validates JSON files against a JSON Schema (draft 2020-12), for tests of documented formats such
// as roadmapd's reports (docs/report.schema.json): node validate-json.js SCHEMA FILE...
// Prints each problem with its JSON path and exits 1 when any file does not validate.
'use strict';
const fs = require('fs');
const Ajv2020 = require('ajv/dist/2020');

const [schema_file, ...files] = process.argv.slice(2);
if (!schema_file || files.length === 0) {
  console.error('usage: validate-json.js SCHEMA FILE...');
  process.exit(2);
}
// strict, but "required" in if/then may name properties defined beside them (strictRequired off).
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schema_file, 'utf8')));
let failed = false;
for (const file of files) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(data)) continue;
  failed = true;
  for (const e of validate.errors) console.error(`${file}: ${e.instancePath || '/'}: ${e.message}`);
}
process.exit(failed ? 1 : 0);

// Writes the benchmark's payload (GitHub's first issues.opened example, 11.6 KB as compact JSON) to
// a file and prints its X-Hub-Signature-256 for the given secret.
//   node payload.mjs OUT_FILE SECRET
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json');
const [out, secret] = process.argv.slice(2);
if (!out || !secret) {
  console.error('usage: node payload.mjs OUT_FILE SECRET');
  process.exit(2);
}
const opened = examples.find((e) => e.name === 'issues').examples.find((e) => e.action === 'opened');
const body = JSON.stringify(opened);
writeFileSync(out, body);
console.log(await sign(secret, body));

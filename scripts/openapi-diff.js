#!/usr/bin/env node
// `node scripts/openapi-diff.js before.json after.json`: what changed between two OpenAPI documents
// (`npm run openapi:export -- file`), one line per added, removed or changed value, ignoring what
// clients do not see: the order of parameters (matched by `in` and `name`) and of string lists
// (`required`, `enum`). Exit 0 when they are the same, 1 when they differ.
const fs = require('node:fs');

function normalise(value) {
  if (Array.isArray(value)) {
    const items = value.map(normalise);
    return items.every((i) => typeof i === 'string') ? [...items].sort() : items;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        key === 'parameters' && Array.isArray(v)
          ? Object.fromEntries(v.map((p) => [`${p.in}:${p.name}`, normalise(p)]))
          : normalise(v),
      ]),
    );
  }
  return value;
}

const show = (value) => JSON.stringify(value)?.slice(0, 160);

function* differences(a, b, path) {
  if (
    Array.isArray(a) !== Array.isArray(b) ||
    typeof a !== typeof b ||
    (a === null) !== (b === null)
  ) {
    yield `changed ${path}: ${show(a)} -> ${show(b)}`;
  } else if (Array.isArray(a)) {
    if (a.length !== b.length) {
      yield `changed ${path}: ${show(a)} -> ${show(b)}`;
    } else {
      for (let i = 0; i < a.length; i += 1) yield* differences(a[i], b[i], `${path}[${i}]`);
    }
  } else if (a && typeof a === 'object') {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!(key in a)) yield `added   ${path}/${key}: ${show(b[key])}`;
      else if (!(key in b)) yield `removed ${path}/${key}: ${show(a[key])}`;
      else yield* differences(a[key], b[key], `${path}/${key}`);
    }
  } else if (a !== b) {
    yield `changed ${path}: ${show(a)} -> ${show(b)}`;
  }
}

const [before, after] = process.argv
  .slice(2)
  .map((file) => normalise(JSON.parse(fs.readFileSync(file, 'utf8'))));
if (!before || !after) {
  process.stderr.write('usage: node scripts/openapi-diff.js before.json after.json\n');
  process.exit(2);
}
let count = 0;
for (const line of differences(before, after, '')) {
  process.stdout.write(`${line}\n`);
  count += 1;
}
process.exit(count === 0 ? 0 : 1);

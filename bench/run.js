#!/usr/bin/env node
// `npm run bench`: for each size, seed (or reuse) kc_bench_<N>, start the API and the floor, check
// their answers are byte-identical, drive both with autocannon interleaved (A, B, A, B), judge the
// targets, print, and write bench/results.json; exit 1 when a target fails. Not part of npm test.
// See README, Performance.
'use strict';
const { fork, spawn, execFileSync } = require('node:child_process');
const { once } = require('node:events');
const { randomBytes } = require('node:crypto');
const { writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { Client } = require('pg');
const { endpointsOf } = require('./endpoints');
const { load, compare, rssOf } = require('./measure');
const { verdicts, print, TARGETS } = require('./report');

const ROOT = path.join(__dirname, '..');
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '3' },
    only: { type: 'string' },
    reuse: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(__dirname, 'results.json') },
  },
});
const OPTIONS = {
  sizes: args.sizes.split(',').map(Number),
  connections: Number(args.connections),
  seconds: Number(args.duration),
  rounds: Number(args.rounds),
  warmup: Number(args.warmup),
  only: args.only?.split(','),
};
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/';
const PASSWORD = process.env.BENCH_PASSWORD ?? 'seed-password-1234';
// The heap cap `npm start` and the Dockerfile use, unless BENCH_NODE_FLAGS says otherwise.
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '--max-old-space-size=192')
  .split(' ')
  .filter(Boolean);

const dbUrl = (name) => new URL(name, SERVER).toString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;

async function patientCount(name) {
  const admin = new Client({ connectionString: dbUrl('postgres') });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0 && !args.reuse) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  if (exists.rowCount === 0) return args.reuse ? null : 0;
  const db = new Client({ connectionString: dbUrl(name) });
  await db.connect();
  const n = await db
    .query('SELECT count(*)::int AS n FROM patients')
    .then((r) => r.rows[0].n)
    .catch(() => 0);
  await db.end();
  return n;
}

/** The database of `size` patients: reused when it has them, else seeded (never with --reuse). */
async function ensureSeeded(size) {
  const name = `kc_bench_${size}`;
  const seeded = await patientCount(name);
  if (args.reuse && (seeded === null || seeded < size)) {
    throw new Error(`--reuse: ${name} is missing or has fewer than ${size} patients`);
  }
  if (seeded < size) {
    process.stderr.write(`seeding ${name} with ${size} patients…\n`);
    const reset = seeded ? ['--reset'] : [];
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'scripts/seed/main.js'), '--patients', String(size), ...reset],
      {
        env: { ...process.env, DATABASE_URL: dbUrl(name) },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  return dbUrl(name);
}

async function waitFor(url) {
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${url} never answered`);
}

/** The API (dist/, as `npm start` runs it, with BENCH_NODE_FLAGS) and the floor, side by side. */
async function startServers(databaseUrl) {
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
  };
  const api = spawn(process.execPath, [...NODE_FLAGS, 'dist/src/main.js'], {
    cwd: ROOT,
    env: { ...env, PORT: '4100', NODE_PATH: path.join(ROOT, 'dist') },
    stdio: 'inherit',
  });
  const floor = fork(path.join(__dirname, 'floor.js'), { env: { ...env, PORT: '4101' } });
  const stop = async () => {
    api.kill('SIGTERM');
    floor.kill('SIGTERM');
    await sleep(1000);
  };
  try {
    const floorReady = Promise.race([
      once(floor, 'message'),
      once(floor, 'exit').then(() => Promise.reject(new Error('the floor exited'))),
    ]);
    await Promise.all([waitFor('http://127.0.0.1:4100/health/ready'), floorReady]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { api, apiBase: 'http://127.0.0.1:4100', floorBase: 'http://127.0.0.1:4101', stop };
}

const summary = (rounds) => ({
  reqPerSec: mean(rounds.map((x) => x.reqPerSec)),
  p50: mean(rounds.map((x) => x.p50)),
  p99: mean(rounds.map((x) => x.p99)),
  non2xx: rounds.reduce((s, x) => s + x.non2xx, 0),
  rssMb: rounds[0].rssMb === null ? null : Math.max(...rounds.map((x) => x.rssMb)),
});

async function benchEndpoint(servers, e, token) {
  const { api, apiBase, floorBase } = servers;
  const identical = await compare(apiBase, floorBase, e, token);
  const opts = { connections: OPTIONS.connections, seconds: OPTIONS.warmup };
  if (OPTIONS.warmup > 0) {
    await load(apiBase, e, token, opts); // warm-ups, not counted
    await load(floorBase, e, token, opts);
  }
  const a = [];
  const b = [];
  for (let r = 0; r < OPTIONS.rounds; r += 1) {
    const round = { connections: OPTIONS.connections, seconds: OPTIONS.seconds };
    a.push(await load(apiBase, e, token, { ...round, pid: api.pid }));
    b.push(await load(floorBase, e, token, round));
  }
  return { endpoint: e.name, kind: e.kind, identical, api: summary(a), floor: summary(b) };
}

async function benchSize(size) {
  const databaseUrl = await ensureSeeded(size);
  const servers = await startServers(databaseUrl);
  try {
    const endpoints = await endpointsOf({
      databaseUrl,
      apiBase: servers.apiBase,
      password: PASSWORD,
    });
    const rows = [];
    for (const e of endpoints.filter((x) => !OPTIONS.only || OPTIONS.only.includes(x.name))) {
      const row = await benchEndpoint(servers, e, endpoints.tokens[e.as ?? 'clinician']);
      rows.push(row);
      const ratio = (row.api.reqPerSec / row.floor.reqPerSec).toFixed(2);
      process.stderr.write(
        `${size} ${e.name}: ${Math.round(row.api.reqPerSec)} req/s, ${ratio} of floor\n`,
      );
    }
    return { size, endpoints: rows, apiHwmMb: Math.round(rssOf(servers.api.pid).hwmMb) };
  } finally {
    await servers.stop();
  }
}

function machine() {
  const git = (...a) => execFileSync('git', a, { cwd: ROOT }).toString().trim();
  return {
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    node: process.version,
    apiNodeFlags: NODE_FLAGS,
    date: new Date().toISOString(),
    commit: git('rev-parse', 'HEAD'),
    // A run on uncommitted code says so: its figures belong to no commit.
    dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
  };
}

async function main() {
  const sizes = [];
  for (const size of OPTIONS.sizes) sizes.push(await benchSize(size));
  const checks = verdicts(sizes);
  print(sizes, checks);
  const options = { ...OPTIONS, reuse: args.reuse, targets: TARGETS };
  writeFileSync(
    args.out,
    `${JSON.stringify({ machine: machine(), options, sizes, checks }, null, 2)}\n`,
  );
  if (checks.some(([, , ok]) => !ok)) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack}\n`);
  process.exit(1);
});

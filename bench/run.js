#!/usr/bin/env node
// `npm run bench`: for each size, seed (or reuse) kc_bench_<N>, start the API and the floor, check
// their bodies are byte-identical, drive both with autocannon interleaved (A, B, A, B), and print and
// write bench/results.json. Not part of npm test. See README, Performance.
'use strict';
const { fork, spawn, execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { endpointsOf } = require('./endpoints');

const ROOT = path.join(__dirname, '..');
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/';
const PASSWORD = process.env.BENCH_PASSWORD ?? 'seed-password-1234';
const TARGETS = { read: 0.35, list: 0.35, search: 0.5, p99: 3, rssMb: 250, growth: 1.5 };

const dbUrl = (name) => new URL(name, SERVER).toString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function ensureSeeded(size) {
  const name = `kc_bench_${size}`;
  const admin = new Client({ connectionString: dbUrl('postgres') });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = new Client({ connectionString: dbUrl(name) });
  await db.connect();
  const seeded = await db
    .query('SELECT count(*)::int AS n FROM patients')
    .then((r) => r.rows[0].n)
    .catch(() => 0);
  await db.end();
  if (seeded < size) {
    process.stderr.write(`seeding ${name} with ${size} patients…\n`);
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'scripts/seed/main.js'),
        '--patients',
        String(size),
        ...(seeded ? ['--reset'] : []),
      ],
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

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

async function load(base, endpoint, token, pid) {
  let peak = 0;
  const sampler = pid ? setInterval(() => (peak = Math.max(peak, rssOf(pid).rssMb)), 250) : null;
  const result = await autocannon({
    url: base,
    connections: Number(args.connections),
    duration: Number(args.duration),
    requests: [
      {
        method: endpoint.method ?? 'GET',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, path: endpoint.path(), body: endpoint.body?.() }),
      },
    ],
  });
  if (sampler) clearInterval(sampler);
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    rssMb: pid ? Math.round(peak) : null,
  };
}

async function bodiesMatch(apiBase, floorBase, endpoint, token) {
  const urlPath = endpoint.path();
  const get = (base) =>
    fetch(base + urlPath, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.text());
  const [a, b] = await Promise.all([get(apiBase), get(floorBase)]);
  return a === b;
}

const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;

async function benchSize(size) {
  const databaseUrl = await ensureSeeded(size);
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
  };
  const apiPort = 4100;
  const floorPort = 4101;
  const api = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean), 'dist/src/main.js'],
    {
      cwd: ROOT,
      env: { ...env, PORT: String(apiPort), NODE_PATH: path.join(ROOT, 'dist') },
      stdio: 'inherit',
    },
  );
  const floor = fork(path.join(__dirname, 'floor.js'), {
    env: { ...env, PORT: String(floorPort) },
  });
  const apiBase = `http://127.0.0.1:${apiPort}`;
  const floorBase = `http://127.0.0.1:${floorPort}`;
  try {
    await waitFor(`${apiBase}/health/ready`);
    const endpoints = await endpointsOf({ databaseUrl, apiBase, password: PASSWORD });
    const rows = [];
    for (const e of endpoints.filter((x) => !args.only || args.only.split(',').includes(x.name))) {
      const token = endpoints.tokens[e.as ?? 'clinician'];
      const identical = e.floor ? await bodiesMatch(apiBase, floorBase, e, token) : null;
      await load(apiBase, { ...e }, token); // warm-up, not counted
      const a = [];
      const b = [];
      for (let r = 0; r < Number(args.rounds); r += 1) {
        a.push(await load(apiBase, e, token, api.pid));
        if (e.floor) b.push(await load(floorBase, e, token));
      }
      const apiFig = {
        reqPerSec: mean(a.map((x) => x.reqPerSec)),
        p50: mean(a.map((x) => x.p50)),
        p99: mean(a.map((x) => x.p99)),
        non2xx: a.reduce((s, x) => s + x.non2xx, 0),
        rssMb: Math.max(...a.map((x) => x.rssMb)),
      };
      const floorFig = e.floor
        ? {
            reqPerSec: mean(b.map((x) => x.reqPerSec)),
            p50: mean(b.map((x) => x.p50)),
            p99: mean(b.map((x) => x.p99)),
          }
        : null;
      rows.push({ endpoint: e.name, kind: e.kind, identical, api: apiFig, floor: floorFig });
      process.stderr.write(`${size} ${e.name}: ${Math.round(apiFig.reqPerSec)} req/s\n`);
    }
    return { size, endpoints: rows, apiHwmMb: Math.round(rssOf(api.pid).hwmMb) };
  } finally {
    api.kill('SIGTERM');
    floor.kill('SIGTERM');
    await sleep(1000);
  }
}

function verdicts(sizes) {
  const out = [];
  for (const s of sizes) {
    for (const r of s.endpoints) {
      const target = TARGETS[r.kind];
      if (r.floor && target) {
        const ratio = r.api.reqPerSec / r.floor.reqPerSec;
        out.push([
          `${s.size} ${r.endpoint} req/s ≥ ${target} of floor`,
          ratio.toFixed(2),
          ratio >= target,
        ]);
        const p99 = r.api.p99 / Math.max(r.floor.p99, 1);
        out.push([
          `${s.size} ${r.endpoint} p99 ≤ ${TARGETS.p99}× floor`,
          p99.toFixed(1),
          p99 <= TARGETS.p99,
        ]);
      }
      out.push([`${s.size} ${r.endpoint} zero non-2xx`, r.api.non2xx, r.api.non2xx === 0]);
    }
    const rss = Math.max(...s.endpoints.map((r) => r.api.rssMb));
    out.push([`${s.size} API RSS < ${TARGETS.rssMb} MB`, rss, rss < TARGETS.rssMb]);
  }
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  if (sizes.length > 1) {
    for (const name of ['patients-first-page', 'patients-name-search']) {
      const p50 = (s) => s.endpoints.find((r) => r.endpoint === name)?.api.p50;
      if (p50(small) && p50(large)) {
        const growth = p50(large) / p50(small);
        out.push([
          `${name} p50 at ${large.size} ≤ ${TARGETS.growth}× at ${small.size}`,
          growth.toFixed(2),
          growth <= TARGETS.growth,
        ]);
      }
    }
  }
  return out;
}

function print(sizes, checks) {
  const f = (x) => (x === null || x === undefined ? '—' : String(Math.round(x)));
  const lines = [
    '| size | endpoint | API req/s | floor req/s | ratio | API p50/p99 ms | floor p50/p99 ms | non-2xx | API RSS MB | same bytes |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of sizes) {
    for (const r of s.endpoints) {
      const ratio = r.floor ? (r.api.reqPerSec / r.floor.reqPerSec).toFixed(2) : '—';
      lines.push(
        `| ${s.size} | ${r.endpoint} | ${f(r.api.reqPerSec)} | ${f(r.floor?.reqPerSec)} | ${ratio} | ${f(r.api.p50)}/${f(r.api.p99)} | ${r.floor ? `${f(r.floor.p50)}/${f(r.floor.p99)}` : '—'} | ${r.api.non2xx} | ${r.api.rssMb} | ${r.identical === null ? '—' : r.identical ? 'yes' : 'NO'} |`,
      );
    }
  }
  lines.push(
    '',
    ...checks.map(([what, value, ok]) => `${ok ? 'PASS' : 'FAIL'}  ${what}: ${value}`),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main() {
  const sizes = [];
  for (const size of args.sizes.split(',').map(Number)) sizes.push(await benchSize(size));
  const checks = verdicts(sizes);
  print(sizes, checks);
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT }).toString().trim();
  const machine = {
    cpus: os.cpus().length,
    node: process.version,
    date: new Date().toISOString(),
    commit,
  };
  const options = {
    connections: Number(args.connections),
    durationSeconds: Number(args.duration),
    rounds: Number(args.rounds),
  };
  writeFileSync(
    path.join(__dirname, 'results.json'),
    `${JSON.stringify({ machine, options, sizes, checks }, null, 2)}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack}\n`);
  process.exit(1);
});

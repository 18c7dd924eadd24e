// One autocannon round against a server, the API's RSS sampled meanwhile, and the byte comparison of
// the API's and the floor's answers to the same request.
'use strict';
const { readFileSync } = require('node:fs');
const autocannon = require('autocannon');

/** VmRSS (now) and VmHWM (the process's peak so far), in MB. */
function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

const headersOf = (token) => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
});

/** A round of `seconds` at `connections`; with a pid, that process's peak RSS during it. */
async function load(base, endpoint, token, { connections, seconds, pid }) {
  let peak = 0;
  const sample = () => (peak = Math.max(peak, rssOf(pid).rssMb));
  const sampler = pid ? setInterval(sample, 250) : null;
  const result = await autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      {
        method: endpoint.method ?? 'GET',
        headers: headersOf(token),
        // Drawn per request: a random patient or session, the same distribution for both servers.
        setupRequest: (req) => ({ ...req, path: endpoint.path(), body: endpoint.body?.() }),
      },
    ],
  });
  if (sampler) {
    clearInterval(sampler);
    sample();
  }
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    rssMb: pid ? Math.round(peak) : null,
  };
}

/** A write's body with its volatile fields (a new id, the clock) blanked; nothing else changes. */
function normalised(text, volatile) {
  if (!volatile) return text;
  const body = JSON.parse(text);
  for (const field of volatile) if (field in body) body[field] = '<volatile>';
  return JSON.stringify(body);
}

/** The same request to both: same status class, byte-identical bodies (after `volatile`). */
async function compare(apiBase, floorBase, endpoint, token) {
  const urlPath = endpoint.path();
  const body = endpoint.body?.();
  const ask = async (base) => {
    const res = await fetch(base + urlPath, {
      method: endpoint.method ?? 'GET',
      headers: headersOf(token),
      body,
    });
    return { status: res.status, text: await res.text() };
  };
  // One after the other: a write must not race its twin for the session's row lock.
  const api = await ask(apiBase);
  const floor = await ask(floorBase);
  const [a, b] = [
    normalised(api.text, endpoint.volatile),
    normalised(floor.text, endpoint.volatile),
  ];
  const identical = api.status === floor.status && a === b;
  if (identical) return { identical, normalised: endpoint.volatile ?? [] };
  let at = 0;
  while (at < a.length && a[at] === b[at]) at += 1;
  return {
    identical,
    status: { api: api.status, floor: floor.status },
    firstDifference: { offset: at, api: a.slice(at, at + 80), floor: b.slice(at, at + 80) },
  };
}

module.exports = { load, compare, rssOf };

// The targets of issue 10 (point 3) judged on the figures, the table, and how p50 grows with size.
'use strict';

const TARGETS = {
  ratio: { read: 0.35, list: 0.35, search: 0.5 },
  p99: 3,
  rssMb: 250,
  growth: 1.5,
};
const GROWTH_KINDS = ['list', 'search'];

const ratioOf = (r) => r.api.reqPerSec / r.floor.reqPerSec;

/** [what, value, pass] for every target, per endpoint and size, then across sizes. */
function verdicts(sizes) {
  const out = [];
  for (const s of sizes) {
    for (const r of s.endpoints) {
      const at = `${s.size} ${r.endpoint}`;
      const target = TARGETS.ratio[r.kind];
      if (target) {
        const ratio = ratioOf(r);
        out.push([`${at} req/s ≥ ${target} of floor`, ratio.toFixed(2), ratio >= target]);
      }
      const p99 = r.api.p99 / Math.max(r.floor.p99, 1);
      out.push([`${at} p99 ≤ ${TARGETS.p99}× floor`, p99.toFixed(1), p99 <= TARGETS.p99]);
      out.push([`${at} API zero non-2xx`, r.api.non2xx, r.api.non2xx === 0]);
      // A floor that fails is no floor: its figures would flatter the API.
      out.push([`${at} floor zero non-2xx`, r.floor.non2xx, r.floor.non2xx === 0]);
      out.push([`${at} same bytes as the floor`, r.identical.identical, r.identical.identical]);
    }
    const rss = Math.max(...s.endpoints.map((r) => r.api.rssMb));
    out.push([`${s.size} API peak RSS < ${TARGETS.rssMb} MB`, rss, rss < TARGETS.rssMb]);
  }
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  if (sizes.length > 1) {
    for (const r of large.endpoints.filter((x) => GROWTH_KINDS.includes(x.kind))) {
      const base = small.endpoints.find((x) => x.endpoint === r.endpoint);
      if (!base) continue;
      const growth = r.api.p50 / Math.max(base.api.p50, 1);
      out.push([
        `${r.endpoint} p50 at ${large.size} ≤ ${TARGETS.growth}× at ${small.size}`,
        growth.toFixed(2),
        growth <= TARGETS.growth,
      ]);
    }
  }
  return out;
}

/** Every endpoint's API p50 at each size, as a multiple of the first size's. */
function growthTable(sizes) {
  if (sizes.length < 2) return [];
  const lines = [
    '',
    `| endpoint | ${sizes.map((s) => `p50 ms at ${s.size}`).join(' | ')} | growth |`,
    `|---|${sizes.map(() => '---|').join('')}---|`,
  ];
  for (const r of sizes[0].endpoints) {
    const p50s = sizes.map((s) => s.endpoints.find((x) => x.endpoint === r.endpoint)?.api.p50);
    const last = p50s[p50s.length - 1];
    const growth = last === undefined ? '—' : `${(last / Math.max(p50s[0], 1)).toFixed(2)}×`;
    lines.push(`| ${r.endpoint} | ${p50s.map((p) => p ?? '—').join(' | ')} | ${growth} |`);
  }
  return lines;
}

function print(sizes, checks) {
  const f = (x) => (x === null || x === undefined ? '—' : String(Math.round(x)));
  const lines = [
    '| size | endpoint | API req/s | floor req/s | ratio | API p50/p99 ms | floor p50/p99 ms | non-2xx API/floor | API RSS MB | same bytes |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of sizes) {
    for (const r of s.endpoints) {
      const same = r.identical.identical
        ? r.identical.normalised.length
          ? `yes (but ${r.identical.normalised.join(', ')})`
          : 'yes'
        : 'NO';
      lines.push(
        `| ${s.size} | ${r.endpoint} | ${f(r.api.reqPerSec)} | ${f(r.floor.reqPerSec)} | ${ratioOf(r).toFixed(2)} | ${f(r.api.p50)}/${f(r.api.p99)} | ${f(r.floor.p50)}/${f(r.floor.p99)} | ${r.api.non2xx}/${r.floor.non2xx} | ${r.api.rssMb} | ${same} |`,
      );
    }
  }
  lines.push(
    ...growthTable(sizes),
    '',
    ...checks.map(([what, value, ok]) => `${ok ? 'PASS' : 'FAIL'}  ${what}: ${value}`),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

module.exports = { verdicts, print, TARGETS };

// The floor: a bare node:http + pg server answering every request the bench drives through the API's
// own services (bench/floor-api.js: statements, audit events, rules and mappers from dist/), after
// the same fresh actor read per request, so its bodies are byte-identical. What it leaves out is what
// the API adds: Nest, Express, passport, validation, interceptors, the problem filter, ORM queries.
'use strict';
const http = require('node:http');
const { createHmac, createSecretKey, randomUUID, timingSafeEqual } = require('node:crypto');
const { floorApi } = require('./floor-api');
// Required after floor-api.js has pointed NODE_PATH at dist/.
const { plainToInstance } = require('class-transformer');
const { actorRowStatement } = require('src/users/users.repository');
const { PatientQueryDto } = require('src/patients/patient.dto');
const { SessionQueryDto } = require('src/sessions/session.dto');
const { AuditEventQueryDto } = require('src/audit/audit-event.dto');

const key = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? ''));
const UUID = '([0-9a-f-]{36})';

/** HS256 only, issuer checked, expiry checked: what passport-jwt does for the API. */
function verify(token) {
  const [h, p, s] = token.split('.');
  if (!s) return null;
  const expected = createHmac('sha256', key).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  if (header.alg !== 'HS256' || payload.iss !== 'ketamine-clinic-api') return null;
  if (typeof payload.exp === 'number' && payload.exp * 1000 < Date.now()) return null;
  return payload;
}

async function actorOf(api, req) {
  const payload = verify(String(req.headers.authorization ?? '').replace(/^Bearer /, ''));
  if (!payload) return null;
  const { rows } = await api.pool.query(actorRowStatement(payload.sub));
  const u = rows[0];
  const revoked =
    u?.tokens_valid_after &&
    (payload.iatMs ?? payload.iat * 1000) <= u.tokens_valid_after.getTime();
  if (!u || !u.active || revoked) return null;
  return {
    userId: u.id,
    email: u.email,
    role: u.role,
    clinicIds: u.clinic_ids,
    requestId: randomUUID(),
    // As Express's req.ip gives it (an IPv4 peer without its IPv6 mapping): the same audit row.
    clientIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? null,
  };
}

/** The query as the API's DTO classes transform it (defaults, numbers, dates); not validated. */
const queryOf = (dto, url) => plainToInstance(dto, Object.fromEntries(url.searchParams));

async function bodyOf(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}');
}

/** [method, path pattern, handler(api, actor, match, url, req)] for every endpoint the bench drives. */
const ROUTES = [
  ['GET', `^/api/v1/patients/${UUID}$`, (api, a, m) => api.patients.get(a, m[1])],
  [
    'GET',
    '^/api/v1/patients$',
    (api, a, m, url) => api.patients.list(a, queryOf(PatientQueryDto, url)),
  ],
  ['GET', `^/api/v1/patients/${UUID}/outcomes$`, (api, a, m) => api.outcomes.forPatient(a, m[1])],
  ['GET', `^/api/v1/sessions/${UUID}$`, (api, a, m) => api.sessions.get(a, m[1])],
  [
    'GET',
    '^/api/v1/sessions$',
    (api, a, m, url) => api.sessions.list(a, queryOf(SessionQueryDto, url)),
  ],
  [
    'POST',
    `^/api/v1/sessions/${UUID}/vitals$`,
    async (api, a, m, url, req) => api.records.addVitals(a, m[1], await bodyOf(req)),
  ],
  [
    'GET',
    '^/api/v1/audit-events$',
    (api, a, m, url) => api.audit.list(a, queryOf(AuditEventQueryDto, url)),
  ],
].map(([method, pattern, handler]) => ({ method, pattern: new RegExp(pattern), handler }));

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

async function main() {
  const api = await floorApi(process.env.DATABASE_URL, Number(process.env.DB_POOL_SIZE ?? 10));
  http
    .createServer(async (req, res) => {
      try {
        const url = new URL(req.url, 'http://floor');
        const actor = await actorOf(api, req);
        if (!actor) return send(res, 401, { status: 401 });
        for (const route of ROUTES) {
          const match = req.method === route.method && route.pattern.exec(url.pathname);
          if (match) {
            const body = await route.handler(api, actor, match, url, req);
            return send(res, req.method === 'POST' ? 201 : 200, body);
          }
        }
        send(res, 404, { status: 404 });
      } catch (error) {
        // The API's domain exceptions carry a code; the bench counts any non-2xx of the floor.
        send(res, /NOT_FOUND/.test(error.code ?? '') ? 404 : 500, {
          code: error.code,
          detail: String(error),
        });
      }
    })
    .listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
}

main().catch((error) => {
  process.stderr.write(`floor failed: ${error.stack}\n`);
  process.exit(1);
});

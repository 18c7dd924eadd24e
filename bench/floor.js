// The floor: a bare node:http + pg server answering the patient reads the API answers, with the
// API's own statements (required from dist/, not copied), the same fresh actor read per request and
// the same mapping, so its bodies are byte-identical. What it leaves out is what the API adds:
// Nest, Express, passport, validation, interceptors, the problem filter. It is the lower bound.
'use strict';
const http = require('node:http');
const { createHmac, createSecretKey, randomUUID, timingSafeEqual } = require('node:crypto');
const path = require('node:path');
const Module = require('node:module');
const { Pool } = require('pg');

process.env.NODE_PATH = path.join(__dirname, '..', 'dist');
Module._initPaths();
// The API's pg type parsers (a DATE stays 'YYYY-MM-DD'), set when its data-source options load.
require('src/database/data-source-options');
const { actorRowStatement } = require('src/users/users.repository');
const {
  patientByIdStatement,
  patientSearchStatement,
  PATIENT_PAGE_ORDER,
} = require('src/patients/patients.sql');
const { withListAudit, withReadAudit } = require('src/audit/audited-statement');
const { mapPatient } = require('src/patients/patient.dto');
const { decodeCursor, toPage } = require('src/common/pagination/cursor');

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 10),
});
const key = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? ''));

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

async function actorOf(req) {
  const payload = verify(String(req.headers.authorization ?? '').replace(/^Bearer /, ''));
  if (!payload) return null;
  const { rows } = await pool.query(actorRowStatement(payload.sub));
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
    clientIp: req.socket.remoteAddress ?? null,
  };
}

async function patient(actor, id) {
  const { rows } = await pool.query(
    withReadAudit(patientByIdStatement(id, actor.clinicIds), { actor, resourceType: 'Patient' }),
  );
  return rows[0] ? mapPatient(rows[0], rows[0].externalIdentifiers) : null;
}

async function patients(actor, q) {
  const limit = Number(q.get('limit') ?? 25);
  const name = q.get('name') ?? '';
  const s = {
    scope: actor.clinicIds,
    includeArchived: false,
    nameTokens: name.split(/\s+/).filter(Boolean).slice(0, 4),
    after: q.get('cursor') ? decodeCursor(q.get('cursor'), 2, ['timestamp', 'uuid']) : undefined,
    limit,
  };
  const filters = name ? ['name'] : [];
  const { rows } = await pool.query(
    withListAudit(patientSearchStatement(s), {
      actor,
      filters,
      resourceType: 'Patient',
      scope: s.scope,
      pageSize: limit,
      orderBy: PATIENT_PAGE_ORDER,
    }),
  );
  return toPage(
    rows,
    limit,
    (p) => mapPatient(p, p.externalIdentifiers),
    (p) => [p.createdAt.toISOString(), p.id],
  );
}

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

http
  .createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://floor');
      const actor = await actorOf(req);
      if (!actor) return send(res, 401, { status: 401 });
      const byId = /^\/api\/v1\/patients\/([0-9a-f-]{36})$/.exec(url.pathname);
      if (byId) {
        const body = await patient(actor, byId[1]);
        return body ? send(res, 200, body) : send(res, 404, { status: 404 });
      }
      if (url.pathname === '/api/v1/patients')
        return send(res, 200, await patients(actor, url.searchParams));
      send(res, 404, { status: 404 });
    } catch (error) {
      send(res, 500, { status: 500, detail: String(error) });
    }
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));

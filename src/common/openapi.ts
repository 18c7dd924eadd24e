import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { problemContent } from 'src/common/http/api-problems.decorator';
import {
  FailedCheckDto,
  FieldErrorDto,
  ProblemDetailsDto,
} from 'src/common/problem/problem-details.dto';

const DESCRIPTION = `Practice management for IV ketamine infusion clinics: patients, treatment plans, infusion sessions and follow-ups.

**Authentication**: \`POST /api/v1/auth/login\` returns a bearer token; send it as \`Authorization: Bearer <token>\` on every /api/v1 call.

**Errors** are RFC 9457 \`application/problem+json\` with a stable \`code\`, the \`requestId\`, and \`errors\` (per field) or \`failedChecks\` (safety gates).

**Lists** answer \`{data, nextCursor}\`; pass \`?cursor=<nextCursor>\` for the next page and \`?limit=\` (1–100, default 25).

**Concurrency**: single resources carry an \`ETag\`; send it back as \`If-Match\` on PATCH to get 412 instead of overwriting someone else's change.

**Tenancy**: every record belongs to a clinic; records of clinics you do not belong to answer 404.

**Caching**: every response is \`Cache-Control: no-store\` (patient data), but for Swagger UI's static files; every response carries security headers (nosniff, \`X-Frame-Options: DENY\`, \`Referrer-Policy: no-referrer\`, a Content-Security-Policy, and HSTS in production).

**Passwords** of staff accounts: at least 12 characters, no composition rules, refused with 400 \`WEAK_PASSWORD\` when common or breached, repetitive or sequential, or the user's name or email or the product's or a clinic's name (NIST SP 800-63B).`;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Ketamine Clinic API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addTag('auth', 'Log in and who am I')
    .addTag('users', 'Staff accounts and roles (admins)')
    .addTag(
      'staff-credentials',
      'Licences and ACLS/BLS/PALS of staff: the training every colleague may read, expiries, the checks at booking and start',
    )
    .addTag('clinics', 'Clinics, their settings and chairs')
    .addTag('patients', 'Demographics and identifiers')
    .addTag('instruments', 'Rating scales as versioned data: items, scoring, bands, thresholds')
    .addTag('assessments', 'Scored rating-scale assessments')
    .addTag('alerts', 'Suicide-risk alerts for clinician review')
    .addTag('follow-ups', 'Contacts after sessions: automatic and manual, overdue lists')
    .addTag('journal', 'Patient-reported mood journal')
    .addTag('outcomes', 'Response and remission per patient and per clinic')
    .addTag('chairs', 'Infusion chairs and rooms of a clinic (admins manage)')
    .addTag(
      'controlled-substances',
      'Schedule III record: ketamine lots, draws, witnessed waste, counts, reconciliation',
    )
    .addTag(
      'sessions',
      'Infusion sessions: booking, pre-infusion gate, dosing, vitals, adverse events, discharge, signing',
    )
    .addTag('audit', 'Who read or changed what')
    .addTag('health', 'Liveness and readiness for operators')
    .addTag('public', 'No token: the clinic directory and the website’s appointment-request form')
    .addTag(
      'consultation-requests',
      'Website appointment requests: the front-desk inbox and conversion',
    )
    .addTag('consultation-appointments', 'First consultations booked from requests')
    .addTag('screenings', 'Intake screening and eligibility (per patient)')
    .addTag('consents', 'Patient consents (per patient)')
    .addTag(
      'treatment-plans',
      'Courses of care: protocol, induction, maintenance, lifecycle, amendments, progress',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDetailsDto, FieldErrorDto, FailedCheckDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey}_${methodKey}`,
  });
  documentIdempotencyKeys(document);
  documentCommonResponses(document);
  dedupeHeaderParameters(document);
  return document;
}

const problem = (
  status: number,
  description: string,
  example?: Parameters<typeof problemContent>[1],
) => ({ description, content: problemContent(status, example) });

/** Every POST takes Idempotency-Key (IdempotencyInterceptor), so it is documented on every POST. */
function documentIdempotencyKeys(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    const post = path.post;
    // Login stores nothing (its response is a token): the header is ignored there.
    if (!post || post.operationId === 'login') continue;
    post.parameters = [
      ...(post.parameters ?? []),
      {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'Makes a retry safe: a repeat with the same key and body within 24 hours gets the first response again ' +
          '(with `Idempotent-Replayed: true`) instead of doing the work twice; a repeat while the first still runs waits for it. ' +
          'The key is kept in the same transaction as the write, so after any failure (a 503, a lost connection) a retry with the key either replays the write or makes it once. ' +
          '1-255 visible ASCII characters, unique per request.',
        schema: { type: 'string', maxLength: 255, example: '6f1c2a1e-7d1b-4d9e-9a51-0f7c3f1b2a10' },
      },
    ];
    post.responses['409'] ??= problem(
      409,
      'Conflicts with the current state, or a request with this Idempotency-Key held on past the lock timeout',
      {
        code: 'IDEMPOTENCY_KEY_IN_USE',
        detail: 'A request with this Idempotency-Key is still being processed',
      },
    );
    post.responses['422'] ??= problem(
      422,
      'This Idempotency-Key was already used for a different request',
      {
        code: 'IDEMPOTENCY_KEY_REUSED',
        detail: 'This Idempotency-Key was already used for a different request',
      },
    );
  }
}

export function setupOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    // No online validator badge: it would send the document's address to validator.swagger.io,
    // which the /docs Content-Security-Policy (security-headers.ts) does not allow anyway.
    swaggerOptions: { persistAuthorization: true, validatorUrl: null },
  });
}

const header = (description: string, example?: string) => ({
  description,
  schema: { type: 'string' as const, ...(example ? { example } : {}) },
});

/**
 * What every operation shares, stated once here rather than on each handler: the X-Request-Id
 * header, ETag and Location on single resources and creates, 413 for oversized bodies and 503 when
 * the database is away.
 */
function documentCommonResponses(document: OpenAPIObject): void {
  for (const [route, path] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = path[method];
      if (!operation) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!response || !('description' in response)) continue;
        const headers: Record<string, ReturnType<typeof header>> = {
          'X-Request-Id': header(
            'The request id: in the log line, the audit event and any problem body',
            '2f0b8a4e-54c5-4c1b-a5a2-0a1c7d1a9d11',
          ),
        };
        // ResponseHeadersInterceptor sends an ETag exactly when the body has a numeric version.
        if (status.startsWith('2') && hasVersion(document, response.content)) {
          headers.ETag = header('The version of the resource; send it back as If-Match', '"3"');
        }
        if (status === '201') {
          headers.Location = header('The new resource', `${route.replace(/\{[^}]+\}.*$/, '')}/…`);
        }
        if (status === '429') {
          headers['Retry-After'] = header('Seconds to wait before trying again', '42');
        }
        response.headers = { ...headers, ...(response.headers ?? {}) };
      }
      if (route.startsWith('/api/v1/') || route === '/health/ready') {
        operation.responses['503'] ??= problem(503, 'The database is unavailable; retry shortly');
      }
      if (operation.requestBody) {
        operation.responses['413'] ??= problem(413, 'The request body is too large');
      }
    }
  }
}

/** Whether a response's JSON schema is a component with a `version` property. */
function hasVersion(document: OpenAPIObject, content: unknown): boolean {
  const ref = (content as Record<string, { schema?: { $ref?: string } }> | undefined)?.[
    'application/json'
  ]?.schema?.$ref;
  const schema = ref ? document.components?.schemas?.[ref.split('/').pop() ?? ''] : undefined;
  return Boolean(schema && 'properties' in schema && schema.properties?.version);
}

/**
 * HTTP header names are case-insensitive, but `@Headers('if-match')` (which documents itself as a
 * required `if-match`) and the handler's `@ApiHeader({ name: 'If-Match' })` give two parameters.
 * Keep one per header name and location: the documented one (with a description), else the first.
 */
function dedupeHeaderParameters(document: OpenAPIObject): void {
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = path[method];
      if (!operation?.parameters) continue;
      const kept: typeof operation.parameters = [];
      for (const parameter of operation.parameters) {
        if (!('in' in parameter) || parameter.in !== 'header') {
          kept.push(parameter);
          continue;
        }
        const name = parameter.name.toLowerCase();
        const index = kept.findIndex(
          (p) => 'in' in p && p.in === 'header' && p.name.toLowerCase() === name,
        );
        if (index < 0) {
          kept.push(parameter);
        } else if (
          parameter.description &&
          !(kept[index] as { description?: string }).description
        ) {
          kept[index] = parameter;
        }
      }
      operation.parameters = kept;
    }
  }
}

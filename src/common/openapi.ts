import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
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

**Tenancy**: every record belongs to a clinic; records of clinics you do not belong to answer 404.`;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Ketamine Clinic API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addTag('auth', 'Log in and who am I')
    .addTag('users', 'Staff accounts and roles (admins)')
    .addTag('clinics', 'Clinics, their settings and chairs')
    .addTag('patients', 'Demographics and identifiers')
    .addTag('chairs', 'Infusion chairs and rooms of a clinic (admins manage)')
    .addTag(
      'controlled-substances',
      'Schedule III record: ketamine lots, draws, witnessed waste, counts, reconciliation',
    )
    .addTag('audit', 'Who read or changed what')
    .addTag('health', 'Liveness and readiness for operators')
    .addTag('screenings', 'Intake screening and eligibility (per patient)')
    .addTag('consents', 'Patient consents (per patient)')
    .addTag(
      'treatment-plans',
      'Courses of care: protocol, induction, maintenance, lifecycle, amendments, progress',
    )
    .build();
  return SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDetailsDto, FieldErrorDto, FailedCheckDto],
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey}_${methodKey}`,
  });
}

export function setupOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}

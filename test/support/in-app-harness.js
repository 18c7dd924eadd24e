/**
 * Runs exported service methods (the cross-module contracts) inside the BUILT app, in its own
 * process, against a test app's database: jest cannot load the ESM-only Nest packages, but a plain
 * Node process can (require(esm)), exactly as the server does. Started by test/support/in-app.ts
 * with NODE_PATH=dist; argv[2] is a JSON list of calls; prints the results after a marker line.
 */
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { DataSource } = require('typeorm');
const { AppModule } = require('src/app.module');
const { TreatmentPlansService } = require('src/treatment-plans/treatment-plans.service');
const { ScreeningsService } = require('src/screenings/screenings.service');
const { ConsentsService } = require('src/consents/consents.service');
const { PatientsRepository } = require('src/patients/patients.repository');

async function call(ctx, c) {
  const plans = ctx.get(TreatmentPlansService);
  const tx = (work) => ctx.get(DataSource).transaction(work);
  switch (c.call) {
    case 'getPlanSnapshot':
      return c.withManager
        ? tx((m) => plans.getPlanSnapshot(c.actor, c.planId, m))
        : plans.getPlanSnapshot(c.actor, c.planId);
    case 'recordInfusionCompleted':
      return tx((m) =>
        plans.recordInfusionCompleted(m, c.planId, {
          sessionId: c.sessionId,
          completedAt: new Date(c.completedAt),
        }),
      );
    case 'flagForReview':
      return tx((m) =>
        plans.flagForReview(m, c.planId, { reason: c.reason, sessionId: c.sessionId }),
      );
    case 'latestSignedDecision':
      return ctx.get(ScreeningsService).latestSignedDecision(c.patientId);
    case 'patientSearchStatement': {
      // The SQL and parameters PatientsRepository.search sends, for EXPLAIN in the index tests.
      const [sql, parameters] = ctx
        .get(PatientsRepository, { strict: false })
        .searchStatement(c.search);
      return { sql, parameters };
    }
    case 'hasActiveConsent':
      return ctx.get(ConsentsService).hasActiveConsent(c.patientId, new Date(c.at));
    default:
      throw new Error(`unknown call ${c.call}`);
  }
}

async function main() {
  const calls = JSON.parse(process.argv[2]);
  const ctx = await NestFactory.createApplicationContext(AppModule, { logger: false });
  const results = [];
  for (const c of calls) {
    try {
      results.push({ ok: (await call(ctx, c)) ?? null });
    } catch (e) {
      results.push({
        error: { code: e.code ?? 'ERROR', status: e.status ?? 500, message: e.message },
      });
    }
  }
  await ctx.close();
  process.stdout.write(`\n@@RESULTS@@${JSON.stringify(results)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * Exercises the sessions contract (SessionHooks, SessionsService.getSessionRef) inside the BUILT
 * app, in its own process on a test app's database, as the follow-ups module will use it:
 * registers hooks, then runs the calls in argv[2] (JSON). Prints results after a marker line.
 * Started by test/support/in-app.ts's runner with NODE_PATH=dist.
 */
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { AppModule } = require('src/app.module');
const { SessionHooks } = require('src/sessions/session-hooks');
const { SessionsService } = require('src/sessions/sessions.service');
const { SessionsInfusionService } = require('src/sessions/sessions-infusion.service');
const { SessionsDischargeService } = require('src/sessions/sessions-discharge.service');
const { DataSource } = require('typeorm');

const BLOCK = 'UNREVIEWED_SUICIDE_RISK_ALERT';

async function main() {
  const input = JSON.parse(process.argv[2]);
  const ctx = await NestFactory.createApplicationContext(AppModule, { logger: false });
  const hooks = ctx.get(SessionHooks);
  const seen = { discharged: [], checks: [] };
  hooks.addPreInfusionCheck(async (manager, context) => {
    seen.checks.push({
      ...context,
      at: context.at.toISOString(),
      inTransaction: manager.queryRunner?.isTransactionActive ?? false,
    });
    return input.blockPatients.includes(context.patientId)
      ? [
          {
            check: BLOCK,
            message: 'An unreviewed suicide-risk alert blocks the infusion',
            overridable: false,
          },
        ]
      : [];
  });
  hooks.onDischarged(async (manager, event) => {
    // proves it runs inside the discharge transaction: it sees the uncommitted discharge
    const rows = await manager.query('SELECT status FROM infusion_sessions WHERE id = $1', [
      event.sessionId,
    ]);
    seen.discharged.push({
      ...event,
      dischargedAt: event.dischargedAt.toISOString(),
      statusSeen: rows[0]?.status,
    });
    if (input.failDischargeOf.includes(event.patientId)) {
      throw new Error('follow-up scheduling failed');
    }
  });
  const sessions = ctx.get(SessionsService);
  const infusion = ctx.get(SessionsInfusionService);
  const results = [];
  for (const c of input.calls) {
    try {
      let ok;
      if (c.call === 'getSessionRef') {
        ok = c.withManager
          ? await ctx
              .get(DataSource)
              .transaction((m) => sessions.getSessionRef(c.actor, c.sessionId, m))
          : await sessions.getSessionRef(c.actor, c.sessionId);
      } else if (c.call === 'start') {
        ok = await infusion.start(c.actor, c.sessionId, c.body);
      } else if (c.call === 'discharge') {
        ok = await ctx.get(SessionsDischargeService).discharge(c.actor, c.sessionId, c.body);
      } else {
        throw new Error(`unknown call ${c.call}`);
      }
      results.push({ ok: ok ?? null });
    } catch (e) {
      results.push({
        error: {
          code: e.code ?? 'ERROR',
          status: e.status ?? 500,
          message: e.message,
          extras: e.extras ?? null,
        },
      });
    }
  }
  await ctx.close();
  process.stdout.write(`\n@@RESULTS@@${JSON.stringify({ results, seen })}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/**
 * Drives the SessionHooks registry (what sessions call on discharge and before an infusion) inside
 * the BUILT app, on a test app's database, the way test/support/in-app-harness.js drives the plans
 * contract. argv[2] is a JSON list of calls; prints the results after a marker line.
 */
require('reflect-metadata');
const { NestFactory } = require('@nestjs/core');
const { DataSource } = require('typeorm');
const { AppModule } = require('src/app.module');
const { SessionHooks } = require('src/sessions/session-hooks');

async function call(ctx, c) {
  const hooks = ctx.get(SessionHooks);
  const tx = (work) => ctx.get(DataSource).transaction(work);
  switch (c.call) {
    case 'runDischarged':
      return tx((m) =>
        hooks.runDischarged(m, { ...c.event, dischargedAt: new Date(c.event.dischargedAt) }),
      );
    case 'runPreInfusionChecks':
      return tx((m) => hooks.runPreInfusionChecks(m, { ...c.context, at: new Date(c.context.at) }));
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

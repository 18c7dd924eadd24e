import 'reflect-metadata';
import { createApp } from 'src/app.factory';
import { loadConfig } from 'src/config/app-config';
import { shutDownGracefully } from 'src/health/graceful-shutdown';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp();
  await app.listen(config.port);
  shutDownGracefully(app, config.shutdown);
}

bootstrap().catch((error: unknown) => {
  // The structured logger may not exist yet; say why we stopped, without any request data.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from 'src/app.module';
import { securityHeaders } from 'src/common/http/security-headers';
import { assignRequestId } from 'src/common/logging';
import { setupOpenApi } from 'src/common/openapi';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import metadata from 'src/metadata';

/** The app exactly as it serves, for main.ts and the e2e tests alike. */
export async function createApp(
  options: { logger?: boolean } = {},
): Promise<NestExpressApplication> {
  await loadOpenApiMetadata();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  if (options.logger !== false) {
    app.useLogger(app.get(Logger));
  } else {
    app.useLogger(false);
  }
  // Whose X-Forwarded-For names the client (audit client ip, per-client rate limits): TRUST_PROXY.
  const config = app.get<AppConfig>(APP_CONFIG);
  app.set('trust proxy', config.trustProxy);
  app.set('etag', false);
  app.disable('x-powered-by');
  // The request id comes first so that even a body that fails to parse is answered with one.
  app.use(assignRequestId);
  // Before every route and the body parser: errors, 404s, /docs and /health get them too.
  app.use(securityHeaders({ hsts: config.hsts }));
  app.useBodyParser('json', { limit: '1mb' });
  // On SIGTERM/SIGINT: stop taking requests, run the shutdown hooks (close the pool, stop an embedded
  // database), then exit 0. Without useProcessExit Nest re-raises the signal and the process ends
  // "killed by SIGTERM", which supervisors report as a failure.
  app.enableShutdownHooks([], { useProcessExit: true });
  setupOpenApi(app);
  return app;
}

// Generated from the DTOs by the @nestjs/swagger CLI plugin (npm run openapi:metadata).
async function loadOpenApiMetadata(): Promise<void> {
  await SwaggerModule.loadPluginMetadata(metadata);
}

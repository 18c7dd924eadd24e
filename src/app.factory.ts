import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from 'src/app.module';
import { configureHttpServer, limitUrlLength } from 'src/common/http/http-server';
import { verifyJsonBudget } from 'src/common/http/json-budget';
import { requestContextMiddleware } from 'src/common/http/request-context.middleware';
import { securityHeaders } from 'src/common/http/security-headers';
import { assignRequestId } from 'src/common/logging';
import { setupOpenApi } from 'src/common/openapi';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { Lifecycle } from 'src/health/lifecycle';
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
  const config = app.get<AppConfig>(APP_CONFIG);
  // Whose X-Forwarded-For names the client (audit client ip, per-client rate limits): TRUST_PROXY.
  app.set('trust proxy', config.trustProxy);
  app.set('etag', false);
  app.disable('x-powered-by');
  // The request id comes first so that even a body that fails to parse is answered with one.
  app.use(assignRequestId);
  // Before every route and the body parser: errors, 404s, /docs and /health get them too.
  app.use(securityHeaders({ hsts: config.hsts }));
  // Then the shutdown's count of requests in flight (and its refusal of new ones once closing).
  app.use(app.get(Lifecycle).track);
  app.use(limitUrlLength);
  // Size and shape budgets are checked on the raw bytes, before JSON.parse (json-budget.ts).
  // Nest's types leave out `verify` (Nest sets it for rawBody, off here) but it passes it on.
  const json: { limit: string } = { limit: '1mb', ...{ verify: verifyJsonBudget } };
  app.useBodyParser('json', json);
  app.use(requestContextMiddleware(config.http.requestTimeoutMs));
  configureHttpServer(app.getHttpServer(), config.http);
  setupOpenApi(app);
  return app;
}

// Generated from the DTOs by the @nestjs/swagger CLI plugin (npm run openapi:metadata).
async function loadOpenApiMetadata(): Promise<void> {
  await SwaggerModule.loadPluginMetadata(metadata);
}

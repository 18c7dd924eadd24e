import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Params } from 'nestjs-pino';
import { AppConfig } from 'src/config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id as assigned by assignRequestId, or '' before it ran. */
export function requestIdOf(req: { id?: unknown }): string {
  return typeof req.id === 'string' ? req.id : '';
}

/** Reuses a sane incoming X-Request-Id or makes one, and echoes it on the response. */
export function assignRequestId(
  req: IncomingMessage & { id?: unknown },
  res: ServerResponse,
  next?: () => void,
): string {
  if (typeof req.id !== 'string') {
    const given = req.headers['x-request-id'];
    req.id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', req.id);
  }
  next?.();
  return req.id;
}

/**
 * JSON logs, one line per request, with the request id (echoed as X-Request-Id). No bodies, no
 * query strings (searches carry names), no headers but the user agent: logs hold no patient data.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    // At `silent` no request is ever logged, so no request gets a logger: pino-http's child logger
    // and nestjs-pino's request context (an AsyncLocalStorage, paid on every await) would be pure
    // cost. The request id is assigned apart from the logger (app.factory.ts), so it stays.
    ...(config.logLevel === 'silent' ? { forRoutes: [] } : {}),
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage & { id?: unknown }, res: ServerResponse) =>
        assignRequestId(req, res),
      serializers: {
        req: (req: {
          id: string;
          method: string;
          url: string;
          headers: Record<string, string>;
        }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
          userAgent: req.headers['user-agent'],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health/') },
    },
  };
}

import type { NextFunction, Request, Response } from 'express';
import { requestIdOf } from 'src/common/logging';
import { CommonExceptionCode } from 'src/common/problem/domain.exception';
import { problemBody } from 'src/common/problem/problem-body';
import { requestContext } from 'src/database/request-context';

/**
 * Gives each request its context (request-context.ts) and its deadline. At the deadline the client
 * gets 503, the request may send nothing more to the database, and a transaction it holds is cut
 * (its connection closed, so PostgreSQL rolls it back and the pool opens a fresh one). A statement
 * already running is bounded by statement_timeout. Mounted after the body parser: the body's own
 * arrival is bounded by the server's request timeout (http-server.ts).
 */
export function requestContextMiddleware(deadlineMs: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    requestContext.run(() => {
      const context = requestContext.current();
      const timer = setTimeout(() => {
        if (!context) {
          return;
        }
        context.expired = true;
        closeConnection(context.transaction?.client);
        if (!res.headersSent) {
          res.locals.deadlineAnswered = true;
          res
            .status(503)
            .setHeader('Retry-After', '1')
            .type('application/problem+json')
            .json(
              problemBody(
                503,
                CommonExceptionCode.REQUEST_TIMEOUT,
                'The request did not finish within its deadline. A write without an Idempotency-Key may or may not have been kept; with one, retry with the same key',
                requestIdOf(req),
              ),
            );
        }
      }, deadlineMs);
      timer.unref();
      res.once('close', () => clearTimeout(timer));
      next();
    });
  };
}

type Socketed = { connection?: { stream?: { destroy(): void } } };

// pg offers no way to abandon a query in flight but closing its socket: the query fails at once,
// the pool drops the client, and PostgreSQL rolls the transaction back when it notices.
function closeConnection(client: unknown): void {
  (client as Socketed | undefined)?.connection?.stream?.destroy();
}

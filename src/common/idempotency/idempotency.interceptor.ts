import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, Observable, of, throwError } from 'rxjs';
import { Actor } from 'src/auth/actor';
import { IdempotencyRepository } from 'src/common/idempotency/idempotency.repository';
import {
  IDEMPOTENCY_KEY_PATTERN,
  requestFingerprint,
} from 'src/common/idempotency/idempotency.rules';
import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';

const REPLAYED_HEADERS = ['location', 'etag'];

/**
 * `Idempotency-Key` on any POST: the first request with a key runs and its successful response is
 * kept for 24 hours; a retry with the same key and the same body gets that response again
 * (`Idempotent-Replayed: true`) instead of a second record. The same key with another body is 422;
 * a retry while the first is still running is 409. A failed request frees its key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: Actor }>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) {
      return next.handle();
    }
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      return throwError(() => invalidKey());
    }
    const response = http.getResponse<Response>();
    const owner = request.user
      ? `user:${request.user.userId}`
      : `client:${request.ip ?? 'unknown'}`;
    const fingerprint = requestFingerprint(
      request.method,
      request.originalUrl.split('?')[0] ?? '',
      request.body,
    );
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      HttpStatus.CREATED;

    return from(this.keys.claim(owner, key, fingerprint)).pipe(
      mergeMap((existing) => {
        if (existing === null) {
          return next.handle().pipe(
            mergeMap((body: unknown) =>
              from(
                this.keys
                  .complete(owner, key, status, keptHeaders(response), body)
                  .then(() => body),
              ),
            ),
            catchError((error: unknown) =>
              from(this.keys.release(owner, key)).pipe(mergeMap(() => throwError(() => error))),
            ),
          );
        }
        if (existing.fingerprint !== fingerprint) {
          return throwError(
            () =>
              new CommonException(
                CommonExceptionCode.IDEMPOTENCY_KEY_REUSED,
                'This Idempotency-Key was used for a different request',
              ),
          );
        }
        if (existing.state !== 'completed') {
          return throwError(
            () =>
              new CommonException(
                CommonExceptionCode.IDEMPOTENCY_KEY_IN_USE,
                'A request with this Idempotency-Key is still being processed; retry shortly',
              ),
          );
        }
        Object.entries(existing.responseHeaders ?? {}).forEach(([name, value]) =>
          response.setHeader(name, value),
        );
        response.setHeader('Idempotent-Replayed', 'true');
        return of(existing.responseBody);
      }),
    );
  }
}

function keptHeaders(response: Response): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (typeof value === 'string') {
      kept[name] = value;
    }
  }
  return kept;
}

function invalidKey(): CommonException {
  return new CommonException(
    CommonExceptionCode.VALIDATION_FAILED,
    'Idempotency-Key must be 1-255 visible ASCII characters',
    {
      errors: [{ field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }],
    },
  );
}

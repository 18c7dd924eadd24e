import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, finalize, from, mergeMap, Observable, throwError } from 'rxjs';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import {
  IdempotencyRepository,
  StoredResponse,
} from 'src/common/idempotency/idempotency.repository';
import {
  IDEMPOTENCY_KEY_PATTERN,
  requestFingerprint,
} from 'src/common/idempotency/idempotency.rules';
import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { requestContext } from 'src/database/request-context';
import { OpenTransaction, TransactionService } from 'src/database/transaction.service';

const REPLAYED_HEADERS = ['location', 'etag'];
const NO_IDEMPOTENCY = 'idempotency:off';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** For POSTs whose response must never be stored (login: it holds a token; the body, a password). */
export const NoIdempotency = () => SetMetadata(NO_IDEMPOTENCY, true);

/**
 * `Idempotency-Key` on any POST: the first request with a key runs and its successful response is
 * kept for 24 hours; a retry with the same key and the same body gets that response again
 * (`Idempotent-Replayed: true`) instead of a second record. The same key with another body is 422.
 *
 * The request runs in one transaction that begins with the key's claim and ends with its response
 * (the handler's own transactions join it, see TransactionService): a crash or a lost connection at
 * any point leaves either nothing, and the retry runs once, or the finished record, and the retry
 * replays. A retry while the first is still running waits for it (up to the lock timeout, then 409).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly secret: string;

  constructor(
    private readonly keys: IdempotencyRepository,
    private readonly transactions: TransactionService,
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secret = `idempotency:${config.auth.jwtSecret}`;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: Actor }>();
    const key = request.headers['idempotency-key'];
    if (
      request.method !== 'POST' ||
      key === undefined ||
      this.reflector.get<boolean>(NO_IDEMPOTENCY, context.getHandler())
    ) {
      return next.handle();
    }
    if (typeof key !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      return throwError(() => invalidKey());
    }
    const store = requestContext.current();
    if (!store) {
      throw new Error(
        'IdempotencyInterceptor needs the request context (requestContextMiddleware)',
      );
    }
    const response = http.getResponse<Response>();
    const actor = request.user?.userId ? request.user : undefined;
    const claim: Claim = {
      owner: actor ? `user:${actor.userId}` : `client:${request.ip ?? 'unknown'}`,
      key,
      fingerprint: requestFingerprint(
        this.secret,
        request.method,
        request.originalUrl.split('?')[0] ?? '',
        request.body,
      ),
    };
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      HttpStatus.CREATED;

    return from(this.begin(claim)).pipe(
      mergeMap((begun) => {
        if (begun.replay) {
          return from(this.replay(begun.replay, claim.fingerprint, actor, response));
        }
        const transaction = begun.transaction;
        store.transaction = transaction;
        return next.handle().pipe(
          mergeMap((body: unknown) =>
            from(this.complete(transaction, claim, status, response, body, actor)),
          ),
          catchError((error: unknown) =>
            from(this.transactions.rollback(transaction, error)).pipe(
              mergeMap(() => throwError(() => error)),
            ),
          ),
          finalize(() => {
            if (store.transaction === transaction) {
              store.transaction = undefined;
            }
          }),
        );
      }),
    );
  }

  /** Opens the request's transaction with the key's claim, or finds the response to replay. */
  private async begin(
    claim: Claim,
  ): Promise<{ transaction: OpenTransaction; replay?: never } | { replay: StoredResponse }> {
    const transaction = await this.transactions.begin();
    try {
      if (await this.keys.claim(transaction, claim.owner, claim.key, claim.fingerprint)) {
        return { transaction };
      }
      const replay = await this.keys.stored(transaction, claim.owner, claim.key);
      await this.transactions.rollback(transaction);
      return { replay };
    } catch (error) {
      await this.transactions.rollback(transaction, error);
      // The first request with this key held its claim past the lock timeout.
      throw isLockTimeout(error) ? keyInUse() : error;
    }
  }

  /** Keeps the response, and which record it was about, then commits the request. */
  private async complete(
    transaction: OpenTransaction,
    claim: Claim,
    status: number,
    response: Response,
    body: unknown,
    actor: Actor | undefined,
  ): Promise<unknown> {
    await this.keys.complete(transaction, claim.owner, claim.key, {
      status,
      headers: keptHeaders(response),
      body,
      clinicId: clinicOf(body),
      resourceId: idOf(body),
      actorId: actor?.userId ?? null,
      requestId: actor?.requestId ?? null,
    });
    await this.transactions.commit(transaction);
    return body;
  }

  private async replay(
    existing: StoredResponse,
    fingerprint: string,
    actor: Actor | undefined,
    response: Response,
  ): Promise<unknown> {
    if (existing.state !== 'completed') {
      throw keyInUse();
    }
    if (existing.fingerprint !== fingerprint) {
      throw new CommonException(
        CommonExceptionCode.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was used for a different request',
      );
    }
    // Access is checked again: a user who has since left the record's clinic gets nothing back.
    if (existing.clinicId && !actor?.clinicIds.includes(existing.clinicId)) {
      throw CommonException.notFound('Resource');
    }
    // The replay shows the record again: a read of it, marked as a replay. A key completed before
    // the resource was remembered (or whose record was never audited) keeps the generic type.
    if (actor && existing.clinicId) {
      await this.audit.record(actor, {
        action: AuditAction.READ,
        actionName: 'idempotent-replay',
        resourceType: existing.resourceType ?? 'IdempotentReplay',
        resourceId: existing.resourceType ? existing.resourceId : idOf(existing.responseBody),
        clinicId: existing.clinicId,
      });
    }
    Object.entries(existing.responseHeaders ?? {}).forEach(([name, value]) =>
      response.setHeader(name, value),
    );
    response.setHeader('Idempotent-Replayed', 'true');
    return existing.responseBody;
  }
}

interface Claim {
  owner: string;
  key: string;
  fingerprint: string;
}

function isLockTimeout(error: unknown): boolean {
  return (error as { driverError?: { code?: string } } | null)?.driverError?.code === '55P03';
}

function keyInUse(): CommonException {
  return new CommonException(
    CommonExceptionCode.IDEMPOTENCY_KEY_IN_USE,
    'A request with this Idempotency-Key is still being processed; retry shortly',
    { retryAfterSeconds: 1 },
  );
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

function clinicOf(body: unknown): string | null {
  const clinicId =
    typeof body === 'object' && body !== null
      ? (body as { clinicId?: unknown }).clinicId
      : undefined;
  return typeof clinicId === 'string' && UUID.test(clinicId) ? clinicId : null;
}

function idOf(body: unknown): string | null {
  const id = typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
  return typeof id === 'string' && UUID.test(id) ? id : null;
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

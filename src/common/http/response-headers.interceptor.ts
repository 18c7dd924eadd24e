import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { etagOf } from 'src/common/http/etag';

const LOCATION_KEY = 'response:location';

/** Marks a create endpoint: the response gets `Location: <base>/<id>` (base defaults to the request path). */
export const SetsLocation = (base?: string) => SetMetadata(LOCATION_KEY, base ?? true);

/** ETag on every single-resource body that has a version; Location on creates. */
@Injectable()
export class ResponseHeadersInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const location = this.reflector.get<string | true | undefined>(
      LOCATION_KEY,
      context.getHandler(),
    );
    const http = context.switchToHttp();
    return next.handle().pipe(
      tap((body: unknown) => {
        const response = http.getResponse<Response>();
        if (response.headersSent) {
          return;
        }
        if (isVersioned(body)) {
          response.setHeader('ETag', etagOf(body.version));
        }
        // Append-only records (vitals, adverse events, addenda) have no version but an address.
        if (location && hasId(body)) {
          const base =
            location === true ? http.getRequest<Request>().originalUrl.split('?')[0] : location;
          response.setHeader('Location', `${String(base).replace(/\/$/, '')}/${body.id}`);
        }
      }),
    );
  }
}

function hasId(body: unknown): body is { id: string } {
  return typeof body === 'object' && body !== null && 'id' in body && typeof body.id === 'string';
}

function isVersioned(body: unknown): body is { id: string; version: number } {
  return (
    typeof body === 'object' &&
    body !== null &&
    'version' in body &&
    typeof body.version === 'number'
  );
}

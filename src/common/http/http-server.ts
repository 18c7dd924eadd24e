import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';
import { problemBody } from 'src/common/problem/problem-body';

/** Longer URLs are refused before routing: no route of this API needs more. */
export const MAX_URL_LENGTH = 8192;

export interface HttpServerTimeouts {
  headersTimeoutMs: number;
  receiveTimeoutMs: number;
}

/**
 * Limits Node enforces before a request reaches Express: a client must send its headers within
 * `headersTimeoutMs` and its whole request within `receiveTimeoutMs` (slow or stalled senders hold
 * a socket, not the process). What Node refuses (bad syntax, headers over 16 KB, a timeout) is
 * answered as problem+json too, on the raw socket, since no request object exists yet.
 */
export function configureHttpServer(server: Server, timeouts: HttpServerTimeouts): void {
  server.headersTimeout = timeouts.headersTimeoutMs;
  server.requestTimeout = timeouts.receiveTimeoutMs;
  // Node checks those timeouts on this interval (30 s by default, later than most deadlines).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    Math.min(1000, timeouts.headersTimeoutMs);
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) =>
    answerClientError(error, socket),
  );
}

function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A response already under way, or a peer that is gone, cannot be answered.
  const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_RECEIVE_TIMEOUT', 'The request was not received in time']
        : [400, 'BAD_REQUEST', 'The request could not be parsed'];
  const body = JSON.stringify(problemBody(status, code, detail, ''));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n' +
      body,
  );
}

/** Middleware: a URL past MAX_URL_LENGTH is 414 before anything parses it. */
export function limitUrlLength(req: Request, _res: Response, next: NextFunction): void {
  if (req.url.length > MAX_URL_LENGTH) {
    next(
      new CommonException(
        CommonExceptionCode.URL_TOO_LONG,
        `The URL is longer than ${MAX_URL_LENGTH} characters`,
      ),
    );
    return;
  }
  next();
}

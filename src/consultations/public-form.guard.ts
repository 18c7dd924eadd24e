import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimiter } from 'src/auth/rate-limiter';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import {
  ConsultationException,
  ConsultationExceptionCode,
} from 'src/consultations/consultation.exception';

/** A form body is a few hundred bytes; anything near this is not a person filling in a form. */
export const PUBLIC_FORM_MAX_BYTES = 16 * 1024;

/**
 * Guards the public website forms: PUBLIC_RATE_LIMIT submissions per client address per minute
 * (valid or not: counted before validation) → 429 with Retry-After, and small bodies only → 413.
 */
@Injectable()
export class PublicFormGuard implements CanActivate {
  private readonly limiter: RateLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = new RateLimiter(config.publicRateLimit, 60_000);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    this.limiter.hit(`consultation-request|${request.ip ?? 'unknown'}`);
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > PUBLIC_FORM_MAX_BYTES) {
      throw new ConsultationException(
        ConsultationExceptionCode.REQUEST_BODY_TOO_LARGE,
        `The request body may be at most ${PUBLIC_FORM_MAX_BYTES} bytes`,
      );
    }
    return true;
  }
}

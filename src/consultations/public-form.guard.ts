import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { RateLimitService } from 'src/common/rate-limit/rate-limit.service';
import {
  ConsultationException,
  ConsultationExceptionCode,
} from 'src/consultations/consultation.exception';

/** A form body is a few hundred bytes; anything near this is not a person filling in a form. */
export const PUBLIC_FORM_MAX_BYTES = 16 * 1024;

/**
 * Guards the public website forms: PUBLIC_RATE_LIMIT submissions per client address per minute
 * (valid or not: counted before validation; shared by every instance through PostgreSQL) → 429
 * with Retry-After, and small bodies only → 413.
 */
@Injectable()
export class PublicFormGuard implements CanActivate {
  private readonly limit: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly rateLimits: RateLimitService,
  ) {
    this.limit = config.publicRateLimit;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    await this.rateLimits.hit('consultation-request', request.ip ?? 'unknown', this.limit, 60_000);
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

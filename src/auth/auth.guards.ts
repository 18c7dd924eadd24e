import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { Actor, StaffRole } from 'src/auth/actor';
import { IS_PUBLIC_KEY, ROLES_KEY } from 'src/auth/auth.decorators';
import { LoginDto } from 'src/auth/auth.dto';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';
import { RateLimitService } from 'src/common/rate-limit/rate-limit.service';
import { createValidationPipe } from 'src/common/validation/validation.pipe';

/** Global: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error instanceof Error) {
      throw error;
    }
    if (!user) {
      throw new CommonException(
        CommonExceptionCode.UNAUTHENTICATED,
        'A valid bearer token is required',
      );
    }
    return user;
  }
}

/** Global: @Auth(...roles) limits a route to those roles; @Auth() admits any staff role. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) {
      return true;
    }
    const actor = context.switchToHttp().getRequest<Request & { user?: Actor }>().user;
    if (!actor || !roles.includes(actor.role)) {
      throw new CommonException(CommonExceptionCode.FORBIDDEN, 'Your role may not do this');
    }
    return true;
  }
}

/**
 * Login: rate limited per client address and email (failed and successful attempts alike, counted
 * in PostgreSQL so every instance shares the windows), the body validated like any DTO (400 rather
 * than passport's 401 for a missing field), then passport-local.
 */
// A clinic's front desk shares one address among several staff: five accounts' worth of attempts.
const LOGIN_ADDRESS_LIMIT_FACTOR = 5;

@Injectable()
export class LoginGuard extends AuthGuard('local') {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly validation = createValidationPipe();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly rateLimits: RateLimitService,
  ) {
    super();
    this.limit = config.auth.loginRateLimit;
    this.windowMs = config.auth.loginRateWindowSeconds * 1000;
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const body: unknown = request.body;
    const credentials: LoginDto = await this.validation.transform(body ?? {}, {
      type: 'body',
      metatype: LoginDto,
    });
    const email = credentials.email.toLowerCase();
    const address = request.ip ?? 'unknown';
    // Per address across all emails first, so spraying one password over many accounts is slowed too.
    await this.rateLimits.hit(
      'login-address',
      address,
      this.limit * LOGIN_ADDRESS_LIMIT_FACTOR,
      this.windowMs,
    );
    await this.rateLimits.hit('login', `${address}|${email}`, this.limit, this.windowMs);
    return (await super.canActivate(context)) as boolean;
  }
}

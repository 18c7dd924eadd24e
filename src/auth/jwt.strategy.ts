import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Actor } from 'src/auth/actor';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';
import { requestIdOf } from 'src/common/logging';
import { UsersService } from 'src/users/users.service';

interface TokenPayload {
  sub: string;
  iat: number;
}

export const JWT_ISSUER = 'ketamine-clinic-api';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not a string: jsonwebtoken would otherwise try to parse the secret as a public
      // key on every verify (ARCHITECTURE.md, performance facts).
      secretOrKey: createSecretKey(Buffer.from(config.auth.jwtSecret)) as unknown as string,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      passReqToCallback: true,
    });
  }

  /** Role, clinics and active status come from the database, so changes apply to the next request. */
  async validate(request: Request, payload: TokenPayload): Promise<Actor> {
    const user = await this.users.findActorRow(payload.sub);
    const issuedAtMs = payload.iat * 1000;
    // iat has whole-second precision: a token from the same second as a deactivation is refused too.
    if (
      !user ||
      !user.active ||
      (user.tokensValidAfter &&
        issuedAtMs < Math.ceil(user.tokensValidAfter.getTime() / 1000) * 1000)
    ) {
      throw new CommonException(
        CommonExceptionCode.UNAUTHENTICATED,
        'The token is no longer valid',
      );
    }
    return {
      userId: user.id,
      email: user.email,
      role: user.role,
      clinicIds: user.clinicIds,
      requestId: requestIdOf(request),
      clientIp: request.ip ?? null,
    };
  }
}

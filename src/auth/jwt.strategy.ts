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
import { markRefusedAccount } from 'src/common/problem/refusal-recorder';
import { UsersService } from 'src/users/users.service';

interface TokenPayload {
  sub: string;
  iat: number;
  /** Issue time in milliseconds (tokens issued by this service carry it). */
  iatMs?: number;
}

/**
 * Whether a token was issued before the user's tokens were revoked (deactivation, password reset).
 * With only whole-second `iat`, a token from the same second as the revocation is refused too.
 */
export function issuedBeforeRevocation(
  payload: TokenPayload,
  tokensValidAfter: Date | null,
): boolean {
  if (!tokensValidAfter) {
    return false;
  }
  if (typeof payload.iatMs === 'number' && Number.isFinite(payload.iatMs)) {
    return payload.iatMs <= tokensValidAfter.getTime();
  }
  return payload.iat * 1000 < Math.ceil(tokensValidAfter.getTime() / 1000) * 1000;
}

export const JWT_ISSUER = 'ketamine-clinic-api';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    // A well-signed token with a malformed subject is still not a credential (and not a 500).
    const user = UUID.test(String(payload.sub)) ? await this.users.findActorRow(payload.sub) : null;
    const revoked = user && issuedBeforeRevocation(payload, user.tokensValidAfter);
    if (user && (!user.active || revoked)) {
      markRefusedAccount(request, {
        userId: user.id,
        role: user.role,
        clinicIds: user.clinicIds,
        reason: user.active ? 'token_revoked' : 'inactive',
      });
    }
    if (!user || !user.active || revoked) {
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

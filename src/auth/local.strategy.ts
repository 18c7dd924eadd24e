import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';
import { markRefusedAccount } from 'src/common/problem/refusal-recorder';
import { UsersService } from 'src/users/users.service';
import { UserWithClinics } from 'src/users/users.repository';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly users: UsersService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  /**
   * One answer for an unknown email, a wrong password and a deactivated account; the two that name
   * a known account are audited against it (the problem filter writes the event).
   */
  async validate(request: Request, email: string, password: string): Promise<UserWithClinics> {
    const verified = await this.users.verifyCredentials(email, password);
    if (verified.user) {
      return verified.user;
    }
    if (verified.refused) {
      const { account, reason } = verified.refused;
      markRefusedAccount(request, {
        userId: account.id,
        role: account.role,
        clinicIds: account.clinicIds,
        reason,
      });
    }
    throw new CommonException(
      CommonExceptionCode.UNAUTHENTICATED,
      'Email or password is incorrect',
    );
  }
}

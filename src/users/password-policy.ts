import { Injectable } from '@nestjs/common';
import { commonPasswords } from 'src/users/common-passwords';
import { UserException, UserExceptionCode } from 'src/users/user.exception';
import { PasswordContext, passwordVerdict, PasswordVerdict } from 'src/users/password-policy.rules';

/** Checks a password being set (account creation, reset, the bootstrap admin) against the rules. */
@Injectable()
export class PasswordPolicy {
  // Built at boot, not on the first request that sets a password.
  private readonly blocklist = commonPasswords();

  verdict(password: string, context: PasswordContext): PasswordVerdict | null {
    return passwordVerdict(password, context, this.blocklist);
  }

  /** 400 WEAK_PASSWORD with a field error on `password` saying why (never echoing it). */
  assertAcceptable(password: string, context: PasswordContext): void {
    const verdict = this.verdict(password, context);
    if (verdict) {
      throw new UserException(UserExceptionCode.WEAK_PASSWORD, verdict.message, {
        errors: [{ field: 'password', message: verdict.message }],
        passwordWeakness: verdict.weakness,
      });
    }
  }
}

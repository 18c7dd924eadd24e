import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';
import { UsersService } from 'src/users/users.service';
import { UserWithClinics } from 'src/users/users.repository';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly users: UsersService) {
    super({ usernameField: 'email', passwordField: 'password' });
  }

  /** One answer for an unknown email, a wrong password and a deactivated account. */
  async validate(email: string, password: string): Promise<UserWithClinics> {
    const user = await this.users.verifyCredentials(email, password);
    if (!user) {
      throw new CommonException(
        CommonExceptionCode.UNAUTHENTICATED,
        'Email or password is incorrect',
      );
    }
    return user;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Actor } from 'src/auth/actor';
import { MeResponseDto, TokenResponseDto } from 'src/auth/auth.dto';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { UsersService } from 'src/users/users.service';
import { UserWithClinics } from 'src/users/users.repository';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async issueToken(
    user: UserWithClinics,
    requestId: string,
    clientIp: string | null,
  ): Promise<TokenResponseDto> {
    // iatMs: the issue time to the millisecond (iat has whole seconds), so that a token issued just
    // after a deactivation or password reset is not mistaken for one issued before it.
    const accessToken = await this.jwt.signAsync({ sub: user.id, iatMs: Date.now() });
    const actor: Actor = {
      userId: user.id,
      email: user.email,
      role: user.role,
      clinicIds: user.clinicIds,
      requestId,
      clientIp,
    };
    // One event per clinic the user works at: each clinic's admins see their own staff's logins only.
    for (const clinicId of user.clinicIds.length > 0 ? user.clinicIds : [null]) {
      await this.audit.record(actor, {
        action: AuditAction.LOGIN,
        resourceType: 'User',
        resourceId: user.id,
        clinicId,
      });
    }
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.auth.jwtExpiresInSeconds };
  }

  async me(actor: Actor): Promise<MeResponseDto> {
    const user = await this.users.get(actor, actor.userId);
    return {
      id: user.id,
      email: user.email,
      fullName: user.fullName,
      role: user.role,
      clinicIds: user.clinicIds,
    };
  }
}

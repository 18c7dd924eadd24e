import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor } from 'src/auth/actor';
import { Auth, CurrentActor, Public } from 'src/auth/auth.decorators';
import { LoginDto, MeResponseDto, TokenResponseDto } from 'src/auth/auth.dto';
import { LoginGuard } from 'src/auth/auth.guards';
import { NoIdempotency } from 'src/common/idempotency/idempotency.interceptor';
import { AuthService } from 'src/auth/auth.service';
import { ApiProblem } from 'src/common/http/api-problems.decorator';
import { Endpoint } from 'src/common/http/endpoint.decorator';
import { requestIdOf } from 'src/common/logging';
import { UserWithClinics } from 'src/users/users.repository';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginGuard)
  @NoIdempotency()
  @Endpoint({
    id: 'login',
    summary: 'Log in',
    description:
      'Exchanges email and password for a bearer token. Attempts are rate limited per client address and email.',
    ok: TokenResponseDto,
    problems: [400, 429],
  })
  @ApiProblem(401, 'Email or password is incorrect, or the account is deactivated')
  login(
    @Req() request: Request & { user: UserWithClinics },
    @Body() _credentials: LoginDto,
  ): Promise<TokenResponseDto> {
    return this.auth.issueToken(request.user, requestIdOf(request), request.ip ?? null);
  }

  @Get('me')
  @Auth()
  @Endpoint({
    id: 'getCurrentUser',
    summary: 'Who am I',
    description: 'The caller’s account, role and clinics.',
    ok: MeResponseDto,
  })
  me(@CurrentActor() actor: Actor): Promise<MeResponseDto> {
    return this.auth.me(actor);
  }
}

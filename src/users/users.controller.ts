import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { ApiProblem } from 'src/common/http/api-problems.decorator';
import { Endpoint, IfMatch } from 'src/common/http/endpoint.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { Page } from 'src/common/pagination/cursor';
import {
  CreateUserDto,
  UpdateUserDto,
  UserPageDto,
  UserQueryDto,
  UserResponseDto,
} from 'src/users/user.dto';
import { UsersService } from 'src/users/users.service';

/** The 400 of a password refused by the policy (password-policy.rules.ts), beside the usual ones. */
const WeakPasswordProblem = () =>
  ApiProblem(
    400,
    'Invalid input (see `errors`), or `WEAK_PASSWORD`: the password is common or breached, repetitive or ' +
      'sequential, or the user’s name or email or the product’s or a clinic’s name (with digits or symbols ' +
      'added or not); `passwordWeakness` says which (`COMMON`, `REPETITIVE_OR_SEQUENTIAL`, `PERSONAL`, `SERVICE_NAME`)',
    {
      code: 'WEAK_PASSWORD',
      detail:
        "password is the user's own name or email address, or one of them with digits or symbols added; choose something unrelated to the account",
      errors: [
        {
          field: 'password',
          message:
            "password is the user's own name or email address, or one of them with digits or symbols added; choose something unrelated to the account",
        },
      ],
      passwordWeakness: 'PERSONAL',
    },
  );

@ApiTags('users')
@Controller('api/v1/users')
@Auth(StaffRole.ADMIN)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @SetsLocation()
  @Endpoint({
    id: 'createUser',
    summary: 'Create a staff account',
    description: 'Admins add staff to their own clinics.',
    created: { type: UserResponseDto, description: 'Created; Location names the new user' },
    problems: [404, 409],
  })
  @WeakPasswordProblem()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return this.users.create(actor, dto);
  }

  @Get()
  @Endpoint({
    id: 'listUsers',
    summary: 'List staff',
    description: 'Staff of the calling admin’s clinics, oldest first.',
    ok: UserPageDto,
    problems: [400],
  })
  list(@CurrentActor() actor: Actor, @Query() query: UserQueryDto): Promise<Page<UserResponseDto>> {
    return this.users.list(actor, query);
  }

  @Get(':id')
  @Endpoint({
    id: 'getUser',
    summary: 'Get a staff account',
    ok: UserResponseDto,
    problems: [400, 404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<UserResponseDto> {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @Endpoint({
    id: 'updateUser',
    summary: 'Change a staff account',
    description:
      'Name, role, clinics or password. Role and clinic changes apply to the user’s next request. ' +
      'Name, role and password of a user who also works at clinics the admin does not manage: 403 USER_MANAGED_ELSEWHERE.',
    ok: UserResponseDto,
    problems: [404, 412],
    ifMatch: 'The ETag last read; 412 if the user has changed since',
  })
  @WeakPasswordProblem()
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateUserDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<UserResponseDto> {
    return this.users.update(actor, id, dto, ifMatch);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Endpoint({
    id: 'deactivateUser',
    summary: 'Deactivate a staff account',
    description:
      'The user can no longer log in, and tokens already issued stop working at once. ' +
      'Only by an admin of every clinic the user works at (else 403 USER_MANAGED_ELSEWHERE).',
    ok: UserResponseDto,
    problems: [400, 404, 409],
  })
  deactivate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<UserResponseDto> {
    return this.users.deactivate(actor, id);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @Endpoint({
    id: 'reactivateUser',
    summary: 'Reactivate a staff account',
    description: 'Tokens issued before the deactivation stay invalid.',
    ok: UserResponseDto,
    problems: [400, 404, 409],
  })
  reactivate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<UserResponseDto> {
    return this.users.reactivate(actor, id);
  }
}

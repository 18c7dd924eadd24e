import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor, StaffRole } from 'src/auth/actor';
import { ApiProblem } from 'src/common/http/api-problems.decorator';

export const IS_PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** No bearer token needed (login, health, the public website endpoints). */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * A protected endpoint in one line: bearer token required, limited to `roles` (any staff role when
 * empty), with the 401/403 problem responses documented.
 */
export function Auth(...roles: StaffRole[]) {
  const who = roles.length ? `Roles: ${roles.join(', ')}.` : 'Any staff role.';
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth('bearer'),
    ApiProblem(401),
    ApiProblem(403, `The role may not do this. ${who}`),
  );
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<Request & { user: Actor }>();
  return request.user;
});

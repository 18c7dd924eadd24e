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
import { Endpoint, IfMatch } from 'src/common/http/endpoint.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { Page } from 'src/common/pagination/cursor';
import {
  CreateStaffCredentialDto,
  ExpiringCredentialPageDto,
  ExpiringCredentialResponseDto,
  ExpiringCredentialsQueryDto,
  RevokeStaffCredentialDto,
  StaffCredentialPageDto,
  StaffCredentialQueryDto,
  StaffCredentialResponseDto,
  UpdateStaffCredentialDto,
} from 'src/staff-credentials/staff-credential.dto';
import { StaffCredentialsService } from 'src/staff-credentials/staff-credentials.service';

const WRITE_RULE =
  'Admins of every clinic the user works at (a credential counts in all of them; else 403 USER_MANAGED_ELSEWHERE). ' +
  'The recording admin is its verifier (verifiedBy, verifiedAt). Audited in each of the admin’s clinics the user works at.';

@ApiTags('staff-credentials')
@Controller('api/v1/users/:id/credentials')
export class StaffCredentialsController {
  constructor(private readonly credentials: StaffCredentialsService) {}

  @Post()
  @Auth(StaffRole.ADMIN)
  @SetsLocation()
  @Endpoint({
    id: 'createStaffCredential',
    summary: 'Record a licence or certification of a staff member',
    description:
      'Licences (`*_licence`) need `identifier` and `issuingState`; ACLS, BLS and PALS need only `expiresOn`. ' +
      '409 CREDENTIAL_DUPLICATE when the user already holds a live one of this kind and number. ' +
      WRITE_RULE,
    created: {
      type: StaffCredentialResponseDto,
      description: 'Created; Location names the new credential',
    },
    problems: [400, 404, 409],
  })
  create(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) userId: string,
    @Body() dto: CreateStaffCredentialDto,
  ): Promise<StaffCredentialResponseDto> {
    return this.credentials.create(actor, userId, dto);
  }

  @Get()
  @Auth()
  @Endpoint({
    id: 'listStaffCredentials',
    summary: 'List a staff member’s credentials (their training)',
    description:
      'Every staff role of a clinic the user works at may read it, so the front desk can answer a patient asking ' +
      'about the staff’s training. Oldest first; revoked ones only with includeRevoked=true. ' +
      'A user of no clinic of the caller’s is 404. Reads are not audited (staff records hold no patient data).',
    ok: StaffCredentialPageDto,
    problems: [400, 404],
  })
  list(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) userId: string,
    @Query() query: StaffCredentialQueryDto,
  ): Promise<Page<StaffCredentialResponseDto>> {
    return this.credentials.list(actor, userId, query);
  }

  @Get(':credentialId')
  @Auth()
  @Endpoint({
    id: 'getStaffCredential',
    summary: 'Get a staff member’s credential',
    description: 'Any staff role of a clinic the user works at; revoked ones too.',
    ok: StaffCredentialResponseDto,
    problems: [400, 404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) userId: string,
    @Param('credentialId', ParseUUIDPipe) id: string,
  ): Promise<StaffCredentialResponseDto> {
    return this.credentials.get(actor, userId, id);
  }

  @Patch(':credentialId')
  @Auth(StaffRole.ADMIN)
  @Endpoint({
    id: 'updateStaffCredential',
    summary: 'Renew or correct a credential',
    description:
      'A renewal sets the new `expiresOn` (and `identifier` when the card number changed). The kind cannot change. ' +
      '409 CREDENTIAL_REVOKED for a revoked one. ' +
      WRITE_RULE,
    ok: StaffCredentialResponseDto,
    problems: [400, 404, 409, 412],
    ifMatch: 'The ETag last read; 412 if the credential has changed since',
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) userId: string,
    @Param('credentialId', ParseUUIDPipe) id: string,
    @Body() dto: UpdateStaffCredentialDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<StaffCredentialResponseDto> {
    return this.credentials.update(actor, userId, id, dto, ifMatch);
  }

  @Post(':credentialId/revoke')
  @HttpCode(200)
  @Auth(StaffRole.ADMIN)
  @Endpoint({
    id: 'revokeStaffCredential',
    summary: 'Revoke a credential',
    description:
      'Entered in error, surrendered or withdrawn: it stays on record with who, when and why, but no longer ' +
      'counts at booking or start. 409 CREDENTIAL_REVOKED if it already is. ' +
      WRITE_RULE,
    ok: StaffCredentialResponseDto,
    problems: [400, 404, 409],
  })
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) userId: string,
    @Param('credentialId', ParseUUIDPipe) id: string,
    @Body() dto: RevokeStaffCredentialDto,
  ): Promise<StaffCredentialResponseDto> {
    return this.credentials.revoke(actor, userId, id, dto);
  }
}

@ApiTags('staff-credentials')
@Controller('api/v1/staff-credentials')
export class ExpiringCredentialsController {
  constructor(private readonly credentials: StaffCredentialsService) {}

  @Get('expiring')
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN)
  @Endpoint({
    id: 'listExpiringStaffCredentials',
    summary: 'Credentials of a clinic’s staff expiring soon or expired',
    description:
      'Live credentials of the clinic’s active staff whose last valid day is at most `withinDays` (default 30) after ' +
      'today in the clinic’s time zone, already expired ones included; soonest first by (expiresOn, id). A credential ' +
      'the person has already renewed (another live one of the same kind valid beyond the window) is left out. ' +
      'A clinic not the caller’s is 404.',
    ok: ExpiringCredentialPageDto,
    problems: [400, 404],
  })
  expiring(
    @CurrentActor() actor: Actor,
    @Query() query: ExpiringCredentialsQueryDto,
  ): Promise<Page<ExpiringCredentialResponseDto>> {
    return this.credentials.expiring(actor, query);
  }
}

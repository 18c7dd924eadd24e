import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, StaffRole } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicsService } from 'src/clinics/clinics.service';
import { addDays, daysBetween, localDate } from 'src/common/domain/calendar';
import { assertVersion } from 'src/common/http/etag';
import { CursorValue, decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';
import { IsCalendarDay } from 'src/common/validation/calendar-date.validator';
import { TransactionService } from 'src/database/transaction.service';
import {
  CreateStaffCredentialDto,
  ExpiringCredentialResponseDto,
  ExpiringCredentialsQueryDto,
  mapStaffCredential,
  RevokeStaffCredentialDto,
  StaffCredentialQueryDto,
  StaffCredentialResponseDto,
  UpdateStaffCredentialDto,
} from 'src/staff-credentials/staff-credential.dto';
import { StaffCredentialEntity } from 'src/staff-credentials/staff-credential.entity';
import {
  StaffCredentialException,
  StaffCredentialExceptionCode,
} from 'src/staff-credentials/staff-credential.exception';
import {
  CredentialShape,
  credentialShapeErrors,
} from 'src/staff-credentials/staff-credential.rules';
import { StaffCredentialsRepository } from 'src/staff-credentials/staff-credentials.repository';
import { StaffMember, UsersService } from 'src/users/users.service';

const RESOURCE = 'StaffCredential';

/**
 * Licences and ACLS/BLS/PALS certifications of staff (§3.3). Credentials belong to the person:
 * everyone sharing a clinic with them reads them (the staff directory's "what training do they
 * have"); an admin of every clinic they work at writes them (a credential counts in all of them).
 * The checks at booking and start are in StaffCredentialChecksService.
 */
@Injectable()
export class StaffCredentialsService {
  constructor(
    private readonly credentials: StaffCredentialsRepository,
    private readonly users: UsersService,
    private readonly clinics: ClinicsService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  /** The recording admin verifies it: they attest to having seen the licence or card. */
  async create(
    actor: Actor,
    userId: string,
    dto: CreateStaffCredentialDto,
  ): Promise<StaffCredentialResponseDto> {
    return this.tx.run(async (manager) => {
      const user = await this.userOrFail(actor, userId, manager);
      this.assertManages(actor, user);
      const shape: CredentialShape = {
        kind: dto.kind,
        identifier: dto.identifier ?? null,
        issuingState: dto.issuingState ?? null,
        issuedOn: dto.issuedOn ?? null,
        expiresOn: dto.expiresOn,
      };
      this.assertShape(shape);
      const credential = await this.credentials.insert(manager, {
        ...shape,
        userId,
        verifiedBy: actor.userId,
        verifiedAt: new Date(),
      });
      await this.record(manager, actor, user, AuditAction.CREATE, credential);
      return mapStaffCredential(credential);
    });
  }

  async list(
    actor: Actor,
    userId: string,
    query: StaffCredentialQueryDto,
  ): Promise<Page<StaffCredentialResponseDto>> {
    await this.userOrFail(actor, userId);
    const rows = await this.credentials.listOfUser(
      userId,
      query.includeRevoked,
      query.limit,
      query.cursor ? decodeCursor(query.cursor, 2, ['timestamp', 'uuid']) : undefined,
    );
    return toPage(rows, query.limit, mapStaffCredential, (c) => [c.createdAt.toISOString(), c.id]);
  }

  async get(actor: Actor, userId: string, id: string): Promise<StaffCredentialResponseDto> {
    await this.userOrFail(actor, userId);
    return mapStaffCredential(await this.credentialOrFail(userId, id));
  }

  /** A renewal (new expiry, perhaps a new card number) or a correction; re-verified by the admin. */
  async update(
    actor: Actor,
    userId: string,
    id: string,
    dto: UpdateStaffCredentialDto,
    expectedVersion?: number,
  ): Promise<StaffCredentialResponseDto> {
    return this.tx.run(async (manager) => {
      const user = await this.userOrFail(actor, userId, manager);
      this.assertManages(actor, user);
      const credential = await this.credentialOrFail(userId, id, manager);
      assertVersion(credential, expectedVersion, 'Credential');
      this.assertLive(credential);
      if (dto.identifier !== undefined) credential.identifier = dto.identifier;
      if (dto.issuingState !== undefined) credential.issuingState = dto.issuingState;
      if (dto.issuedOn !== undefined) credential.issuedOn = dto.issuedOn;
      if (dto.expiresOn !== undefined) credential.expiresOn = dto.expiresOn;
      this.assertShape(credential);
      Object.assign(credential, { verifiedBy: actor.userId, verifiedAt: new Date() });
      const saved = await this.credentials.save(manager, credential);
      await this.record(manager, actor, user, AuditAction.UPDATE, saved, undefined, {
        fields: Object.keys(dto),
      });
      return mapStaffCredential(saved);
    });
  }

  /** It stays on record (who, when, why) but no longer counts, and its number may be recorded again. */
  async revoke(
    actor: Actor,
    userId: string,
    id: string,
    dto: RevokeStaffCredentialDto,
  ): Promise<StaffCredentialResponseDto> {
    return this.tx.run(async (manager) => {
      const user = await this.userOrFail(actor, userId, manager);
      this.assertManages(actor, user);
      const credential = await this.credentialOrFail(userId, id, manager);
      this.assertLive(credential);
      Object.assign(credential, {
        revokedAt: new Date(),
        revokedBy: actor.userId,
        revokeReason: dto.reason,
      });
      const saved = await this.credentials.save(manager, credential);
      await this.record(manager, actor, user, AuditAction.ACTION, saved, 'revoke');
      return mapStaffCredential(saved);
    });
  }

  /**
   * Live credentials of the clinic's active staff whose last valid day is within `withinDays` of
   * today in the clinic's calendar, or already past, soonest first; renewed ones are left out.
   */
  async expiring(
    actor: Actor,
    query: ExpiringCredentialsQueryDto,
  ): Promise<Page<ExpiringCredentialResponseDto>> {
    this.clinics.assertMember(actor, query.clinicId);
    const today = localDate(new Date(), await this.clinics.timezoneOf(query.clinicId));
    const staff = new Map(
      (await this.users.activeStaffOf(query.clinicId)).map((s) => [s.id, s] as const),
    );
    const rows = await this.credentials.expiringOf(
      [...staff.keys()],
      addDays(today, query.withinDays),
      query.limit,
      query.cursor ? this.expiryCursor(query.cursor) : undefined,
    );
    return toPage(
      rows,
      query.limit,
      (c) => ({
        ...mapStaffCredential(c),
        userFullName: staff.get(c.userId)?.fullName ?? '',
        userRole: staff.get(c.userId)?.role ?? StaffRole.NURSE,
        daysUntilExpiry: daysBetween(today, c.expiresOn),
      }),
      (c) => [c.expiresOn, c.id],
    );
  }

  /** Someone the caller shares a clinic with, or the caller; anyone else is "not found". */
  private async userOrFail(
    actor: Actor,
    userId: string,
    manager?: EntityManager,
  ): Promise<StaffMember> {
    const user = await this.users.staffMember(userId, manager);
    if (
      !user ||
      (user.id !== actor.userId && !user.clinicIds.some((c) => actor.clinicIds.includes(c)))
    ) {
      throw StaffCredentialException.userNotFound();
    }
    return user;
  }

  /** A credential counts in every clinic the person works at: only an admin of all of them writes it. */
  private assertManages(actor: Actor, user: StaffMember): void {
    if (user.clinicIds.some((c) => !actor.clinicIds.includes(c))) {
      throw new StaffCredentialException(
        StaffCredentialExceptionCode.USER_MANAGED_ELSEWHERE,
        'This user also works at clinics you do not administer; an admin of all of them records their credentials',
      );
    }
  }

  private async credentialOrFail(
    userId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<StaffCredentialEntity> {
    const credential = await this.credentials.findOfUser(userId, id, manager, !!manager);
    if (!credential) {
      throw StaffCredentialException.notFound();
    }
    return credential;
  }

  private assertLive(credential: StaffCredentialEntity): void {
    if (credential.revokedAt) {
      throw new StaffCredentialException(
        StaffCredentialExceptionCode.CREDENTIAL_REVOKED,
        'The credential is revoked; record a new one instead',
      );
    }
  }

  private assertShape(credential: CredentialShape): void {
    const errors = credentialShapeErrors(credential);
    if (errors.length > 0) {
      throw new CommonException(
        CommonExceptionCode.VALIDATION_FAILED,
        errors.map((e) => e.message).join('; '),
        { errors },
      );
    }
  }

  private expiryCursor(cursor: string): CursorValue[] {
    const after = decodeCursor(cursor, 2, ['string', 'uuid']);
    if (!new IsCalendarDay().validate(after[0])) {
      throw new CommonException(
        CommonExceptionCode.INVALID_CURSOR,
        'cursor is not one this API issued',
        { errors: [{ field: 'cursor', message: 'cursor is not one this API issued' }] },
      );
    }
    return after;
  }

  /**
   * One event per clinic (of the admin's) the person works at, so each clinic's trail shows what
   * was recorded about its staff. Details name the person and the kind, never the number.
   */
  private async record(
    manager: EntityManager,
    actor: Actor,
    user: StaffMember,
    action: AuditAction,
    credential: StaffCredentialEntity,
    actionName?: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const clinics = user.clinicIds.filter((c) => actor.clinicIds.includes(c));
    for (const clinicId of clinics.length > 0 ? clinics : [null]) {
      await this.audit.record(
        actor,
        {
          action,
          actionName,
          resourceType: RESOURCE,
          resourceId: credential.id,
          clinicId,
          details: { userId: user.id, kind: credential.kind, ...details },
        },
        manager,
      );
    }
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, StaffRole } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { assertVersion } from 'src/common/http/etag';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { ClinicsService } from 'src/clinics/clinics.service';
import { TransactionService } from 'src/database/transaction.service';
import { PasswordHasher } from 'src/users/password-hasher';
import { PasswordPolicy } from 'src/users/password-policy';
import {
  CreateUserDto,
  mapUser,
  UpdateUserDto,
  UserQueryDto,
  UserResponseDto,
} from 'src/users/user.dto';
import { UserException, UserExceptionCode } from 'src/users/user.exception';
import { UserEntity } from 'src/users/user.entity';
import { UsersRepository, UserWithClinics } from 'src/users/users.repository';

/** What other modules may know of an account: no email, no secrets. */
export interface StaffMember {
  id: string;
  fullName: string;
  role: StaffRole;
  active: boolean;
  clinicIds: string[];
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly passwords: PasswordPolicy,
    private readonly clinics: ClinicsService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateUserDto): Promise<UserResponseDto> {
    this.assertOwnClinics(actor, dto.clinicIds);
    await this.assertAcceptablePassword(dto.password, dto.email, [dto.fullName], dto.clinicIds);
    const passwordHash = await this.hasher.hash(dto.password);
    return this.tx.run(async (manager) => {
      const user = await this.users.insert(manager, {
        email: dto.email.toLowerCase(),
        fullName: dto.fullName,
        role: dto.role,
        passwordHash,
      });
      await this.users.replaceClinics(manager, user.id, dto.clinicIds);
      await this.auditUser(manager, actor, user.id, dto.clinicIds, AuditAction.CREATE, {
        role: dto.role,
      });
      return mapUser(await this.getOrFail(actor, user.id, manager));
    });
  }

  /** The active user with this email and password, or null; as slow for a miss as for a hit. */
  /**
   * The user when the password is right and the account active; otherwise, for a known email, the
   * account and why it was refused (the refusal is audited against it), or nothing.
   */
  async verifyCredentials(
    email: string,
    password: string,
  ): Promise<
    | { user: UserWithClinics }
    | {
        user: null;
        refused: { account: UserWithClinics; reason: 'wrong_password' | 'inactive' } | null;
      }
  > {
    const user = await this.users.findByEmail(email);
    const ok = await this.hasher.verify(user?.passwordHash, password);
    if (user && ok && user.active) {
      return { user };
    }
    if (!user) {
      return { user: null, refused: null };
    }
    return { user: null, refused: { account: user, reason: ok ? 'inactive' : 'wrong_password' } };
  }

  /** For other modules: whether the user is an active account with `role` in `clinicId`. */
  async hasActiveRoleIn(
    userId: string,
    role: UserEntity['role'],
    clinicId: string,
    manager?: EntityManager,
  ): Promise<boolean> {
    const user = await this.users.findById(userId, manager);
    return !!user && user.active && user.role === role && user.clinicIds.includes(clinicId);
  }

  /** Role, clinics and status as they are now, for the request being authenticated. */
  findActorRow(id: string) {
    return this.users.findActorRow(id);
  }

  async list(actor: Actor, query: UserQueryDto): Promise<Page<UserResponseDto>> {
    const rows = await this.users.list({
      visibleToClinicIds: actor.clinicIds,
      includeInactive: query.includeInactive,
      after: query.cursor ? decodeCursor(query.cursor, 2, ['timestamp', 'uuid']) : undefined,
      limit: query.limit,
    });
    return toPage(
      rows,
      query.limit,
      (u) => mapUser(u, actor),
      (u) => [u.createdAt.toISOString(), u.id],
    );
  }

  async get(actor: Actor, id: string): Promise<UserResponseDto> {
    return mapUser(await this.getOrFail(actor, id), actor);
  }

  async update(
    actor: Actor,
    id: string,
    dto: UpdateUserDto,
    expectedVersion?: number,
  ): Promise<UserResponseDto> {
    if (dto.clinicIds) {
      this.assertOwnClinics(actor, dto.clinicIds);
    }
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : undefined;
    return this.tx.run(async (manager) => {
      const user = await this.getOrFail(actor, id, manager, true);
      assertVersion(user, expectedVersion, 'User');
      if (dto.fullName !== undefined || dto.role !== undefined || dto.password !== undefined) {
        this.assertFullyManaged(actor, user);
      }
      if (dto.password !== undefined) {
        // Judged against the name the account will have and the one it had.
        await this.assertAcceptablePassword(
          dto.password,
          user.email,
          [user.fullName, ...(dto.fullName === undefined ? [] : [dto.fullName])],
          [...user.clinicIds, ...(dto.clinicIds ?? [])],
          manager,
        );
      }
      const clinicsBefore = [...user.clinicIds];
      if (dto.fullName !== undefined) user.fullName = dto.fullName;
      if (dto.role !== undefined) user.role = dto.role;
      if (passwordHash) {
        user.passwordHash = passwordHash;
        user.tokensValidAfter = new Date();
      }
      if (dto.clinicIds) {
        // Memberships in clinics the admin does not manage are kept. Touching updatedAt makes the
        // row change too, so the version (the ETag) moves with the memberships.
        const kept = user.clinicIds.filter((c) => !actor.clinicIds.includes(c));
        const clinicIds = [...new Set([...kept, ...dto.clinicIds])];
        if (clinicIds.length === 0) {
          // A user of no clinic could see nothing and no admin could manage them: deactivate instead.
          throw new UserException(
            UserExceptionCode.CLINIC_REQUIRED,
            'A user must belong to at least one clinic; deactivate the account instead',
            {
              errors: [
                {
                  field: 'clinicIds',
                  message: 'clinicIds must leave the user at least one clinic',
                },
              ],
            },
          );
        }
        user.clinicIds = clinicIds;
        await this.users.replaceClinics(manager, id, user.clinicIds);
        user.updatedAt = new Date();
      }
      await this.users.save(manager, user);
      const fields = Object.keys(dto)
        .filter((k) => k !== 'password')
        .concat(dto.password ? ['passwordReset'] : []);
      await this.auditUser(
        manager,
        actor,
        id,
        [...clinicsBefore, ...user.clinicIds],
        AuditAction.UPDATE,
        { fields },
      );
      // Not re-read through getOrFail: an admin who just removed the user from their clinics may no
      // longer see them, and the change must still be answered.
      return mapUser(user, actor);
    });
  }

  async deactivate(actor: Actor, id: string): Promise<UserResponseDto> {
    if (id === actor.userId) {
      throw new UserException(
        UserExceptionCode.CANNOT_DEACTIVATE_SELF,
        'An admin cannot deactivate their own account',
      );
    }
    return this.tx.run(async (manager) => {
      const user = await this.getOrFail(actor, id, manager, true);
      this.assertFullyManaged(actor, user);
      if (!user.active) {
        throw new UserException(
          UserExceptionCode.USER_ALREADY_INACTIVE,
          'The user is already deactivated',
        );
      }
      const now = new Date();
      Object.assign(user, {
        active: false,
        deactivatedAt: now,
        deactivatedBy: actor.userId,
        tokensValidAfter: now,
      });
      await this.users.save(manager, user);
      await this.auditUser(
        manager,
        actor,
        id,
        user.clinicIds,
        AuditAction.ACTION,
        undefined,
        'deactivate',
      );
      return mapUser(user, actor);
    });
  }

  async reactivate(actor: Actor, id: string): Promise<UserResponseDto> {
    return this.tx.run(async (manager) => {
      const user = await this.getOrFail(actor, id, manager, true);
      this.assertFullyManaged(actor, user);
      if (user.active) {
        throw new UserException(
          UserExceptionCode.USER_ALREADY_ACTIVE,
          'The user is already active',
        );
      }
      Object.assign(user, { active: true, deactivatedAt: null, deactivatedBy: null });
      await this.users.save(manager, user);
      await this.auditUser(
        manager,
        actor,
        id,
        user.clinicIds,
        AuditAction.ACTION,
        undefined,
        'reactivate',
      );
      return mapUser(user, actor);
    });
  }

  /**
   * For other modules: the role of an active staff member of the clinic, or null (unknown user,
   * deactivated, or not a member). Used to check prescribers and witnesses.
   */
  async activeRoleIn(
    userId: string,
    clinicId: string,
    manager?: EntityManager,
  ): Promise<StaffRole | null> {
    const user = await this.users.findById(userId, manager);
    return user?.active && user.clinicIds.includes(clinicId) ? user.role : null;
  }

  /** For other modules: the account's name, role, status and clinics, or null when unknown. */
  async staffMember(userId: string, manager?: EntityManager): Promise<StaffMember | null> {
    const user = await this.users.findById(userId, manager);
    return user
      ? {
          id: user.id,
          fullName: user.fullName,
          role: user.role,
          active: user.active,
          clinicIds: user.clinicIds,
        }
      : null;
  }

  /** For other modules: the active staff of a clinic, of the given roles (every role when omitted). */
  activeStaffOf(
    clinicId: string,
    roles?: StaffRole[],
    manager?: EntityManager,
  ): Promise<Omit<StaffMember, 'clinicIds'>[]> {
    return this.users.activeMembersOf(clinicId, roles ?? null, manager);
  }

  /** Staff the admin shares a clinic with, or the admin themself; anyone else is "not found". */
  private async getOrFail(
    actor: Actor,
    id: string,
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<UserWithClinics> {
    const user = await this.users.findById(id, manager, forUpdate);
    if (
      !user ||
      (user.id !== actor.userId && !user.clinicIds.some((c) => actor.clinicIds.includes(c)))
    ) {
      throw new UserException(UserExceptionCode.USER_NOT_FOUND, 'User not found');
    }
    return user;
  }

  /**
   * Name, role, password and status are global to the account: only an admin of every clinic the user
   * works at may change them, so no clinic's admin can take over staff (or admins) of another clinic.
   */
  private assertFullyManaged(actor: Actor, user: UserWithClinics): void {
    if (user.id !== actor.userId && user.clinicIds.some((c) => !actor.clinicIds.includes(c))) {
      throw new UserException(
        UserExceptionCode.USER_MANAGED_ELSEWHERE,
        'This user also works at clinics you do not administer; only their clinic memberships in your clinics can be changed',
      );
    }
  }

  /** NIST SP 800-63B blocklist and context words: 400 WEAK_PASSWORD naming why. */
  private async assertAcceptablePassword(
    password: string,
    email: string,
    names: string[],
    clinicIds: string[],
    manager?: EntityManager,
  ): Promise<void> {
    const serviceWords = await this.clinics.namesAndCodesOf([...new Set(clinicIds)], manager);
    this.passwords.assertAcceptable(password, { email, names, serviceWords });
  }

  private assertOwnClinics(actor: Actor, clinicIds: string[]): void {
    const foreign = clinicIds.find((c) => !actor.clinicIds.includes(c));
    if (foreign) {
      throw new UserException(UserExceptionCode.CLINIC_NOT_FOUND, `Clinic ${foreign} not found`);
    }
  }

  /**
   * One event per clinic (of the admin's) the account change concerns, so each clinic's trail shows
   * what was done to its staff and no other clinic's admins see it.
   */
  private async auditUser(
    manager: EntityManager,
    actor: Actor,
    userId: string,
    userClinicIds: string[],
    action: AuditAction,
    details?: Record<string, unknown>,
    actionName?: string,
  ): Promise<void> {
    const clinics = [...new Set(userClinicIds)].filter((c) => actor.clinicIds.includes(c));
    for (const clinicId of clinics.length > 0 ? clinics : [null]) {
      await this.audit.record(
        actor,
        { action, actionName, resourceType: 'User', resourceId: userId, clinicId, details },
        manager,
      );
    }
  }
}

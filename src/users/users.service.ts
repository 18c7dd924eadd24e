import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, StaffRole } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { assertVersion } from 'src/common/http/etag';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { TransactionService } from 'src/database/transaction.service';
import { PasswordHasher } from 'src/users/password-hasher';
import {
  CreateUserDto,
  mapUser,
  UpdateUserDto,
  UserQueryDto,
  UserResponseDto,
} from 'src/users/user.dto';
import { UserException, UserExceptionCode } from 'src/users/user.exception';
import { UsersRepository, UserWithClinics } from 'src/users/users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateUserDto): Promise<UserResponseDto> {
    this.assertOwnClinics(actor, dto.clinicIds);
    const passwordHash = await this.hasher.hash(dto.password);
    return this.tx.run(async (manager) => {
      const user = await this.users.insert(manager, {
        email: dto.email.toLowerCase(),
        fullName: dto.fullName,
        role: dto.role,
        passwordHash,
      });
      await this.users.replaceClinics(manager, user.id, dto.clinicIds);
      await this.auditUser(manager, actor, user.id, AuditAction.CREATE, { role: dto.role });
      return mapUser(await this.getOrFail(actor, user.id, manager));
    });
  }

  /** The active user with this email and password, or null; as slow for a miss as for a hit. */
  async verifyCredentials(email: string, password: string): Promise<UserWithClinics | null> {
    const user = await this.users.findByEmail(email);
    const ok = await this.hasher.verify(user?.passwordHash, password);
    return ok && user?.active ? user : null;
  }

  /** Role, clinics and status as they are now, for the request being authenticated. */
  findActorRow(id: string) {
    return this.users.findActorRow(id);
  }

  async list(actor: Actor, query: UserQueryDto): Promise<Page<UserResponseDto>> {
    const rows = await this.users.list({
      visibleToClinicIds: actor.clinicIds,
      includeInactive: query.includeInactive,
      after: query.cursor ? decodeCursor(query.cursor, 2) : undefined,
      limit: query.limit,
    });
    return toPage(rows, query.limit, mapUser, (u) => [u.createdAt.toISOString(), u.id]);
  }

  async get(actor: Actor, id: string): Promise<UserResponseDto> {
    return mapUser(await this.getOrFail(actor, id));
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
      if (dto.fullName !== undefined) user.fullName = dto.fullName;
      if (dto.role !== undefined) user.role = dto.role;
      if (passwordHash) {
        user.passwordHash = passwordHash;
        user.tokensValidAfter = new Date();
      }
      await this.users.save(manager, user);
      if (dto.clinicIds) {
        // Memberships in clinics the admin does not manage are kept.
        const kept = user.clinicIds.filter((c) => !actor.clinicIds.includes(c));
        await this.users.replaceClinics(manager, id, [...new Set([...kept, ...dto.clinicIds])]);
      }
      const fields = Object.keys(dto)
        .filter((k) => k !== 'password')
        .concat(dto.password ? ['passwordReset'] : []);
      await this.auditUser(manager, actor, id, AuditAction.UPDATE, { fields });
      return mapUser(await this.getOrFail(actor, id, manager));
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
      await this.auditUser(manager, actor, id, AuditAction.ACTION, undefined, 'deactivate');
      return mapUser(user);
    });
  }

  async reactivate(actor: Actor, id: string): Promise<UserResponseDto> {
    return this.tx.run(async (manager) => {
      const user = await this.getOrFail(actor, id, manager, true);
      if (user.active) {
        throw new UserException(
          UserExceptionCode.USER_ALREADY_ACTIVE,
          'The user is already active',
        );
      }
      Object.assign(user, { active: true, deactivatedAt: null, deactivatedBy: null });
      await this.users.save(manager, user);
      await this.auditUser(manager, actor, id, AuditAction.ACTION, undefined, 'reactivate');
      return mapUser(user);
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

  private assertOwnClinics(actor: Actor, clinicIds: string[]): void {
    const foreign = clinicIds.find((c) => !actor.clinicIds.includes(c));
    if (foreign) {
      throw new UserException(UserExceptionCode.CLINIC_NOT_FOUND, `Clinic ${foreign} not found`);
    }
  }

  private auditUser(
    manager: EntityManager,
    actor: Actor,
    userId: string,
    action: AuditAction,
    details?: Record<string, unknown>,
    actionName?: string,
  ) {
    return this.audit.record(
      actor,
      { action, actionName, resourceType: 'User', resourceId: userId, clinicId: null, details },
      manager,
    );
  }
}

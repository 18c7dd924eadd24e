import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import { SqlService, Statement } from 'src/database/sql.service';
import { UserEntity } from 'src/users/user.entity';

export type UserWithClinics = UserEntity & { clinicIds: string[] };

export interface UserListFilter {
  /** Only users who share one of these clinics (an admin sees the staff of their own clinics). */
  visibleToClinicIds: string[];
  includeInactive: boolean;
  after?: CursorValue[];
  limit: number;
}

/** The actor behind a token, read fresh on every request (also run by the benchmark's floor). */
export function actorRowStatement(id: string): Statement {
  return {
    text: `SELECT u.id, u.email, u.role, u.active, u.tokens_valid_after,
                COALESCE(array_agg(uc.clinic_id) FILTER (WHERE uc.clinic_id IS NOT NULL), '{}') AS clinic_ids
           FROM users u LEFT JOIN user_clinics uc ON uc.user_id = u.id
          WHERE u.id = $1
          GROUP BY u.id`,
    values: [id],
  };
}

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly sql: SqlService,
  ) {}

  private repo(manager?: EntityManager): Repository<UserEntity> {
    return manager ? manager.getRepository(UserEntity) : this.users;
  }

  async count(manager?: EntityManager): Promise<number> {
    return this.repo(manager).count();
  }

  async findByEmail(email: string): Promise<UserWithClinics | null> {
    const user = await this.users
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
    return user ? this.withClinics(user) : null;
  }

  /** With `forUpdate` (inside a transaction) the row stays locked until commit. */
  async findById(
    id: string,
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<UserWithClinics | null> {
    const user = await this.repo(manager).findOne({
      where: { id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return user ? this.withClinics(user, manager) : null;
  }

  /** The per-request lookup behind every authenticated call: one round trip, straight on the pool. */
  async findActorRow(id: string): Promise<{
    id: string;
    email: string;
    role: UserEntity['role'];
    active: boolean;
    tokensValidAfter: Date | null;
    clinicIds: string[];
  } | null> {
    const rows: {
      id: string;
      email: string;
      role: UserEntity['role'];
      active: boolean;
      tokens_valid_after: Date | null;
      clinic_ids: string[];
    }[] = await this.sql.rows(actorRowStatement(id));
    const row = rows[0];
    return row
      ? {
          id: row.id,
          email: row.email,
          role: row.role,
          active: row.active,
          tokensValidAfter: row.tokens_valid_after,
          clinicIds: row.clinic_ids,
        }
      : null;
  }

  async list(filter: UserListFilter): Promise<UserWithClinics[]> {
    const qb = this.users
      .createQueryBuilder('u')
      .where(
        'EXISTS (SELECT 1 FROM user_clinics uc WHERE uc.user_id = u.id AND uc.clinic_id = ANY(:clinics))',
        {
          clinics: filter.visibleToClinicIds,
        },
      )
      .orderBy('u.created_at', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(filter.limit + 1);
    if (!filter.includeInactive) {
      qb.andWhere('u.active');
    }
    if (filter.after) {
      qb.andWhere('(u.created_at, u.id) > (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: filter.after[0],
        afterId: filter.after[1],
      });
    }
    const users = await qb.getMany();
    const clinicsByUser = await this.clinicIdsFor(users.map((u) => u.id));
    return users.map((u) => Object.assign(u, { clinicIds: clinicsByUser.get(u.id) ?? [] }));
  }

  /** Active members of a clinic, optionally only some roles, by name. */
  async activeMembersOf(
    clinicId: string,
    roles: UserEntity['role'][] | null,
    manager?: EntityManager,
  ): Promise<{ id: string; fullName: string; role: UserEntity['role']; active: boolean }[]> {
    const rows: { id: string; full_name: string; role: UserEntity['role'] }[] = await (
      manager ?? this.users.manager
    ).query(
      `SELECT u.id, u.full_name, u.role
         FROM users u JOIN user_clinics uc ON uc.user_id = u.id
        WHERE uc.clinic_id = $1 AND u.active AND ($2::staff_role[] IS NULL OR u.role = ANY($2))
        ORDER BY u.full_name, u.id`,
      [clinicId, roles],
    );
    return rows.map((r) => ({ id: r.id, fullName: r.full_name, role: r.role, active: true }));
  }

  async insert(manager: EntityManager, user: Partial<UserEntity>): Promise<UserEntity> {
    return this.repo(manager).save(this.repo(manager).create(user));
  }

  async save(manager: EntityManager, user: UserEntity): Promise<UserEntity> {
    return this.repo(manager).save(user);
  }

  async replaceClinics(manager: EntityManager, userId: string, clinicIds: string[]): Promise<void> {
    await manager.query(
      'DELETE FROM user_clinics WHERE user_id = $1 AND NOT (clinic_id = ANY($2::uuid[]))',
      [userId, clinicIds],
    );
    if (clinicIds.length > 0) {
      await manager.query(
        `INSERT INTO user_clinics (user_id, clinic_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [userId, clinicIds],
      );
    }
  }

  async addClinic(manager: EntityManager, userId: string, clinicId: string): Promise<void> {
    await manager.query(
      'INSERT INTO user_clinics (user_id, clinic_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [userId, clinicId],
    );
  }

  private async withClinics(user: UserEntity, manager?: EntityManager): Promise<UserWithClinics> {
    const map = await this.clinicIdsFor([user.id], manager);
    return Object.assign(user, { clinicIds: map.get(user.id) ?? [] });
  }

  private async clinicIdsFor(
    userIds: string[],
    manager?: EntityManager,
  ): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (userIds.length === 0) {
      return map;
    }
    const rows: { user_id: string; clinic_ids: string[] }[] = await (
      manager ?? this.users.manager
    ).query(
      'SELECT user_id, array_agg(clinic_id ORDER BY clinic_id) AS clinic_ids FROM user_clinics WHERE user_id = ANY($1::uuid[]) GROUP BY user_id',
      [userIds],
    );
    rows.forEach((r) => map.set(r.user_id, r.clinic_ids));
    return map;
  }
}

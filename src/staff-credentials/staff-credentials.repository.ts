import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CredentialKind } from 'src/common/domain/credential-kind';
import { CursorValue } from 'src/common/pagination/cursor';
import { StaffCredentialEntity } from 'src/staff-credentials/staff-credential.entity';

@Injectable()
export class StaffCredentialsRepository {
  constructor(
    @InjectRepository(StaffCredentialEntity)
    private readonly credentials: Repository<StaffCredentialEntity>,
  ) {}

  private repo(manager?: EntityManager): Repository<StaffCredentialEntity> {
    return manager ? manager.getRepository(StaffCredentialEntity) : this.credentials;
  }

  /** With `forUpdate` (inside a transaction) the row stays locked until commit. */
  async findOfUser(
    userId: string,
    id: string,
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<StaffCredentialEntity | null> {
    return this.repo(manager).findOne({
      where: { id, userId },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** A person's credentials, keyset over (created_at, id). */
  async listOfUser(
    userId: string,
    includeRevoked: boolean,
    limit: number,
    after?: CursorValue[],
  ): Promise<StaffCredentialEntity[]> {
    const qb = this.credentials.createQueryBuilder('c').where('c.user_id = :userId', { userId });
    if (!includeRevoked) {
      qb.andWhere('c.revoked_at IS NULL');
    }
    if (after) {
      qb.andWhere('(c.created_at, c.id) > (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: after[0],
        afterId: after[1],
      });
    }
    return qb
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1)
      .getMany();
  }

  /** The live (not revoked) credentials of these people, of these kinds, for the checks. */
  async liveOfUsers(
    userIds: string[],
    kinds: CredentialKind[],
    manager?: EntityManager,
  ): Promise<{ userId: string; kind: CredentialKind; expiresOn: string }[]> {
    if (userIds.length === 0 || kinds.length === 0) {
      return [];
    }
    const rows: { user_id: string; kind: CredentialKind; expires_on: string }[] = await (
      manager ?? this.credentials.manager
    ).query(
      `SELECT user_id, kind, expires_on FROM staff_credentials
        WHERE user_id = ANY($1::uuid[]) AND kind = ANY($2::credential_kind[]) AND revoked_at IS NULL`,
      [userIds, kinds],
    );
    return rows.map((r) => ({ userId: r.user_id, kind: r.kind, expiresOn: r.expires_on }));
  }

  /**
   * Live credentials of these people whose last valid day is on or before `through`, keyset over
   * (expires_on, id). One the person has already renewed (a live credential of the same kind valid
   * beyond `through`) needs no action and is left out.
   */
  async expiringOf(
    userIds: string[],
    through: string,
    limit: number,
    after?: CursorValue[],
  ): Promise<StaffCredentialEntity[]> {
    if (userIds.length === 0) {
      return [];
    }
    const qb = this.credentials
      .createQueryBuilder('c')
      .where('c.user_id = ANY(:userIds::uuid[])', { userIds })
      .andWhere('c.revoked_at IS NULL')
      .andWhere('c.expires_on <= :through::date', { through })
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM staff_credentials r
                      WHERE r.user_id = c.user_id AND r.kind = c.kind AND r.revoked_at IS NULL
                        AND r.expires_on > :through::date)`,
      );
    if (after) {
      qb.andWhere('(c.expires_on, c.id) > (:afterOn::date, :afterId::uuid)', {
        afterOn: after[0],
        afterId: after[1],
      });
    }
    return qb
      .orderBy('c.expires_on', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(limit + 1)
      .getMany();
  }

  async insert(
    manager: EntityManager,
    credential: Partial<StaffCredentialEntity>,
  ): Promise<StaffCredentialEntity> {
    return this.repo(manager).save(this.repo(manager).create(credential));
  }

  async save(
    manager: EntityManager,
    credential: StaffCredentialEntity,
  ): Promise<StaffCredentialEntity> {
    return this.repo(manager).save(credential);
  }
}

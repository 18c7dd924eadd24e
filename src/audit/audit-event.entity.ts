import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

export enum AuditAction {
  CREATE = 'create',
  READ = 'read',
  LIST = 'list',
  UPDATE = 'update',
  ARCHIVE = 'archive',
  RESTORE = 'restore',
  ACTION = 'action',
  LOGIN = 'login',
}

/** How the access ended: refused access to patient data is audited too (401, 403, 404). */
export enum AuditOutcome {
  SUCCESS = 'success',
  UNAUTHENTICATED = 'unauthenticated',
  FORBIDDEN = 'forbidden',
  NOT_FOUND = 'not_found',
}

/** Append-only: a trigger in the schema refuses UPDATE and DELETE on this table. */
@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Null only for events that belong to no clinic (a login, an admin action on a staff account). */
  @Column('uuid', { nullable: true })
  clinicId!: string | null;

  @Column('uuid', { nullable: true })
  actorId!: string | null;

  @Column('text', { nullable: true })
  actorRole!: string | null;

  @Column({ type: 'enum', enum: AuditAction, enumName: 'audit_action' })
  action!: AuditAction;

  /** For ACTION events, what was done (e.g. `deactivate`, `activate`); otherwise null. */
  @Column('text', { nullable: true })
  actionName!: string | null;

  @Column('text')
  resourceType!: string;

  @Column({
    type: 'enum',
    enum: AuditOutcome,
    enumName: 'audit_outcome',
    default: AuditOutcome.SUCCESS,
  })
  outcome!: AuditOutcome;

  @Column('uuid', { nullable: true })
  resourceId!: string | null;

  /** The records a LIST returned. */
  @Column('uuid', { array: true, nullable: true })
  resourceIds!: string[] | null;

  @Column('text', { nullable: true })
  requestId!: string | null;

  @Column('inet', { nullable: true })
  clientIp!: string | null;

  /** Names of changed fields and similar; never field values (no patient data). */
  @Column('jsonb', { nullable: true })
  details!: Record<string, unknown> | null;

  /** Millisecond precision: it is the keyset cursor of the list (see the migration 1763700050000). */
  @Column({ type: 'timestamptz', precision: 3, default: () => 'clock_timestamp()' })
  occurredAt!: Date;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

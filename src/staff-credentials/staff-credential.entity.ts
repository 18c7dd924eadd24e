import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { CredentialKind } from 'src/common/domain/credential-kind';

/**
 * A licence or certification a staff member holds (migration 1763700510000). It belongs to the
 * person, not to a clinic: every clinic the user works at sees it and checks it.
 */
@Entity('staff_credentials')
export class StaffCredentialEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  userId!: string;

  @Column({ type: 'enum', enum: CredentialKind, enumName: 'credential_kind' })
  kind!: CredentialKind;

  /** Licence or card number; required for licences. */
  @Column('text', { nullable: true })
  identifier!: string | null;

  /** USPS code of the issuing state; required for licences. */
  @Column('text', { nullable: true })
  issuingState!: string | null;

  /** DATE columns are 'YYYY-MM-DD' strings (src/database/data-source-options.ts). */
  @Column('date', { nullable: true })
  issuedOn!: string | null;

  /** Valid through this day, inclusive. */
  @Column('date')
  expiresOn!: string;

  @Column('uuid', { nullable: true })
  verifiedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  verifiedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;

  @Column('uuid', { nullable: true })
  revokedBy!: string | null;

  @Column('text', { nullable: true })
  revokeReason!: string | null;

  @VersionColumn()
  version!: number;

  /** Millisecond precision: it is the keyset cursor of a user's list. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

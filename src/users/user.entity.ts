import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { StaffRole } from 'src/auth/actor';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  email!: string;

  @Column('text')
  passwordHash!: string;

  @Column('text')
  fullName!: string;

  @Column({ type: 'enum', enum: StaffRole, enumName: 'staff_role' })
  role!: StaffRole;

  @Column('boolean', { default: true })
  active!: boolean;

  @Column('timestamptz', { nullable: true })
  deactivatedAt!: Date | null;

  @Column('uuid', { nullable: true })
  deactivatedBy!: string | null;

  /** Tokens issued before this instant are refused (set on deactivation and password change). */
  @Column('timestamptz', { nullable: true })
  tokensValidAfter!: Date | null;

  @VersionColumn()
  version!: number;

  /** Millisecond precision: it is the keyset cursor of the list (see the migration 1763700050000). */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

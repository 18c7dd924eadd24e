import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

export enum ConsentKind {
  /** Informed consent to off-label IV ketamine treatment (ketamine-clinic.md: intro, §2.4). */
  KETAMINE_INFUSION_OFF_LABEL = 'ketamine_infusion_off_label',
  TELEHEALTH = 'telehealth',
  DATA_SHARING = 'data_sharing',
}

/** A signed consent of the patient, witnessed by a staff member; revoked, never deleted. */
@Entity('consents')
export class ConsentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  patientId!: string;

  @Column('text')
  kind!: ConsentKind;

  @Column('timestamptz')
  signedAt!: Date;

  @Column('timestamptz', { nullable: true })
  expiresAt!: Date | null;

  @Column('boolean')
  signedByPatient!: boolean;

  @Column('uuid')
  witnessedBy!: string;

  @Column('text', { nullable: true })
  documentReference!: string | null;

  @Column('uuid')
  recordedBy!: string;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;

  @Column('uuid', { nullable: true })
  revokedBy!: string | null;

  @Column('text', { nullable: true })
  revocationReason!: string | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

export enum SexAtBirth {
  FEMALE = 'female',
  MALE = 'male',
  INTERSEX = 'intersex',
  UNKNOWN = 'unknown',
}

export interface PatientAddress {
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  country: string;
}

export interface EmergencyContact {
  name: string;
  relationship?: string;
  phone: string;
}

const decimal = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

@Entity('patients')
export class PatientEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  /** Medical record number, unique within the clinic. */
  @Column('text')
  mrn!: string;

  @Column('text')
  firstName!: string;

  @Column('text')
  lastName!: string;

  @Column('text', { nullable: true })
  preferredName!: string | null;

  @Column('date')
  dateOfBirth!: string;

  @Column({ type: 'enum', enum: SexAtBirth, enumName: 'sex_at_birth' })
  sexAtBirth!: SexAtBirth;

  @Column('text', { nullable: true })
  genderIdentity!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text', { nullable: true })
  phone!: string | null;

  @Column('jsonb', { nullable: true })
  address!: PatientAddress | null;

  @Column('jsonb', { nullable: true })
  emergencyContact!: EmergencyContact | null;

  @Column('numeric', { precision: 5, scale: 1, nullable: true, transformer: decimal })
  weightKg!: number | null;

  /** When the weight was measured: dosing refuses a weight older than the clinic allows. */
  @Column('timestamptz', { nullable: true })
  weightRecordedAt!: Date | null;

  @Column('numeric', { precision: 5, scale: 1, nullable: true, transformer: decimal })
  heightCm!: number | null;

  @Column('timestamptz', { nullable: true })
  archivedAt!: Date | null;

  @Column('uuid', { nullable: true })
  archivedBy!: string | null;

  @VersionColumn()
  version!: number;

  /** Millisecond precision: it is the keyset cursor of the list (see the migration 1763700050000). */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** An identifier another system knows the patient by (EHR MRN, insurer member id, …). */
@Entity('patient_identifiers')
export class PatientIdentifierEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  patientId!: string;

  /** A URI naming the issuing system, as in FHIR Identifier.system. */
  @Column('text')
  system!: string;

  @Column('text')
  value!: string;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

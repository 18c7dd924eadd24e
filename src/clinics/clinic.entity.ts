import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { ClinicSettings } from 'src/clinics/clinic-settings';

export interface PostalAddress {
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface OpeningHours {
  day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  opens: string;
  closes: string;
}

/** A clinic is its own tenant: its id is the clinic key every other table carries. */
@Entity('clinics')
export class ClinicEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** Short unique code, used as the MRN prefix. */
  @Column('text')
  code!: string;

  @Column('text')
  timezone!: string;

  @Column('text', { nullable: true })
  phone!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('jsonb', { nullable: true })
  address!: PostalAddress | null;

  @Column('jsonb', { default: () => "'[]'" })
  hours!: OpeningHours[];

  @Column('text', { array: true, default: () => "'{}'" })
  treatmentsOffered!: string[];

  /** Shown in the public clinic directory. */
  @Column('boolean', { default: true })
  listedPublicly!: boolean;

  @Column('jsonb', { default: () => "'{}'" })
  settings!: Partial<ClinicSettings>;

  @Column('integer', { default: 0, select: false })
  mrnSequence!: number;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/** How the patient reported the entry to the staff member who typed it in. */
export enum JournalSource {
  IN_PERSON = 'in_person',
  PHONE = 'phone',
  MESSAGE = 'message',
  PAPER = 'paper',
}

const decimal = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/**
 * A patient-reported mood entry. There is no patient login yet: staff enter it on the patient's
 * behalf, and `recordedBy` names them.
 */
@Entity('journal_entries')
export class JournalEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  patientId!: string;

  @Column('date')
  entryDate!: string;

  @Column('smallint')
  mood!: number;

  @Column('smallint', { nullable: true })
  anxiety!: number | null;

  @Column('numeric', { precision: 3, scale: 1, nullable: true, transformer: decimal })
  sleepHours!: number | null;

  @Column('smallint', { nullable: true })
  sleepQuality!: number | null;

  @Column('text', { nullable: true })
  text!: string | null;

  @Column({ type: 'enum', enum: JournalSource, enumName: 'journal_source' })
  reportedVia!: JournalSource;

  @Column('uuid')
  recordedBy!: string;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

const decimal = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/** A lot of a controlled substance (ketamine, Schedule III) received by a clinic; quantities in mg. */
@Entity('controlled_substance_lots')
export class ControlledSubstanceLotEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('text', { default: 'ketamine' })
  drug!: string;

  @Column('numeric', { precision: 8, scale: 3, transformer: decimal })
  concentrationMgPerMl!: number;

  @Column('text')
  lotNumber!: string;

  @Column('date')
  expiresOn!: string;

  @Column('numeric', { precision: 12, scale: 3, transformer: decimal })
  receivedMg!: number;

  /** Book balance: received − drawn + returned; a CHECK keeps it ≥ 0. */
  @Column('numeric', { precision: 12, scale: 3, transformer: decimal })
  onHandMg!: number;

  @Column('timestamptz')
  receivedAt!: Date;

  @Column('uuid')
  receivedBy!: string;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

export type LedgerEntryKind = 'receipt' | 'draw' | 'administer' | 'waste' | 'return' | 'count';

/** Append-only (a trigger refuses UPDATE and DELETE). */
@Entity('controlled_substance_ledger_entries')
export class LedgerEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  lotId!: string;

  @Column({
    type: 'enum',
    enum: ['receipt', 'draw', 'administer', 'waste', 'return', 'count'],
    enumName: 'ledger_entry_kind',
  })
  kind!: LedgerEntryKind;

  @Column('numeric', { precision: 12, scale: 3, transformer: decimal })
  quantityMg!: number;

  @Column('uuid', { nullable: true })
  sessionId!: string | null;

  @Column('uuid')
  actorId!: string;

  @Column('uuid', { nullable: true })
  witnessId!: string | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('timestamptz')
  occurredAt!: Date;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

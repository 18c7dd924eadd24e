import { ApiProperty } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, Matches } from 'class-validator';
import { PageOf } from 'src/common/pagination/page.dto';
import {
  TextField,
  DateTimeField,
  DateTimeProperty,
  DecimalField,
  UuidField,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import {
  ControlledSubstanceLotEntity,
  LedgerEntryEntity,
  LedgerEntryKind,
} from 'src/sessions/controlled-substance-lot.entity';
import { LotReconciliation } from 'src/sessions/lot-ledger.rules';

export const LEDGER_ENTRY_KINDS: LedgerEntryKind[] = [
  'receipt',
  'draw',
  'administer',
  'waste',
  'return',
  'count',
];

export class CreateLotDto {
  /** Only ketamine is tracked today. */
  @ApiProperty({ enum: ['ketamine'], enumName: 'ControlledDrug', default: 'ketamine' })
  @IsOptional()
  @IsIn(['ketamine'])
  drug?: 'ketamine';

  /** mg per mL of the vial as received (e.g. 50 or 100). */
  @DecimalField({ places: 3, min: 0.001, max: 1000, example: 100 })
  concentrationMgPerMl!: number;

  @TextField({ min: 1, max: 60, example: 'KX24-0173' }) lotNumber!: string;

  @ApiProperty({ format: 'date', example: '2027-06-30' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'expiresOn must be a date (YYYY-MM-DD)' })
  @IsDateString({ strict: true })
  expiresOn!: string;

  /** Total mg received (vials × mL × mg/mL). */
  @DecimalField({ places: 3, min: 0.001, max: 10_000_000, example: 5000 })
  receivedMg!: number;

  /** Defaults to now. */
  @DateTimeField({ optional: true }) receivedAt?: string;
}

export class CreateLotCountDto {
  /** What a physical count found in the lot, mg. */
  @DecimalField({ places: 3, min: 0, max: 10_000_000, example: 4620.5 })
  countedMg!: number;

  /** A second staff member who counted along (optional for counts). */
  @UuidField({ optional: true }) witnessId?: string;

  @TextField({ optional: true, max: 500, example: 'End-of-day count' }) note?: string;
}

export class LotResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() clinicId!: string;
  @ApiProperty({ enum: ['ketamine'], enumName: 'ControlledDrug' })
  drug!: string;
  concentrationMgPerMl!: number;
  lotNumber!: string;
  @ApiProperty({ format: 'date' })
  expiresOn!: string;
  receivedMg!: number;
  /** Book balance: received − drawn + returned. */
  onHandMg!: number;
  @DateTimeProperty() receivedAt!: string;
  @UuidProperty() receivedBy!: string;
  @DateTimeProperty() createdAt!: string;
  @DateTimeProperty() updatedAt!: string;
  version!: number;
}

export class LotPageDto extends PageOf(LotResponseDto) {}

export class LedgerEntryResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() lotId!: string;
  @ApiProperty({ enum: LEDGER_ENTRY_KINDS, enumName: 'LedgerEntryKind' })
  kind!: LedgerEntryKind;
  /** mg; for a count, what was counted. */
  quantityMg!: number;
  @UuidProperty({ nullable: true }) sessionId!: string | null;
  @UuidProperty() actorId!: string;
  /** Required for waste: a second staff member, never the actor. */
  @UuidProperty({ nullable: true }) witnessId!: string | null;
  reason!: string | null;
  @DateTimeProperty() occurredAt!: string;
}

export class LotCountResultDto {
  @DateTimeProperty() occurredAt!: string;
  countedMg!: number;
  /** The book balance at the time of the count. */
  expectedMg!: number;
  /** counted − expected; non-zero is a discrepancy to investigate. */
  discrepancyMg!: number;
}

export class LotDiscrepancyDto {
  @ApiProperty({
    enum: ['COUNT_MISMATCH', 'OVERDRAWN', 'GIVEN_EXCEEDS_DRAWN'],
    enumName: 'LotDiscrepancyCode',
  })
  code!: string;
  mg!: number;
  @DateTimeProperty({ nullable: true }) occurredAt!: string | null;
}

/** received = given + wasted + on hand + in use; physical counts compared with the books. */
export class LotReconciliationDto {
  receivedMg!: number;
  drawnMg!: number;
  givenMg!: number;
  wastedMg!: number;
  returnedMg!: number;
  onHandMg!: number;
  /** Drawn for sessions and not yet given, wasted or returned. */
  inUseMg!: number;
  counts!: LotCountResultDto[];
  discrepancies!: LotDiscrepancyDto[];
  /** True when there is no discrepancy. */
  balanced!: boolean;
}

export class LotLedgerDto {
  lot!: LotResponseDto;
  entries!: LedgerEntryResponseDto[];
  reconciliation!: LotReconciliationDto;
}

export function mapLot(l: ControlledSubstanceLotEntity): LotResponseDto {
  return {
    id: l.id,
    clinicId: l.clinicId,
    drug: l.drug,
    concentrationMgPerMl: l.concentrationMgPerMl,
    lotNumber: l.lotNumber,
    expiresOn: l.expiresOn,
    receivedMg: l.receivedMg,
    onHandMg: l.onHandMg,
    receivedAt: l.receivedAt.toISOString(),
    receivedBy: l.receivedBy,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
    version: l.version,
  };
}

export function mapLedgerEntry(e: LedgerEntryEntity): LedgerEntryResponseDto {
  return {
    id: e.id,
    lotId: e.lotId,
    kind: e.kind,
    quantityMg: e.quantityMg,
    sessionId: e.sessionId,
    actorId: e.actorId,
    witnessId: e.witnessId,
    reason: e.reason,
    occurredAt: e.occurredAt.toISOString(),
  };
}

export function mapReconciliation(r: LotReconciliation): LotReconciliationDto {
  return {
    ...r,
    counts: r.counts.map((c) => ({ ...c, occurredAt: c.occurredAt.toISOString() })),
    discrepancies: r.discrepancies.map((d) => ({
      ...d,
      occurredAt: d.occurredAt?.toISOString() ?? null,
    })),
  };
}

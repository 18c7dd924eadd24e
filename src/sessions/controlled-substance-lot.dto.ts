import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDateString,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  Matches,
  MinLength,
} from 'class-validator';
import { PageOf } from 'src/common/pagination/page.dto';
import {
  ControlledSubstanceLotEntity,
  LedgerEntryEntity,
  LedgerEntryKind,
} from 'src/sessions/controlled-substance-lot.entity';
import { LotReconciliation } from 'src/sessions/lot-ledger.rules';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
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
  @ApiProperty({
    required: false,
    enum: ['ketamine'],
    enumName: 'ControlledDrug',
    default: 'ketamine',
  })
  @IsOptional()
  @IsIn(['ketamine'])
  drug?: 'ketamine';

  /** mg per mL of the vial as received (e.g. 50 or 100). */
  @ApiProperty({ example: 100, minimum: 0.001, maximum: 1000 })
  @IsNumber({ maxDecimalPlaces: 3 })
  @Min(0.001)
  @Max(1000)
  concentrationMgPerMl!: number;

  @ApiProperty({ example: 'KX24-0173' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  lotNumber!: string;

  @ApiProperty({ format: 'date', example: '2027-06-30' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'expiresOn must be a date (YYYY-MM-DD)' })
  @IsDateString({ strict: true })
  expiresOn!: string;

  /** Total mg received (vials × mL × mg/mL). */
  @ApiProperty({ example: 5000, minimum: 0.001, maximum: 10000000 })
  @IsNumber({ maxDecimalPlaces: 3 })
  @Min(0.001)
  @Max(10_000_000)
  receivedMg!: number;

  /** Defaults to now. */
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  receivedAt?: string;
}

export class CreateLotCountDto {
  /** What a physical count found in the lot, mg. */
  @ApiProperty({ example: 4620.5, minimum: 0 })
  @IsNumber({ maxDecimalPlaces: 3 })
  @Min(0)
  @Max(10_000_000)
  countedMg!: number;

  /** A second staff member who counted along (optional for counts). */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  witnessId?: string;

  @ApiProperty({ required: false, example: 'End-of-day count' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class LotResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  clinicId!: string;
  @ApiProperty({ enum: ['ketamine'], enumName: 'ControlledDrug' })
  drug!: string;
  concentrationMgPerMl!: number;
  lotNumber!: string;
  @ApiProperty({ format: 'date' })
  expiresOn!: string;
  receivedMg!: number;
  /** Book balance: received − drawn + returned. */
  onHandMg!: number;
  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;
  @ApiProperty({ format: 'uuid' })
  receivedBy!: string;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
  version!: number;
}

export class LotPageDto extends PageOf(LotResponseDto) {}

export class LedgerEntryResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  lotId!: string;
  @ApiProperty({ enum: LEDGER_ENTRY_KINDS, enumName: 'LedgerEntryKind' })
  kind!: LedgerEntryKind;
  /** mg; for a count, what was counted. */
  quantityMg!: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sessionId!: string | null;
  @ApiProperty({ format: 'uuid' })
  actorId!: string;
  /** Required for waste: a second staff member, never the actor. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  witnessId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;
  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
}

export class LotCountResultDto {
  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
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
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  occurredAt!: string | null;
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
  @ApiProperty({ type: [LotCountResultDto] })
  counts!: LotCountResultDto[];
  @ApiProperty({ type: [LotDiscrepancyDto] })
  discrepancies!: LotDiscrepancyDto[];
  /** True when there is no discrepancy. */
  balanced!: boolean;
}

export class LotLedgerDto {
  @ApiProperty({ type: LotResponseDto })
  lot!: LotResponseDto;
  @ApiProperty({ type: [LedgerEntryResponseDto] })
  entries!: LedgerEntryResponseDto[];
  @ApiProperty({ type: LotReconciliationDto })
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

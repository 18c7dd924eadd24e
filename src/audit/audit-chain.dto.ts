import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsUUID } from 'class-validator';

export class AuditChainQueryDto {
  /** One clinic's chain; without it, every chain of the caller's clinics and the clinic-less one. */
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  /**
   * Verify only what was sealed from this time on, starting from the last link sealed before it
   * (each chain's `from`): compare that with the head a previous report gave you. Without it, each
   * chain is walked from its first link.
   */
  @ApiProperty({ required: false, type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;
}

export enum AuditChainBreakReason {
  /** The event no longer hashes to its link: a field was changed, or the link itself was. */
  EVENT_ALTERED = 'event_altered',
  /** The link's event is gone. */
  EVENT_MISSING = 'event_missing',
  /** A link is missing from the sequence. */
  CHAIN_GAP = 'chain_gap',
  /** An event at or before the sealed point has no link (written around the sealer). */
  EVENT_UNCHAINED = 'event_unchained',
}

export class AuditChainBreakDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  clinicId!: string | null;
  /** The link where the chain breaks; null for an unchained event, which has none. */
  @ApiProperty({ nullable: true, type: Number, example: 1042 })
  seq!: number | null;
  @ApiProperty({ format: 'uuid' })
  eventId!: string;
  @ApiProperty({ enum: AuditChainBreakReason, enumName: 'AuditChainBreakReason' })
  reason!: AuditChainBreakReason;
}

export class AuditChainHeadDto {
  /** The link's place in the chain (0: before the first link). */
  @ApiProperty({ example: 1041 })
  seq!: number;
  /** SHA-256, hex: keep it outside this database to detect a rewrite of the whole chain. */
  @ApiProperty({ example: '9f2c…', pattern: '^[0-9a-f]{64}$' })
  link!: string;
}

export class AuditChainStatusDto {
  /** Null for the chain of clinic-less events (logins, staff accounts). */
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  clinicId!: string | null;
  @ApiProperty()
  intact!: boolean;
  /** The link the walk started from: the chain's start (seq 0), or the last one sealed before `since`. */
  @ApiProperty({ type: AuditChainHeadDto })
  from!: AuditChainHeadDto;
  /** Links walked after `from` and found to hold. */
  @ApiProperty({ example: 1041 })
  linksVerified!: number;
  /** The last link that held. */
  @ApiProperty({ type: AuditChainHeadDto })
  head!: AuditChainHeadDto;
  /** Events not sealed yet (written in about the last second, or by transactions still open). */
  @ApiProperty({ example: 3 })
  pendingEvents!: number;
  @ApiProperty({ type: AuditChainBreakDto, nullable: true })
  firstBreak!: AuditChainBreakDto | null;
}

export class AuditChainReportDto {
  /** True when every chain below holds. */
  @ApiProperty()
  intact!: boolean;
  @ApiProperty({ format: 'date-time' })
  verifiedAt!: string;
  /** The first break of the first broken chain, in the order of `chains`. */
  @ApiProperty({ type: AuditChainBreakDto, nullable: true })
  firstBreak!: AuditChainBreakDto | null;
  @ApiProperty({ type: [AuditChainStatusDto] })
  chains!: AuditChainStatusDto[];
}

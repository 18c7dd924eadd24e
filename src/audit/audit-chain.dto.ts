import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { EnumProperty, UuidField, UuidProperty } from 'src/common/validation/field.decorators';

export class AuditChainQueryDto {
  /** One clinic's chain; without it, every chain of the caller's clinics and the clinic-less one. */
  @UuidField({ optional: true }) clinicId?: string;

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

  /** The `next` of the previous page: the walk goes on from where it stopped (`since` is then ignored). */
  @IsOptional()
  @IsString()
  @MaxLength(200_000)
  cursor?: string;

  /**
   * Links walked in this request, shared equally among the chains (about 200 000 take 3 s on two
   * cores); a longer trail is walked over several requests (`next`).
   */
  @ApiProperty({ required: false, minimum: 1, maximum: 2_000_000, default: 200_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_000_000)
  limit: number = 200_000;
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
  @UuidProperty({ nullable: true }) clinicId!: string | null;
  /** The link where the chain breaks; null for an unchained event, which has none. */
  @ApiProperty({ nullable: true, type: Number, example: 1042 })
  seq!: number | null;
  /** The event of the broken link; null when no link is left at or after it. */
  @UuidProperty({ nullable: true }) eventId!: string | null;
  @EnumProperty(AuditChainBreakReason, 'AuditChainBreakReason') reason!: AuditChainBreakReason;
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
  @UuidProperty({ nullable: true }) clinicId!: string | null;
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
  /** The walk reached the chain's last link (and found no break). */
  @ApiProperty()
  complete!: boolean;
  /** Events not sealed yet (written in about the last second, or by transactions still open). */
  @ApiProperty({ example: 3 })
  pendingEvents!: number;
  @ApiProperty({ type: AuditChainBreakDto, nullable: true })
  firstBreak!: AuditChainBreakDto | null;
}

export class AuditChainReportDto {
  /** No chain broke in what this request walked. */
  @ApiProperty()
  intact!: boolean;
  /** Every chain was walked to its last link: with `intact`, the whole trail holds. */
  @ApiProperty()
  complete!: boolean;
  /** Where to go on (`?cursor=`) while the walk is neither complete nor broken; else null. */
  @ApiProperty({ nullable: true, type: String })
  next!: string | null;
  @ApiProperty({ format: 'date-time' })
  verifiedAt!: string;
  /** The first break of the first broken chain, in the order of `chains`. */
  @ApiProperty({ type: AuditChainBreakDto, nullable: true })
  firstBreak!: AuditChainBreakDto | null;
  @ApiProperty({ type: [AuditChainStatusDto] })
  chains!: AuditChainStatusDto[];
}

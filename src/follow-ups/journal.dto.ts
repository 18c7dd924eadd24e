import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDateString,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { PageOf } from 'src/common/pagination/page.dto';
import { JournalEntryEntity, JournalSource } from 'src/follow-ups/journal-entry.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Patient-reported; entered by staff on the patient's behalf (there is no patient login yet). */
export class CreateJournalEntryDto {
  /** The day the entry describes: not after today in the clinic's time zone (400 ENTRY_DATE_IN_FUTURE). */
  @ApiProperty({ format: 'date', example: '2026-03-12' })
  @Matches(DATE, { message: 'entryDate must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  entryDate!: string;

  /** 0 (worst) to 10 (best). */
  @ApiProperty({ minimum: 0, maximum: 10, example: 6 })
  @IsInt()
  @Min(0)
  @Max(10)
  mood!: number;

  /** 0 (none) to 10 (worst). */
  @ApiProperty({ required: false, minimum: 0, maximum: 10, example: 3 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  anxiety?: number;

  /** Hours slept the night before, 0–24, one decimal. */
  @ApiProperty({ required: false, minimum: 0, maximum: 24, example: 7.5 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0)
  @Max(24)
  sleepHours?: number;

  /** 0 (very poor) to 10 (excellent). */
  @ApiProperty({ required: false, minimum: 0, maximum: 10, example: 7 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  sleepQuality?: number;

  /** The patient's own words. */
  @ApiProperty({ required: false })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  text?: string;

  @ApiProperty({ enum: JournalSource, enumName: 'JournalSource' })
  @IsEnum(JournalSource)
  reportedVia!: JournalSource;
}

export class JournalEntryResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  clinicId!: string;

  @ApiProperty({ format: 'uuid' })
  patientId!: string;

  @ApiProperty({ format: 'date' })
  entryDate!: string;

  mood!: number;

  @ApiProperty({ type: Number, nullable: true })
  anxiety!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  sleepHours!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  sleepQuality!: number | null;

  @ApiProperty({ type: String, nullable: true })
  text!: string | null;

  @ApiProperty({ enum: JournalSource, enumName: 'JournalSource' })
  reportedVia!: JournalSource;

  /** The staff member who entered it on the patient's behalf. */
  @ApiProperty({ format: 'uuid' })
  recordedBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  version!: number;
}

export class JournalEntryPageDto extends PageOf(JournalEntryResponseDto) {}

export function mapJournalEntry(e: JournalEntryEntity): JournalEntryResponseDto {
  return {
    id: e.id,
    clinicId: e.clinicId,
    patientId: e.patientId,
    entryDate: e.entryDate,
    mood: e.mood,
    anxiety: e.anxiety,
    sleepHours: e.sleepHours,
    sleepQuality: e.sleepQuality,
    text: e.text,
    reportedVia: e.reportedVia,
    recordedBy: e.recordedBy,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    version: e.version,
  };
}

import { ApiProperty } from '@nestjs/swagger';
import { IsDateString, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { PageOf } from 'src/common/pagination/page.dto';
import {
  TextField,
  DateTimeProperty,
  EnumField,
  EnumProperty,
  IntField,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import { JournalEntryEntity, JournalSource } from 'src/follow-ups/journal-entry.entity';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Patient-reported; entered by staff on the patient's behalf (there is no patient login yet). */
export class CreateJournalEntryDto {
  /** The day the entry describes: not after today in the clinic's time zone (400 ENTRY_DATE_IN_FUTURE). */
  @ApiProperty({ format: 'date', example: '2026-03-12' })
  @Matches(DATE, { message: 'entryDate must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  entryDate!: string;

  /** 0 (worst) to 10 (best). */
  @IntField({ min: 0, max: 10, example: 6 }) mood!: number;

  /** 0 (none) to 10 (worst). */
  @IntField({ optional: true, min: 0, max: 10, example: 3 }) anxiety?: number;

  /** Hours slept the night before, 0–24, one decimal. */
  @ApiProperty({ required: false, minimum: 0, maximum: 24, example: 7.5 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0)
  @Max(24)
  sleepHours?: number;

  /** 0 (very poor) to 10 (excellent). */
  @IntField({ optional: true, min: 0, max: 10, example: 7 }) sleepQuality?: number;

  /** The patient's own words. */
  @TextField({ optional: true, max: 4000 }) text?: string;

  @EnumField(JournalSource, 'JournalSource') reportedVia!: JournalSource;
}

export class JournalEntryResponseDto {
  @UuidProperty() id!: string;

  @UuidProperty() clinicId!: string;

  @UuidProperty() patientId!: string;

  @ApiProperty({ format: 'date' })
  entryDate!: string;

  mood!: number;

  anxiety!: number | null;

  sleepHours!: number | null;

  sleepQuality!: number | null;

  text!: string | null;

  @EnumProperty(JournalSource, 'JournalSource') reportedVia!: JournalSource;

  /** The staff member who entered it on the patient's behalf. */
  @UuidProperty() recordedBy!: string;

  @DateTimeProperty() createdAt!: string;

  @DateTimeProperty() updatedAt!: string;

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

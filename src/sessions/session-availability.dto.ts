import { ApiProperty } from '@nestjs/swagger';
import { IsDateString, Matches } from 'class-validator';
import { DateTimeProperty, IntField, UuidProperty } from 'src/common/validation/field.decorators';

export class AvailabilityQueryDto {
  @ApiProperty({ format: 'date', example: '2026-01-05' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  @IsDateString({ strict: true })
  date!: string;

  /** Only free stretches at least this long (e.g. infusion + recovery). */
  @IntField({ optional: true, min: 1, max: 1440, query: true }) minMinutes?: number;
}

export class FreeSlotDto {
  @DateTimeProperty() start!: string;
  @DateTimeProperty() end!: string;
  minutes!: number;
}

export class ChairAvailabilityDto {
  @UuidProperty() chairId!: string;
  name!: string;
  free!: FreeSlotDto[];
}

export class AvailabilityResponseDto {
  @UuidProperty() clinicId!: string;
  @ApiProperty({ format: 'date' })
  date!: string;
  /** The clinic's time zone, in which the day and opening hours are read. */
  timezone!: string;
  @DateTimeProperty() opens!: string;
  @DateTimeProperty() closes!: string;
  chairs!: ChairAvailabilityDto[];
}

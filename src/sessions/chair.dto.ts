import { ApiProperty } from '@nestjs/swagger';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import { TextField, DateTimeProperty, UuidProperty } from 'src/common/validation/field.decorators';
import { QueryBoolean } from 'src/common/validation/query-boolean';
import { ChairEntity } from 'src/sessions/chair.entity';

export class CreateChairDto {
  /** Unique within the clinic. */
  @TextField({ min: 1, max: 100, example: 'Chair 3' }) name!: string;

  @TextField({ optional: true, max: 500, example: 'Window side, recliner' })
  description?: string;
}

export class UpdateChairDto {
  @TextField({ optional: 'not-null', min: 1, max: 100, example: 'Chair 3 (quiet room)' })
  name?: string;

  @TextField({ optional: true, nullable: true, max: 500 }) description?: string | null;
}

export class ChairQueryDto extends PageQueryDto {
  /** Include deactivated chairs. */
  @ApiProperty({ required: false }) // the plugin takes a field with a default for a required one
  @QueryBoolean()
  includeInactive: boolean = false;
}

export class ChairResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() clinicId!: string;
  name!: string;
  description!: string | null;
  /** Inactive chairs cannot be booked. */
  active!: boolean;
  @DateTimeProperty({ nullable: true }) deactivatedAt!: string | null;
  @UuidProperty({ nullable: true }) deactivatedBy!: string | null;
  @DateTimeProperty() createdAt!: string;
  @DateTimeProperty() updatedAt!: string;
  version!: number;
}

export class ChairPageDto extends PageOf(ChairResponseDto) {}

export function mapChair(c: ChairEntity): ChairResponseDto {
  return {
    id: c.id,
    clinicId: c.clinicId,
    name: c.name,
    description: c.description,
    active: c.active,
    deactivatedAt: c.deactivatedAt?.toISOString() ?? null,
    deactivatedBy: c.deactivatedBy,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

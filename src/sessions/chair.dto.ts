import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import { QueryBoolean } from 'src/common/validation/query-boolean';
import { ChairEntity } from 'src/sessions/chair.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateChairDto {
  /** Unique within the clinic. */
  @ApiProperty({ example: 'Chair 3' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ required: false, example: 'Window side, recliner' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateChairDto {
  @ApiProperty({ required: false, example: 'Chair 3 (quiet room)' })
  @ValidateIf((o: UpdateChairDto) => o.name !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiProperty({ required: false, nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

export class ChairQueryDto extends PageQueryDto {
  /** Include deactivated chairs. */
  @ApiProperty({ required: false, default: false })
  @QueryBoolean()
  includeInactive: boolean = false;
}

export class ChairResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  clinicId!: string;
  name!: string;
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
  /** Inactive chairs cannot be booked. */
  active!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deactivatedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  deactivatedBy!: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
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

import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

export class PageQueryDto {
  /** Page size, 1 to 100. */
  @ApiProperty({ required: false, default: 25, minimum: 1, maximum: 100 })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 25;

  /** The `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

/** `{data, nextCursor}` for a response DTO; subclass it to give the schema a name. */
export function PageOf<T>(item: Type<T>) {
  class PageDto {
    @ApiProperty({ type: [item] })
    data!: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as ?cursor= to get the next page; null on the last page.',
    })
    nextCursor!: string | null;
  }
  return PageDto;
}

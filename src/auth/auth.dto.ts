import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { StaffRole } from 'src/auth/actor';
import { EnumProperty, UuidProperty } from 'src/common/validation/field.decorators';

export class LoginDto {
  @ApiProperty({ example: 'admin@ketamine-clinic.local' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct-horse-battery' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class TokenResponseDto {
  /** A JWT; send it as `Authorization: Bearer <token>`. */
  accessToken!: string;
  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  tokenType!: 'Bearer';
  /** Lifetime in seconds. */
  @ApiProperty({ example: 3600 })
  expiresIn!: number;
}

export class MeResponseDto {
  @UuidProperty() id!: string;
  email!: string;
  fullName!: string;
  @EnumProperty(StaffRole, 'StaffRole') role!: StaffRole;
  @UuidProperty({ each: true }) clinicIds!: string[];
}

import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { StaffRole } from 'src/auth/actor';

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
  @ApiProperty({ format: 'uuid' })
  id!: string;
  email!: string;
  fullName!: string;
  @ApiProperty({ enum: StaffRole, enumName: 'StaffRole' })
  role!: StaffRole;
  @ApiProperty({ type: [String], format: 'uuid' })
  clinicIds!: string[];
}

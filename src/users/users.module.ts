import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from 'src/clinics/clinics.module';
import { BootstrapAdminService } from 'src/users/bootstrap-admin.service';
import { PasswordHasher } from 'src/users/password-hasher';
import { PasswordPolicy } from 'src/users/password-policy';
import { UserEntity } from 'src/users/user.entity';
import { UsersController } from 'src/users/users.controller';
import { UsersRepository } from 'src/users/users.repository';
import { UsersService } from 'src/users/users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity]), ClinicsModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, PasswordHasher, PasswordPolicy, BootstrapAdminService],
  exports: [UsersService],
})
export class UsersModule {}

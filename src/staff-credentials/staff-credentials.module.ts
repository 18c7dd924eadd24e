import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from 'src/clinics/clinics.module';
import { StaffCredentialChecksService } from 'src/staff-credentials/staff-credential-checks.service';
import { StaffCredentialEntity } from 'src/staff-credentials/staff-credential.entity';
import {
  ExpiringCredentialsController,
  StaffCredentialsController,
} from 'src/staff-credentials/staff-credentials.controller';
import { StaffCredentialsRepository } from 'src/staff-credentials/staff-credentials.repository';
import { StaffCredentialsService } from 'src/staff-credentials/staff-credentials.service';
import { UsersModule } from 'src/users/users.module';

/**
 * Licences and certifications of staff (§3.3). Exports StaffCredentialChecksService for the
 * sessions module (booking and the pre-infusion gate); it imports nothing of sessions.
 */
@Module({
  imports: [TypeOrmModule.forFeature([StaffCredentialEntity]), UsersModule, ClinicsModule],
  controllers: [StaffCredentialsController, ExpiringCredentialsController],
  providers: [StaffCredentialsRepository, StaffCredentialsService, StaffCredentialChecksService],
  exports: [StaffCredentialChecksService],
})
export class StaffCredentialsModule {}

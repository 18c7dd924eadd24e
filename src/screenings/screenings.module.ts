import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from 'src/clinics/clinics.module';
import { PatientsModule } from 'src/patients/patients.module';
import { ScreeningBpRecheckService } from 'src/screenings/screening-bp-recheck.service';
import { ScreeningEntity } from 'src/screenings/screening.entity';
import { ScreeningsController } from 'src/screenings/screenings.controller';
import { ScreeningsRepository } from 'src/screenings/screenings.repository';
import { ScreeningsService } from 'src/screenings/screenings.service';

/** Intake screenings and eligibility (a sub-area of patients); exports ScreeningsService. */
@Module({
  imports: [TypeOrmModule.forFeature([ScreeningEntity]), PatientsModule, ClinicsModule],
  controllers: [ScreeningsController],
  providers: [ScreeningsRepository, ScreeningsService, ScreeningBpRecheckService],
  exports: [ScreeningsService],
})
export class ScreeningsModule {}

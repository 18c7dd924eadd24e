import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicEntity } from 'src/clinics/clinic.entity';
import { ClinicsController } from 'src/clinics/clinics.controller';
import { ClinicsRepository } from 'src/clinics/clinics.repository';
import { ClinicsService } from 'src/clinics/clinics.service';
import { PublicClinicsController } from 'src/clinics/public-clinics.controller';

@Module({
  imports: [TypeOrmModule.forFeature([ClinicEntity])],
  controllers: [ClinicsController, PublicClinicsController],
  providers: [ClinicsRepository, ClinicsService],
  exports: [ClinicsService],
})
export class ClinicsModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from 'src/clinics/clinics.module';
import { PatientEntity, PatientIdentifierEntity } from 'src/patients/patient.entity';
import { PatientsController } from 'src/patients/patients.controller';
import { PatientsRepository } from 'src/patients/patients.repository';
import { PatientsService } from 'src/patients/patients.service';

@Module({
  imports: [TypeOrmModule.forFeature([PatientEntity, PatientIdentifierEntity]), ClinicsModule],
  controllers: [PatientsController],
  providers: [PatientsRepository, PatientsService],
  exports: [PatientsService],
})
export class PatientsModule {}

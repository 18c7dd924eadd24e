import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from 'src/clinics/clinics.module';
import { ConsultationAppointmentsController } from 'src/consultations/consultation-appointments.controller';
import { ConsultationAppointmentsRepository } from 'src/consultations/consultation-appointments.repository';
import { ConsultationAppointmentsService } from 'src/consultations/consultation-appointments.service';
import { ConsultationConversionService } from 'src/consultations/consultation-conversion.service';
import { ConsultationRequestsController } from 'src/consultations/consultation-requests.controller';
import { ConsultationRequestsRepository } from 'src/consultations/consultation-requests.repository';
import { ConsultationRequestsService } from 'src/consultations/consultation-requests.service';
import {
  ConsultationAppointmentEntity,
  ConsultationRequestEntity,
} from 'src/consultations/consultation.entity';
import { PublicFormGuard } from 'src/consultations/public-form.guard';
import { PatientsModule } from 'src/patients/patients.module';
import { UsersModule } from 'src/users/users.module';

/** The public front door: website requests, the front-desk inbox, consultation appointments. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ConsultationRequestEntity, ConsultationAppointmentEntity]),
    ClinicsModule,
    PatientsModule,
    UsersModule,
  ],
  controllers: [ConsultationRequestsController, ConsultationAppointmentsController],
  providers: [
    ConsultationRequestsRepository,
    ConsultationRequestsService,
    ConsultationConversionService,
    ConsultationAppointmentsRepository,
    ConsultationAppointmentsService,
    PublicFormGuard,
  ],
  exports: [ConsultationRequestsService, ConsultationAppointmentsService],
})
export class ConsultationsModule {}

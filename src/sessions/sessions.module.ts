import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from 'src/clinics/clinics.module';
import { ConsentsModule } from 'src/consents/consents.module';
import { PatientsModule } from 'src/patients/patients.module';
import { ScreeningsModule } from 'src/screenings/screenings.module';
import { ChairEntity } from 'src/sessions/chair.entity';
import { ChairsController } from 'src/sessions/chairs.controller';
import { ChairsRepository } from 'src/sessions/chairs.repository';
import { ChairsService } from 'src/sessions/chairs.service';
import {
  ControlledSubstanceLotEntity,
  LedgerEntryEntity,
} from 'src/sessions/controlled-substance-lot.entity';
import { ControlledSubstanceLotsController } from 'src/sessions/controlled-substance-lots.controller';
import { ControlledSubstanceLotsRepository } from 'src/sessions/controlled-substance-lots.repository';
import { ControlledSubstanceLotsService } from 'src/sessions/controlled-substance-lots.service';
import { SessionHooks } from 'src/sessions/session-hooks';
import {
  AdverseEventEntity,
  InfusionEventEntity,
  InfusionSessionEntity,
  ScheduleChangeEntity,
  SessionAddendumEntity,
  SessionVitalsEntity,
  StopThresholdHoldEntity,
} from 'src/sessions/session.entity';
import { SessionDischargeController } from 'src/sessions/session-discharge.controller';
import { SessionRecordsController } from 'src/sessions/session-records.controller';
import { AvailabilityController, SessionsController } from 'src/sessions/sessions.controller';
import { PreInfusionGateService } from 'src/sessions/pre-infusion-gate.service';
import { InfusionStopService } from 'src/sessions/infusion-stop.service';
import { MomentOfCareService } from 'src/sessions/moment-of-care.service';
import { SessionActions } from 'src/sessions/session-actions';
import { SessionsDischargeService } from 'src/sessions/sessions-discharge.service';
import { SessionsInfusionService } from 'src/sessions/sessions-infusion.service';
import { SessionsRecordsService } from 'src/sessions/sessions-records.service';
import { SessionsSchedulingService } from 'src/sessions/sessions-scheduling.service';
import { SessionReadsRepository } from 'src/sessions/session-reads.repository';
import { SessionsRepository } from 'src/sessions/sessions.repository';
import { SessionsService } from 'src/sessions/sessions.service';
import { StaffCredentialsModule } from 'src/staff-credentials/staff-credentials.module';
import { TreatmentPlansModule } from 'src/treatment-plans/treatment-plans.module';
import { UsersModule } from 'src/users/users.module';

/**
 * Chairs, controlled-substance lots and infusion sessions. Exports SessionsService (getSessionRef)
 * and SessionHooks (onDischarged, addPreInfusionCheck) for higher modules such as follow-ups.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ChairEntity,
      ControlledSubstanceLotEntity,
      LedgerEntryEntity,
      InfusionSessionEntity,
      ScheduleChangeEntity,
      InfusionEventEntity,
      SessionVitalsEntity,
      AdverseEventEntity,
      SessionAddendumEntity,
      StopThresholdHoldEntity,
    ]),
    ClinicsModule,
    UsersModule,
    StaffCredentialsModule,
    PatientsModule,
    ScreeningsModule,
    ConsentsModule,
    TreatmentPlansModule,
  ],
  controllers: [
    ChairsController,
    ControlledSubstanceLotsController,
    SessionsController,
    SessionRecordsController,
    SessionDischargeController,
    AvailabilityController,
  ],
  providers: [
    ChairsRepository,
    ChairsService,
    ControlledSubstanceLotsRepository,
    ControlledSubstanceLotsService,
    SessionsRepository,
    SessionReadsRepository,
    SessionsService,
    SessionsSchedulingService,
    PreInfusionGateService,
    MomentOfCareService,
    InfusionStopService,
    SessionActions,
    SessionsInfusionService,
    SessionsDischargeService,
    SessionsRecordsService,
    SessionHooks,
  ],
  exports: [SessionsService, SessionHooks],
})
export class SessionsModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from 'src/clinics/clinics.module';
import { AlertEntity } from 'src/follow-ups/alert.entity';
import { AlertsController } from 'src/follow-ups/alerts.controller';
import { AlertsRepository } from 'src/follow-ups/alerts.repository';
import { AlertsService } from 'src/follow-ups/alerts.service';
import { AssessmentEntity } from 'src/follow-ups/assessment.entity';
import { AssessmentsController } from 'src/follow-ups/assessments.controller';
import { AssessmentsRepository } from 'src/follow-ups/assessments.repository';
import { AssessmentsService } from 'src/follow-ups/assessments.service';
import { FollowUpEntity } from 'src/follow-ups/follow-up.entity';
import { FollowUpsController } from 'src/follow-ups/follow-ups.controller';
import { FollowUpsRepository } from 'src/follow-ups/follow-ups.repository';
import { FollowUpsService } from 'src/follow-ups/follow-ups.service';
import { InstrumentsController } from 'src/follow-ups/instruments.controller';
import { InstrumentsService } from 'src/follow-ups/instruments.service';
import { JournalEntryEntity } from 'src/follow-ups/journal-entry.entity';
import { JournalController } from 'src/follow-ups/journal.controller';
import { JournalRepository } from 'src/follow-ups/journal.repository';
import { JournalService } from 'src/follow-ups/journal.service';
import { OutcomesController } from 'src/follow-ups/outcomes.controller';
import { OutcomesService } from 'src/follow-ups/outcomes.service';
import { SessionHooksRegistrar } from 'src/follow-ups/session-hooks.registrar';
import { PatientsModule } from 'src/patients/patients.module';
import { SessionsModule } from 'src/sessions/sessions.module';
import { TreatmentPlansModule } from 'src/treatment-plans/treatment-plans.module';

/** Measurement-based care: instruments, assessments and scoring, alerts, follow-ups, journal, outcomes. */
@Module({
  imports: [
    TypeOrmModule.forFeature([AssessmentEntity, AlertEntity, FollowUpEntity, JournalEntryEntity]),
    ClinicsModule,
    PatientsModule,
    TreatmentPlansModule,
    SessionsModule,
  ],
  controllers: [
    InstrumentsController,
    AssessmentsController,
    AlertsController,
    FollowUpsController,
    JournalController,
    OutcomesController,
  ],
  providers: [
    AssessmentsRepository,
    AlertsRepository,
    FollowUpsRepository,
    JournalRepository,
    InstrumentsService,
    AssessmentsService,
    AlertsService,
    FollowUpsService,
    JournalService,
    OutcomesService,
    SessionHooksRegistrar,
  ],
  exports: [AlertsService, FollowUpsService],
})
export class FollowUpsModule {}

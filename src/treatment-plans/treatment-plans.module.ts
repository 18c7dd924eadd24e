import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from 'src/clinics/clinics.module';
import { PatientsModule } from 'src/patients/patients.module';
import { ScreeningsModule } from 'src/screenings/screenings.module';
import { UsersModule } from 'src/users/users.module';
import {
  TreatmentPlanEntity,
  TreatmentPlanEventEntity,
  TreatmentPlanInfusionEntity,
  TreatmentPlanVersionEntity,
} from 'src/treatment-plans/treatment-plan.entity';
import { TreatmentPlanAuthoringService } from 'src/treatment-plans/treatment-plan-authoring.service';
import { TreatmentPlanLifecycleService } from 'src/treatment-plans/treatment-plan-lifecycle.service';
import { TreatmentPlansController } from 'src/treatment-plans/treatment-plans.controller';
import { TreatmentPlansRepository } from 'src/treatment-plans/treatment-plans.repository';
import { TreatmentPlansService } from 'src/treatment-plans/treatment-plans.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      TreatmentPlanEntity,
      TreatmentPlanVersionEntity,
      TreatmentPlanEventEntity,
      TreatmentPlanInfusionEntity,
    ]),
    PatientsModule,
    ScreeningsModule,
    ClinicsModule,
    UsersModule,
  ],
  controllers: [TreatmentPlansController],
  providers: [
    TreatmentPlansRepository,
    TreatmentPlansService,
    TreatmentPlanAuthoringService,
    TreatmentPlanLifecycleService,
  ],
  exports: [TreatmentPlansService],
})
export class TreatmentPlansModule {}

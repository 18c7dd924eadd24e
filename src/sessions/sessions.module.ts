import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClinicsModule } from 'src/clinics/clinics.module';
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
import { UsersModule } from 'src/users/users.module';

@Module({
  imports: [
    TypeOrmModule.forFeature([ChairEntity, ControlledSubstanceLotEntity, LedgerEntryEntity]),
    ClinicsModule,
    UsersModule,
  ],
  controllers: [ChairsController, ControlledSubstanceLotsController],
  providers: [
    ChairsRepository,
    ChairsService,
    ControlledSubstanceLotsRepository,
    ControlledSubstanceLotsService,
  ],
  exports: [],
})
export class SessionsModule {}

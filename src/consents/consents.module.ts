import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentEntity } from 'src/consents/consent.entity';
import { ConsentsController } from 'src/consents/consents.controller';
import { ConsentsRepository } from 'src/consents/consents.repository';
import { ConsentsService } from 'src/consents/consents.service';
import { PatientsModule } from 'src/patients/patients.module';
import { UsersModule } from 'src/users/users.module';

/** Patient consents (a sub-area of patients); exports ConsentsService. */
@Module({
  imports: [TypeOrmModule.forFeature([ConsentEntity]), PatientsModule, UsersModule],
  controllers: [ConsentsController],
  providers: [ConsentsRepository, ConsentsService],
  exports: [ConsentsService],
})
export class ConsentsModule {}

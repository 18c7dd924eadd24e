import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from 'src/audit/audit.module';
import { AuthModule } from 'src/auth/auth.module';
import { ClinicsModule } from 'src/clinics/clinics.module';
import { ConsultationsModule } from 'src/consultations/consultations.module';
import { ResponseHeadersInterceptor } from 'src/common/http/response-headers.interceptor';
import { IdempotencyInterceptor } from 'src/common/idempotency/idempotency.interceptor';
import { IdempotencyRepository } from 'src/common/idempotency/idempotency.repository';
import { loggerParams } from 'src/common/logging';
import { ProblemDetailsFilter } from 'src/common/problem/problem-details.filter';
import { RateLimitModule } from 'src/common/rate-limit/rate-limit.module';
import { createValidationPipe } from 'src/common/validation/validation.pipe';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG, ConfigModule } from 'src/config/config.module';
import { DatabaseModule } from 'src/database/database.module';
import { FollowUpsModule } from 'src/follow-ups/follow-ups.module';
import { HealthModule } from 'src/health/health.module';
import { PatientsModule } from 'src/patients/patients.module';
import { SessionsModule } from 'src/sessions/sessions.module';
import { StaffCredentialsModule } from 'src/staff-credentials/staff-credentials.module';
import { UsersModule } from 'src/users/users.module';
import { ScreeningsModule } from 'src/screenings/screenings.module';
import { ConsentsModule } from 'src/consents/consents.module';
import { TreatmentPlansModule } from 'src/treatment-plans/treatment-plans.module';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loggerParams(config),
    }),
    DatabaseModule,
    RateLimitModule,
    AuditModule,
    AuthModule,
    UsersModule,
    StaffCredentialsModule,
    ClinicsModule,
    PatientsModule,
    SessionsModule,
    FollowUpsModule,
    HealthModule,
    ConsultationsModule,
    ScreeningsModule,
    ConsentsModule,
    TreatmentPlansModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    // Outermost first: idempotency keeps the response the inner interceptors have finished.
    IdempotencyRepository,
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    { provide: APP_INTERCEPTOR, useClass: ResponseHeadersInterceptor },
  ],
})
export class AppModule {}

import { Module } from '@nestjs/common';
import { HealthController } from 'src/health/health.controller';
import { ReadinessProbe } from 'src/health/readiness-probe';

@Module({ controllers: [HealthController], providers: [ReadinessProbe] })
export class HealthModule {}

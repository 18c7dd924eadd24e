import { Module } from '@nestjs/common';
import { HealthController } from 'src/health/health.controller';
import { Lifecycle } from 'src/health/lifecycle';
import { ReadinessProbe } from 'src/health/readiness-probe';

@Module({
  controllers: [HealthController],
  providers: [ReadinessProbe, Lifecycle],
  exports: [Lifecycle],
})
export class HealthModule {}

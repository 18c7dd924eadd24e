import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditController } from 'src/audit/audit.controller';
import { AuditEventEntity } from 'src/audit/audit-event.entity';
import { AuditRepository } from 'src/audit/audit.repository';
import { AuditService } from 'src/audit/audit.service';
import { AuditChainSealer } from 'src/audit/audit-chain.sealer';
import { AuditChainService } from 'src/audit/audit-chain.service';
import { RefusalAuditService } from 'src/audit/refusal-audit.service';
import { REFUSAL_RECORDER } from 'src/common/problem/refusal-recorder';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  controllers: [AuditController],
  providers: [
    AuditRepository,
    AuditService,
    AuditChainSealer,
    AuditChainService,
    RefusalAuditService,
    // The problem filter audits refusals through this token (common/ does not import audit/).
    { provide: REFUSAL_RECORDER, useExisting: RefusalAuditService },
  ],
  exports: [AuditService, REFUSAL_RECORDER],
})
export class AuditModule {}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, PublicCaller } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicsService } from 'src/clinics/clinics.service';
import { assertVersion } from 'src/common/http/etag';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { TransactionService } from 'src/database/transaction.service';
import {
  ConsultationRequestAcceptedDto,
  ConsultationRequestQueryDto,
  ConsultationRequestResponseDto,
  CreateConsultationRequestDto,
  DeclineConsultationRequestDto,
  mapConsultationRequest,
} from 'src/consultations/consultation-request.dto';
import {
  ConsultationRequestAction,
  contactProblems,
  nextRequestStatus,
} from 'src/consultations/consultation-request.rules';
import { ConsultationRequestsRepository } from 'src/consultations/consultation-requests.repository';
import { ConsultationRequestEntity } from 'src/consultations/consultation.entity';
import {
  ConsultationException,
  ConsultationExceptionCode,
} from 'src/consultations/consultation.exception';
import { scopeFor } from 'src/clinics/clinic-scope';

const RESOURCE = 'ConsultationRequest';
const ACCEPTED_MESSAGE =
  'Thank you. Your request has been received and the clinic will contact you.';

@Injectable()
export class ConsultationRequestsService {
  constructor(
    private readonly requests: ConsultationRequestsRepository,
    private readonly clinics: ClinicsService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The website form. The answer is the same whoever sends it: a reference and a fixed message,
   * never what was stored nor whether the person is already known.
   */
  async submit(
    caller: PublicCaller,
    dto: CreateConsultationRequestDto,
  ): Promise<ConsultationRequestAcceptedDto> {
    // Honeypot filled in: a bot. Answer as usual so it learns nothing, and keep nothing.
    if (dto.website) {
      return { referenceId: randomUUID(), message: ACCEPTED_MESSAGE };
    }
    const problems = contactProblems(dto);
    if (!(await this.clinics.isListedPublicly(dto.preferredClinicId))) {
      problems.unshift({
        field: 'preferredClinicId',
        message: 'preferredClinicId is not a clinic of the public directory',
      });
    }
    if (problems.length > 0) {
      throw ConsultationException.invalid(
        ConsultationExceptionCode.INVALID_CONSULTATION_REQUEST,
        problems,
      );
    }
    const request = await this.tx.run(async (manager) => {
      const created = await this.requests.insert(manager, {
        clinicId: dto.preferredClinicId,
        status: 'new',
        firstName: dto.firstName,
        lastName: dto.lastName,
        email: dto.email ?? null,
        phone: dto.phone ?? null,
        preferredContactMethod: dto.preferredContactMethod,
        dateOfBirth: dto.dateOfBirth ?? null,
        treatmentOfInterest: dto.treatmentOfInterest ?? null,
        reason: dto.reason ?? null,
        consentToContactAt: new Date(),
      });
      await this.audit.record(
        caller,
        {
          action: AuditAction.CREATE,
          resourceType: RESOURCE,
          resourceId: created.id,
          clinicId: created.clinicId,
          details: { channel: 'public-website' },
        },
        manager,
      );
      return created;
    });
    return { referenceId: request.id, message: ACCEPTED_MESSAGE };
  }

  async list(
    actor: Actor,
    query: ConsultationRequestQueryDto,
  ): Promise<Page<ConsultationRequestResponseDto>> {
    const scope = scopeFor(actor, query.clinicId);
    const rows = await this.requests.searchAudited(
      {
        scope,
        status: query.status,
        after: query.cursor ? decodeCursor(query.cursor, 2) : undefined,
        limit: query.limit,
      },
      actor,
      (['status', 'clinicId'] as const).filter((k) => query[k] !== undefined),
    );
    return toPage(rows, query.limit, mapConsultationRequest, (r) => [
      r.createdAt.toISOString(),
      r.id,
    ]);
  }

  async get(actor: Actor, id: string): Promise<ConsultationRequestResponseDto> {
    const request = await this.requests.readAudited(id, actor);
    if (!request) {
      throw ConsultationException.requestNotFound();
    }
    return mapConsultationRequest(request);
  }

  async markContacted(
    actor: Actor,
    id: string,
    expectedVersion?: number,
  ): Promise<ConsultationRequestResponseDto> {
    return this.transition(actor, id, 'mark-contacted', expectedVersion, (request) => {
      Object.assign(request, { contactedAt: new Date(), contactedBy: actor.userId });
      return Promise.resolve([]);
    });
  }

  async decline(
    actor: Actor,
    id: string,
    dto: DeclineConsultationRequestDto,
    expectedVersion?: number,
  ): Promise<ConsultationRequestResponseDto> {
    return this.transition(actor, id, 'decline', expectedVersion, (request) => {
      Object.assign(request, {
        declinedAt: new Date(),
        declinedBy: actor.userId,
        declineReason: dto.reason,
      });
      return Promise.resolve(['reason']);
    });
  }

  /**
   * A state move under a row lock: 404 outside scope, 412 on a stale If-Match, 409 if illegal.
   * `apply` makes the move's changes inside the transaction and names the fields it used.
   */
  async transition(
    actor: Actor,
    id: string,
    action: ConsultationRequestAction,
    expectedVersion: number | undefined,
    apply: (request: ConsultationRequestEntity, manager: EntityManager) => Promise<string[]>,
  ): Promise<ConsultationRequestResponseDto> {
    return this.tx.run(async (manager) => {
      const request = await this.getOrFail(actor, id, manager);
      assertVersion(request, expectedVersion, RESOURCE);
      const next = nextRequestStatus(request.status, action);
      if (!next) {
        throw new ConsultationException(
          ConsultationExceptionCode.ILLEGAL_REQUEST_TRANSITION,
          `A ${request.status} consultation request cannot ${action.replace('-', ' ')}`,
        );
      }
      const fields = await apply(request, manager);
      request.status = next;
      await this.requests.save(manager, request);
      await this.audit.record(
        actor,
        {
          action: AuditAction.ACTION,
          actionName: action,
          resourceType: RESOURCE,
          resourceId: id,
          clinicId: request.clinicId,
          details: { fields },
        },
        manager,
      );
      return mapConsultationRequest(request);
    });
  }

  private async getOrFail(
    actor: Actor,
    id: string,
    manager?: EntityManager,
  ): Promise<ConsultationRequestEntity> {
    const request = await this.requests.findInScope(
      id,
      actor.clinicIds,
      manager,
      manager !== undefined,
    );
    if (!request) {
      throw ConsultationException.requestNotFound();
    }
    return request;
  }
}

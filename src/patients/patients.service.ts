import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, StaffRole } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicsService } from 'src/clinics/clinics.service';
import { assertVersion } from 'src/common/http/etag';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { TransactionService } from 'src/database/transaction.service';
import {
  CreatePatientDto,
  mapPatient,
  PatientQueryDto,
  PatientResponseDto,
  UpdatePatientDto,
} from 'src/patients/patient.dto';
import { PatientEntity } from 'src/patients/patient.entity';
import { PatientException, PatientExceptionCode } from 'src/patients/patient.exception';
import { PatientsRepository } from 'src/patients/patients.repository';
import { scopeFor } from 'src/clinics/clinic-scope';

const RESOURCE = 'Patient';
const CLINICAL_FIELDS: (keyof UpdatePatientDto)[] = ['weightKg', 'weightRecordedAt', 'heightCm'];

/** Which PATCH fields each role may send (front desk: demographics; nurses: measurements). */
function assertFieldsAllowed(role: StaffRole, fields: (keyof UpdatePatientDto)[]): void {
  const forbidden =
    role === StaffRole.FRONT_DESK
      ? fields.filter((f) => CLINICAL_FIELDS.includes(f))
      : role === StaffRole.NURSE
        ? fields.filter((f) => !CLINICAL_FIELDS.includes(f))
        : [];
  if (forbidden.length > 0) {
    throw new PatientException(
      PatientExceptionCode.FIELD_NOT_ALLOWED_FOR_ROLE,
      `Your role may not change: ${forbidden.join(', ')}`,
      {
        errors: forbidden.map((field) => ({
          field,
          message: `${field} may not be changed by role ${role}`,
        })),
      },
    );
  }
}

function assertDistinctSystems(identifiers: { system: string }[] | undefined): void {
  const systems = (identifiers ?? []).map((i) => i.system);
  const duplicate = systems.find((s, i) => systems.indexOf(s) !== i);
  if (duplicate) {
    throw new PatientException(
      PatientExceptionCode.DUPLICATE_IDENTIFIER_SYSTEM,
      'A patient may have one identifier per system',
      {
        errors: [
          { field: 'externalIdentifiers', message: `system ${duplicate} appears more than once` },
        ],
      },
    );
  }
}

@Injectable()
export class PatientsService {
  constructor(
    private readonly patients: PatientsRepository,
    private readonly clinics: ClinicsService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreatePatientDto): Promise<PatientResponseDto> {
    return this.tx.run((manager) => this.createInTransaction(manager, actor, dto));
  }

  /**
   * For other modules: registers a patient inside the caller's transaction (same rules, same
   * audit event as POST /patients), so it commits or rolls back with the rest of their work.
   */
  async createInTransaction(
    manager: EntityManager,
    actor: Actor,
    dto: CreatePatientDto,
  ): Promise<PatientResponseDto> {
    const clinicId = this.resolveClinic(actor, dto.clinicId);
    // The same field rules as PATCH: front desk registers demographics, not measurements.
    assertFieldsAllowed(
      actor.role,
      Object.entries(dto)
        .filter(([k, v]) => k !== 'clinicId' && v !== undefined)
        .map(([k]) => k) as (keyof UpdatePatientDto)[],
    );
    assertDistinctSystems(dto.externalIdentifiers);
    const { externalIdentifiers = [], weightRecordedAt, clinicId: _ignored, ...fields } = dto;
    const mrn = dto.mrn ?? (await this.freeMrn(manager, clinicId));
    const patient = await this.patients.insert(manager, {
      ...fields,
      clinicId,
      mrn,
      weightRecordedAt:
        dto.weightKg !== undefined ? new Date(weightRecordedAt ?? Date.now()) : null,
    });
    await this.patients.replaceIdentifiers(manager, patient, externalIdentifiers);
    await this.audit.record(
      actor,
      { action: AuditAction.CREATE, resourceType: RESOURCE, resourceId: patient.id, clinicId },
      manager,
    );
    return this.toResponse(patient, manager);
  }

  /** Two round trips: the actor (fresh, in the guard) and one statement that reads and audits. */
  async get(actor: Actor, id: string): Promise<PatientResponseDto> {
    const row = await this.patients.readAudited(id, actor);
    if (!row) {
      throw PatientException.notFound();
    }
    return mapPatient(row, row.externalIdentifiers);
  }

  async list(actor: Actor, query: PatientQueryDto): Promise<Page<PatientResponseDto>> {
    const scope = scopeFor(actor, query.clinicId);
    // Search terms are not kept (they are PHI): only which filters were used.
    const filters = (
      ['name', 'dateOfBirth', 'mrn', 'email', 'phone', 'includeArchived'] as const
    ).filter((k) => query[k] !== undefined && query[k] !== false);
    const rows = await this.patients.searchAudited(
      {
        scope,
        includeArchived: query.includeArchived,
        nameTokens: (query.name ?? '').split(/\s+/).filter(Boolean).slice(0, 4),
        dateOfBirth: query.dateOfBirth,
        mrn: query.mrn,
        email: query.email,
        phoneDigits: query.phone?.replace(/\D/g, ''),
        after: query.cursor ? decodeCursor(query.cursor, 2, ['timestamp', 'uuid']) : undefined,
        limit: query.limit,
      },
      { actor, filters },
    );
    return toPage(
      rows,
      query.limit,
      (p) => mapPatient(p, p.externalIdentifiers),
      (p) => [p.createdAt.toISOString(), p.id],
    );
  }

  async update(
    actor: Actor,
    id: string,
    dto: UpdatePatientDto,
    expectedVersion?: number,
  ): Promise<PatientResponseDto> {
    const fields = Object.keys(dto) as (keyof UpdatePatientDto)[];
    assertFieldsAllowed(actor.role, fields);
    assertDistinctSystems(dto.externalIdentifiers);
    return this.tx.run(async (manager) => {
      const patient = await this.getOrFail(actor, id, manager);
      assertVersion(patient, expectedVersion, RESOURCE);
      if (patient.archivedAt) {
        throw new PatientException(
          PatientExceptionCode.PATIENT_ARCHIVED,
          'An archived patient cannot be changed; restore it first',
        );
      }
      const { externalIdentifiers, weightRecordedAt, ...changes } = dto;
      Object.assign(patient, changes);
      if (dto.weightKg !== undefined) {
        patient.weightRecordedAt =
          dto.weightKg === null ? null : new Date(weightRecordedAt ?? Date.now());
      }
      if (externalIdentifiers) {
        // Identifiers live in their own table; touching the row moves the version (the ETag) too.
        patient.updatedAt = new Date();
      }
      await this.patients.save(manager, patient);
      if (externalIdentifiers) {
        await this.patients.replaceIdentifiers(manager, patient, externalIdentifiers);
      }
      await this.audit.record(
        actor,
        {
          action: AuditAction.UPDATE,
          resourceType: RESOURCE,
          resourceId: id,
          clinicId: patient.clinicId,
          details: { fields },
        },
        manager,
      );
      return this.toResponse(patient, manager);
    });
  }

  /** Soft delete: the record stays (and stays readable by id) with who archived it and when. */
  async archive(actor: Actor, id: string, expectedVersion?: number): Promise<PatientResponseDto> {
    return this.tx.run(async (manager) => {
      const patient = await this.getOrFail(actor, id, manager);
      assertVersion(patient, expectedVersion, RESOURCE);
      if (patient.archivedAt) {
        throw new PatientException(
          PatientExceptionCode.PATIENT_ARCHIVED,
          'The patient is already archived',
        );
      }
      Object.assign(patient, { archivedAt: new Date(), archivedBy: actor.userId });
      await this.patients.save(manager, patient);
      await this.audit.record(
        actor,
        {
          action: AuditAction.ARCHIVE,
          resourceType: RESOURCE,
          resourceId: id,
          clinicId: patient.clinicId,
        },
        manager,
      );
      return this.toResponse(patient, manager);
    });
  }

  async restore(actor: Actor, id: string): Promise<PatientResponseDto> {
    return this.tx.run(async (manager) => {
      const patient = await this.getOrFail(actor, id, manager);
      if (!patient.archivedAt) {
        throw new PatientException(
          PatientExceptionCode.PATIENT_NOT_ARCHIVED,
          'The patient is not archived',
        );
      }
      Object.assign(patient, { archivedAt: null, archivedBy: null });
      await this.patients.save(manager, patient);
      await this.audit.record(
        actor,
        {
          action: AuditAction.RESTORE,
          resourceType: RESOURCE,
          resourceId: id,
          clinicId: patient.clinicId,
        },
        manager,
      );
      return this.toResponse(patient, manager);
    });
  }

  /**
   * For other modules: the patient if the actor may see it, else 404. Pass the manager to lock the
   * row for the rest of a transaction.
   */
  async getOrFail(actor: Actor, id: string, manager?: EntityManager): Promise<PatientEntity> {
    const patient = await this.patients.findInScope(
      id,
      actor.clinicIds,
      manager,
      manager !== undefined,
    );
    if (!patient) {
      throw PatientException.notFound();
    }
    return patient;
  }

  private resolveClinic(actor: Actor, clinicId: string | undefined): string {
    if (clinicId) {
      if (!actor.clinicIds.includes(clinicId)) {
        throw new PatientException(PatientExceptionCode.CLINIC_NOT_FOUND, 'Clinic not found');
      }
      return clinicId;
    }
    const [only, ...others] = actor.clinicIds;
    if (!only || others.length > 0) {
      throw new PatientException(
        PatientExceptionCode.CLINIC_REQUIRED,
        'clinicId is required when you belong to more than one clinic (or none)',
        {
          errors: [{ field: 'clinicId', message: 'clinicId is required' }],
        },
      );
    }
    return only;
  }

  /** Generated MRNs skip numbers already taken by hand-entered ones. */
  private async freeMrn(manager: EntityManager, clinicId: string): Promise<string> {
    for (;;) {
      const mrn = await this.clinics.allocateMrn(manager, clinicId);
      if (!(await this.patients.mrnExists(manager, clinicId, mrn))) {
        return mrn;
      }
    }
  }

  private async toResponse(
    patient: PatientEntity,
    manager?: EntityManager,
  ): Promise<PatientResponseDto> {
    const identifiers = await this.patients.identifiersOf([patient.id], manager);
    return mapPatient(patient, identifiers.get(patient.id) ?? []);
  }
}

import { AuditAction } from 'src/audit/audit-event.entity';
import { refusedTargetOf } from 'src/audit/refused-access.rules';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const PARENT = '0a1b2c3d-4e5f-4061-8273-948596a7b8c9';

describe('refusedTargetOf (issue 11: refused access is audited against what it aimed at)', () => {
  it.each([
    ['GET', '/api/v1/patients/:id', { id: ID }, AuditAction.READ, null, 'Patient', ID],
    ['GET', '/api/v1/patients', {}, AuditAction.LIST, null, 'Patient', null],
    ['POST', '/api/v1/patients', {}, AuditAction.CREATE, null, 'Patient', null],
    ['PATCH', '/api/v1/patients/:id', { id: ID }, AuditAction.UPDATE, null, 'Patient', ID],
    ['DELETE', '/api/v1/patients/:id', { id: ID }, AuditAction.ARCHIVE, null, 'Patient', ID],
    [
      'POST',
      '/api/v1/patients/:id/restore',
      { id: ID },
      AuditAction.ACTION,
      'restore',
      'Patient',
      ID,
    ],
    [
      'GET',
      '/api/v1/patients/:id/outcomes',
      { id: ID },
      AuditAction.LIST,
      'outcomes',
      'Patient',
      ID,
    ],
    [
      'GET',
      '/api/v1/sessions/:id/vitals',
      { id: ID },
      AuditAction.LIST,
      'vitals',
      'InfusionSession',
      ID,
    ],
    [
      'POST',
      '/api/v1/sessions/:id/start',
      { id: ID },
      AuditAction.ACTION,
      'start',
      'InfusionSession',
      ID,
    ],
    // The record is the last noun of the path: a patient's consent, not the patient.
    [
      'GET',
      '/api/v1/patients/:patientId/consents/:id',
      { patientId: PARENT, id: ID },
      AuditAction.READ,
      null,
      'Consent',
      ID,
    ],
    [
      'GET',
      '/api/v1/patients/:id/journal',
      { id: PARENT },
      AuditAction.LIST,
      null,
      'JournalEntry',
      null,
    ],
    [
      'GET',
      '/api/v1/treatment-plans/:id/versions/:amendmentNumber',
      { id: PARENT, amendmentNumber: '2' },
      AuditAction.READ,
      null,
      'TreatmentPlanVersion',
      null,
    ],
    [
      'POST',
      '/api/v1/users/:id/deactivate',
      { id: ID },
      AuditAction.ACTION,
      'deactivate',
      'User',
      ID,
    ],
    ['GET', '/api/v1/follow-ups/overdue', {}, AuditAction.LIST, 'overdue', 'FollowUp', null],
    // A malformed id is not written (it is the caller's text, not a record's id).
    ['GET', '/api/v1/patients/:id', { id: 'not-a-uuid' }, AuditAction.READ, null, 'Patient', null],
    ['GET', '/api/v1/instruments', {}, AuditAction.LIST, 'instruments', 'Route', null],
  ])('%s %s → %s', (method, path, params, action, actionName, resourceType, resourceId) => {
    expect(refusedTargetOf(method, path, params)).toEqual({
      action,
      actionName,
      resourceType,
      resourceId,
    });
  });
});

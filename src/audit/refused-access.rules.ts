import { AuditAction } from 'src/audit/audit-event.entity';

/**
 * The audit trail's names for the nouns of the API's paths. A refused request (403, or 404 for a
 * foreign or missing record) is audited against the record it aimed at: the last of these nouns in
 * its route, and the id that follows it.
 */
const RESOURCE_OF_SEGMENT: Record<string, string> = {
  patients: 'Patient',
  screenings: 'Screening',
  consents: 'Consent',
  journal: 'JournalEntry',
  sessions: 'InfusionSession',
  'treatment-plans': 'TreatmentPlan',
  versions: 'TreatmentPlanVersion',
  'follow-ups': 'FollowUp',
  assessments: 'Assessment',
  alerts: 'Alert',
  'consultation-requests': 'ConsultationRequest',
  'consultation-appointments': 'ConsultationAppointment',
  clinics: 'Clinic',
  chairs: 'Chair',
  'controlled-substance-lots': 'ControlledSubstanceLot',
  users: 'User',
  credentials: 'StaffCredential',
  'staff-credentials': 'StaffCredential',
  'audit-events': 'AuditEvent',
};

export interface RefusedTarget {
  action: AuditAction;
  /** For ACTION events, the path's verb after the record (`start`, `vitals`, …). */
  actionName: string | null;
  resourceType: string;
  resourceId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a refused request tried to do, from its method and route template (`/api/v1/sessions/:id/
 * vitals`) and its path parameters. Only ids (never other parameter values) reach the event.
 */
export function refusedTargetOf(
  method: string,
  routePath: string,
  params: Record<string, string | undefined>,
): RefusedTarget {
  const segments = routePath.split('/').filter((s) => s !== '' && s !== 'api' && s !== 'v1');
  let at = -1;
  segments.forEach((segment, i) => {
    if (RESOURCE_OF_SEGMENT[segment]) at = i;
  });
  const noun = at >= 0 ? segments[at] : undefined;
  const next = segments[at + 1];
  const idParam = next?.startsWith(':') ? next.slice(1) : undefined;
  const rawId = idParam ? params[idParam] : undefined;
  const resourceId = rawId && UUID.test(rawId) ? rawId : null;
  const verb = segments
    .slice(idParam ? at + 2 : at + 1)
    .filter((s) => !s.startsWith(':'))
    .join('/');
  return {
    resourceType: (noun && RESOURCE_OF_SEGMENT[noun]) || 'Route',
    resourceId,
    ...actionOf(method.toUpperCase(), idParam !== undefined, verb),
  };
}

function actionOf(
  method: string,
  aimsAtRecord: boolean,
  verb: string,
): { action: AuditAction; actionName: string | null } {
  const actionName = verb === '' ? null : verb;
  switch (method) {
    case 'GET':
      return { action: aimsAtRecord && !verb ? AuditAction.READ : AuditAction.LIST, actionName };
    case 'POST':
      return aimsAtRecord || verb
        ? { action: AuditAction.ACTION, actionName }
        : { action: AuditAction.CREATE, actionName: null };
    case 'PATCH':
    case 'PUT':
      return { action: AuditAction.UPDATE, actionName };
    case 'DELETE':
      return { action: AuditAction.ARCHIVE, actionName };
    default:
      return { action: AuditAction.ACTION, actionName: method.toLowerCase() };
  }
}

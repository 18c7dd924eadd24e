import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';

/** One LIST event per clinic whose records a page showed (filter names only: values may be PHI). */
export async function recordListAudit(
  audit: AuditService,
  actor: Actor,
  resourceType: string,
  rows: { id: string; clinicId: string }[],
  fallbackClinicId: string | null,
  filters: string[],
): Promise<void> {
  const byClinic = new Map<string | null, string[]>();
  rows.forEach((r) => byClinic.set(r.clinicId, [...(byClinic.get(r.clinicId) ?? []), r.id]));
  if (byClinic.size === 0) {
    byClinic.set(fallbackClinicId, []);
  }
  for (const [clinicId, ids] of byClinic) {
    await audit.record(actor, {
      action: AuditAction.LIST,
      resourceType,
      resourceIds: ids,
      clinicId,
      details: { filters },
    });
  }
}

/** The names of the query filters that were given. */
export function filtersGiven(query: object, names: string[]): string[] {
  return names.filter((n) => (query as Record<string, unknown>)[n] !== undefined);
}

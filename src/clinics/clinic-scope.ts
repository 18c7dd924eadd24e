import type { Actor } from 'src/auth/actor';
import { ClinicException } from 'src/clinics/clinic.exception';

/**
 * The clinics a list searches: the one asked for by `clinicId`, or all of the caller's. A clinic
 * that is not the caller's, or does not exist, is 404 on every list, as another clinic's record is
 * (the refusal is audited by the problem filter), so a list never runs over another clinic's data
 * and a typo is not silently an empty page.
 */
export function scopeFor(actor: Pick<Actor, 'clinicIds'>, clinicId?: string): string[] {
  if (clinicId === undefined) {
    return actor.clinicIds;
  }
  if (!actor.clinicIds.includes(clinicId)) {
    throw ClinicException.notFound();
  }
  return [clinicId];
}

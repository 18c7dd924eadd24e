import { InitialSchema1763700000000 } from 'migrations/1763700000000-InitialSchema';
import { AddIdempotencyKeys1763700060000 } from 'migrations/1763700060000-AddIdempotencyKeys';
import { MillisecondTimestamps1763700070000 } from 'migrations/1763700070000-MillisecondTimestamps';
import { ScreeningsConsentsTreatmentPlans1763700100000 } from 'migrations/1763700100000-ScreeningsConsentsTreatmentPlans';
import { MillisecondListKeys1763700100001 } from 'migrations/1763700100001-MillisecondListKeys';
import { AddConsultationFrontDoor1763700150000 } from 'migrations/1763700150000-AddConsultationFrontDoor';

/** Every migration, in order. Listed by hand so that the app, the CLI and jest load the same set. */
export const ALL_MIGRATIONS = [
  InitialSchema1763700000000,
  AddIdempotencyKeys1763700060000,
  MillisecondTimestamps1763700070000,
  ScreeningsConsentsTreatmentPlans1763700100000,
  MillisecondListKeys1763700100001,
  AddConsultationFrontDoor1763700150000,
];

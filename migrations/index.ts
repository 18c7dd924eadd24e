import { InitialSchema1763700000000 } from 'migrations/1763700000000-InitialSchema';
import { MillisecondKeysetTimestamps1763700050000 } from 'migrations/1763700050000-MillisecondKeysetTimestamps';
import { PreferredNameIndexUsableInSearch1763700050001 } from 'migrations/1763700050001-PreferredNameIndexUsableInSearch';
import { AuditEventsNoTruncate1763700050002 } from 'migrations/1763700050002-AuditEventsNoTruncate';
import { PatientPhoneSuffixIndex1763700050003 } from 'migrations/1763700050003-PatientPhoneSuffixIndex';
import { AddIdempotencyKeys1763700060000 } from 'migrations/1763700060000-AddIdempotencyKeys';
import { ScreeningsConsentsTreatmentPlans1763700100000 } from 'migrations/1763700100000-ScreeningsConsentsTreatmentPlans';
import { MillisecondListKeys1763700100001 } from 'migrations/1763700100001-MillisecondListKeys';
import { AddConsultationFrontDoor1763700150000 } from 'migrations/1763700150000-AddConsultationFrontDoor';
import { AddChairsAndControlledSubstanceLots1763700200000 } from 'migrations/1763700200000-AddChairsAndControlledSubstanceLots';
import { AddInfusionSessions1763700210000 } from 'migrations/1763700210000-AddInfusionSessions';
import { FollowUpsAndMeasurementBasedCare1763700300000 } from 'migrations/1763700300000-FollowUpsAndMeasurementBasedCare';
import { IdempotencyReplayResource1763700430000 } from 'migrations/1763700430000-IdempotencyReplayResource';

/** Every migration, in order. Listed by hand so that the app, the CLI and jest load the same set. */
export const ALL_MIGRATIONS = [
  InitialSchema1763700000000,
  MillisecondKeysetTimestamps1763700050000,
  PreferredNameIndexUsableInSearch1763700050001,
  AuditEventsNoTruncate1763700050002,
  PatientPhoneSuffixIndex1763700050003,
  AddIdempotencyKeys1763700060000,
  ScreeningsConsentsTreatmentPlans1763700100000,
  MillisecondListKeys1763700100001,
  AddConsultationFrontDoor1763700150000,
  AddChairsAndControlledSubstanceLots1763700200000,
  AddInfusionSessions1763700210000,
  FollowUpsAndMeasurementBasedCare1763700300000,
  IdempotencyReplayResource1763700430000,
];

import { InitialSchema1763700000000 } from 'migrations/1763700000000-InitialSchema';
import { AddChairsAndControlledSubstanceLots1763700200000 } from 'migrations/1763700200000-AddChairsAndControlledSubstanceLots';
import { AddInfusionSessions1763700210000 } from 'migrations/1763700210000-AddInfusionSessions';
import { ScreeningsConsentsTreatmentPlans1763700100000 } from 'migrations/1763700100000-ScreeningsConsentsTreatmentPlans';
import { MillisecondListKeys1763700100001 } from 'migrations/1763700100001-MillisecondListKeys';

/** Every migration, in order. Listed by hand so that the app, the CLI and jest load the same set. */
export const ALL_MIGRATIONS = [
  InitialSchema1763700000000,
  ScreeningsConsentsTreatmentPlans1763700100000,
  MillisecondListKeys1763700100001,
  AddChairsAndControlledSubstanceLots1763700200000,
  AddInfusionSessions1763700210000,
];

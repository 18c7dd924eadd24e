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
import { ScreeningsLatestByScreenedAt1763700400000 } from 'migrations/1763700400000-ScreeningsLatestByScreenedAt';
import { BaselineScoresNamedScales1763700400001 } from 'migrations/1763700400001-BaselineScoresNamedScales';
import { ScreeningsSignedWithRationale1763700400002 } from 'migrations/1763700400002-ScreeningsSignedWithRationale';
import { PlanHistoryAndSignedScreeningsAppendOnly1763700400003 } from 'migrations/1763700400003-PlanHistoryAndSignedScreeningsAppendOnly';
import { LockSignedSessionsInDatabase1763700410000 } from 'migrations/1763700410000-LockSignedSessionsInDatabase';
import { NurseRatioInDatabase1763700410001 } from 'migrations/1763700410001-NurseRatioInDatabase';
import { AddSessionTransfer1763700410002 } from 'migrations/1763700410002-AddSessionTransfer';
import { AddCssrsLowAlert1763700420000 } from 'migrations/1763700420000-AddCssrsLowAlert';
import { FollowUpOutcomeNote1763700420001 } from 'migrations/1763700420001-FollowUpOutcomeNote';
import { MillisecondAlertKeys1763700420002 } from 'migrations/1763700420002-MillisecondAlertKeys';
import { IdempotencyReplayResource1763700430000 } from 'migrations/1763700430000-IdempotencyReplayResource';
import { MomentOfCareSafety1763700500000 } from 'migrations/1763700500000-MomentOfCareSafety';
import { StaffCredentials1763700510000 } from 'migrations/1763700510000-StaffCredentials';
import { ScreeningBpRecheck1763700520000 } from 'migrations/1763700520000-ScreeningBpRecheck';
import { AuditListIndexes1763700600000 } from 'migrations/1763700600000-AuditListIndexes';
import { ListIndexes1763700600100 } from 'migrations/1763700600100-ListIndexes';
import { LeastPrivilegeServiceRole1763700610000 } from 'migrations/1763700610000-LeastPrivilegeServiceRole';
import { RateLimitWindows1763700620000 } from 'migrations/1763700620000-RateLimitWindows';
import { AuditOutcome1763700630000 } from 'migrations/1763700630000-AuditOutcome';
import { AuditChain1763700640000 } from 'migrations/1763700640000-AuditChain';

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
  ScreeningsLatestByScreenedAt1763700400000,
  BaselineScoresNamedScales1763700400001,
  ScreeningsSignedWithRationale1763700400002,
  PlanHistoryAndSignedScreeningsAppendOnly1763700400003,
  LockSignedSessionsInDatabase1763700410000,
  NurseRatioInDatabase1763700410001,
  AddSessionTransfer1763700410002,
  AddCssrsLowAlert1763700420000,
  FollowUpOutcomeNote1763700420001,
  MillisecondAlertKeys1763700420002,
  IdempotencyReplayResource1763700430000,
  MomentOfCareSafety1763700500000,
  StaffCredentials1763700510000,
  ScreeningBpRecheck1763700520000,
  AuditListIndexes1763700600000,
  ListIndexes1763700600100,
  LeastPrivilegeServiceRole1763700610000,
  RateLimitWindows1763700620000,
  AuditOutcome1763700630000,
  AuditChain1763700640000,
];

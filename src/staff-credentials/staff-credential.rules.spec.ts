import { CredentialKind } from 'src/common/domain/credential-kind';
import {
  credentialFailures,
  credentialShapeErrors,
  HeldCredential,
  StaffCheckRole,
  supervisorPoolFailures,
} from 'src/staff-credentials/staff-credential.rules';

const { ACLS, BLS, PALS, RN_LICENCE, MD_LICENCE } = CredentialKind;
const ON = '2026-03-10';
const held = (kind: CredentialKind, expiresOn: string): HeldCredential => ({ kind, expiresOn });

// ../shared/domain/ketamine-clinic.md §3.3: "Clinic guidance favors ACLS-certified medical
// supervision"; the clinic settings default to BLS for the infusion nurse and ACLS for the
// supervising clinician. A credential is valid through its expiry day.
describe('credentialFailures (§3.3 equipment and staffing)', () => {
  it.each<[string, StaffCheckRole, CredentialKind[], HeldCredential[], string[]]>([
    ['nurse with a valid BLS', 'nurse', [BLS], [held(BLS, '2027-01-31')], []],
    ['nurse whose BLS expires on the session day', 'nurse', [BLS], [held(BLS, ON)], []],
    [
      'nurse whose BLS expired the day before',
      'nurse',
      [BLS],
      [held(BLS, '2026-03-09')],
      ['NURSE_CREDENTIAL_EXPIRED'],
    ],
    ['nurse with no BLS', 'nurse', [BLS], [held(ACLS, '2027-01-31')], ['NURSE_CREDENTIAL_MISSING']],
    [
      'nurse with an expired and a renewed BLS',
      'nurse',
      [BLS],
      [held(BLS, '2025-01-01'), held(BLS, '2028-01-01')],
      [],
    ],
    [
      'nurse missing ACLS and with an expired BLS (a clinic requiring both)',
      'nurse',
      [ACLS, BLS],
      [held(BLS, '2026-01-01')],
      ['NURSE_CREDENTIAL_MISSING', 'NURSE_CREDENTIAL_EXPIRED'],
    ],
    ['clinic requiring nothing', 'nurse', [], [], []],
    ['a kind required twice counts once', 'nurse', [BLS, BLS], [], ['NURSE_CREDENTIAL_MISSING']],
    ['supervisor with a valid ACLS', 'clinician', [ACLS], [held(ACLS, '2026-12-01')], []],
    [
      'supervisor whose ACLS expired',
      'clinician',
      [ACLS],
      [held(ACLS, '2026-03-01')],
      ['SUPERVISOR_CREDENTIAL_EXPIRED'],
    ],
    [
      'supervisor with no ACLS',
      'clinician',
      [ACLS],
      [held(BLS, '2027-01-01')],
      ['SUPERVISOR_CREDENTIAL_MISSING'],
    ],
    [
      'supervisor required to hold ACLS and an MD licence',
      'clinician',
      [ACLS, MD_LICENCE],
      [held(ACLS, '2027-01-01')],
      ['SUPERVISOR_CREDENTIAL_MISSING'],
    ],
  ])('should judge a %s', (_, role, required, heldNow, expected) => {
    const failures = credentialFailures({ role, required, held: heldNow, on: ON });
    expect(failures.map((f) => f.check)).toEqual(expected);
    expect(failures.every((f) => !f.overridable)).toBe(true);
  });

  it('should name the kind and the expiry date in the message, never a number', () => {
    const [failure] = credentialFailures({
      role: 'nurse',
      required: [BLS],
      held: [held(BLS, '2025-06-30'), held(BLS, '2026-02-28')],
      on: ON,
    });
    expect(failure).toEqual({
      check: 'NURSE_CREDENTIAL_EXPIRED',
      message: `The infusion nurse's BLS expired: valid through 2026-02-28, the infusion is on ${ON}`,
      overridable: false,
    });
    const [missing] = credentialFailures({ role: 'clinician', required: [PALS], held: [], on: ON });
    expect(missing?.message).toBe('The supervising clinician has no PALS on record');
  });
});

describe('supervisorPoolFailures (a nurse starts: some active clinician must qualify, §3.3)', () => {
  it.each<[string, CredentialKind[], HeldCredential[][], string[]]>([
    ['one clinician holds a valid ACLS', [ACLS], [[held(BLS, '2027-01-01')], [held(ACLS, ON)]], []],
    ['the clinic has no clinician', [ACLS], [], ['SUPERVISOR_CREDENTIAL_MISSING']],
    [
      'no clinician holds ACLS',
      [ACLS],
      [[held(BLS, '2027-01-01')]],
      ['SUPERVISOR_CREDENTIAL_MISSING'],
    ],
    [
      'every ACLS has expired',
      [ACLS],
      [[held(ACLS, '2025-01-01')], [held(ACLS, '2026-03-09')]],
      ['SUPERVISOR_CREDENTIAL_EXPIRED'],
    ],
    [
      'each kind is held, but by different clinicians',
      [ACLS, MD_LICENCE],
      [[held(ACLS, '2027-01-01')], [held(MD_LICENCE, '2027-01-01')]],
      ['SUPERVISOR_CREDENTIAL_MISSING'],
    ],
    [
      'one clinician holds both',
      [ACLS, MD_LICENCE],
      [[held(ACLS, '2027-01-01')], [held(ACLS, '2027-01-01'), held(MD_LICENCE, '2028-01-01')]],
      [],
    ],
    ['the clinic requires nothing', [], [], []],
  ])('should judge: %s', (_, required, clinicians, expected) => {
    const failures = supervisorPoolFailures({ required, clinicians, on: ON });
    expect(failures.map((f) => f.check)).toEqual(expected);
    expect(failures.every((f) => !f.overridable)).toBe(true);
  });

  it('should give the latest expiry when every one has expired', () => {
    const [failure] = supervisorPoolFailures({
      required: [ACLS],
      clinicians: [[held(ACLS, '2025-01-01')], [held(ACLS, '2026-03-09')]],
      on: ON,
    });
    expect(failure?.message).toContain('valid through 2026-03-09');
  });
});

describe('credentialShapeErrors', () => {
  const base = { identifier: null, issuingState: null, issuedOn: null, expiresOn: '2027-01-01' };
  it.each<[string, Parameters<typeof credentialShapeErrors>[0], string[]]>([
    ['a BLS card without number or state', { ...base, kind: BLS }, []],
    [
      'an RN licence without number or state',
      { ...base, kind: RN_LICENCE },
      ['identifier', 'issuingState'],
    ],
    [
      'an RN licence with both',
      { ...base, kind: RN_LICENCE, identifier: 'RN-1', issuingState: 'CO' },
      [],
    ],
    ['issued after it expires', { ...base, kind: ACLS, issuedOn: '2027-01-02' }, ['issuedOn']],
    ['issued on its expiry day', { ...base, kind: ACLS, issuedOn: '2027-01-01' }, []],
  ])('should check %s', (_, credential, fields) => {
    expect(credentialShapeErrors(credential).map((e) => e.field)).toEqual(fields);
  });
});

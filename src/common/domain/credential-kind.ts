// Pure: clinic settings and the staff-credential rules both load this file. No Nest imports.

/**
 * What a staff member may hold (../shared/domain/ketamine-clinic.md §3.3): a professional licence
 * (issued by a US state board, with a number) or a resuscitation certification (ACLS, BLS, PALS:
 * a card that expires, usually every two years).
 */
export enum CredentialKind {
  RN_LICENCE = 'rn_licence',
  NP_LICENCE = 'np_licence',
  MD_LICENCE = 'md_licence',
  DO_LICENCE = 'do_licence',
  PA_LICENCE = 'pa_licence',
  CRNA_LICENCE = 'crna_licence',
  ACLS = 'acls',
  BLS = 'bls',
  PALS = 'pals',
}

export const CREDENTIAL_KINDS: readonly CredentialKind[] = Object.values(CredentialKind);

/** Licences carry a number and the issuing state; certifications need neither. */
export const LICENCE_KINDS: readonly CredentialKind[] = [
  CredentialKind.RN_LICENCE,
  CredentialKind.NP_LICENCE,
  CredentialKind.MD_LICENCE,
  CredentialKind.DO_LICENCE,
  CredentialKind.PA_LICENCE,
  CredentialKind.CRNA_LICENCE,
];

export const CREDENTIAL_LABELS: Readonly<Record<CredentialKind, string>> = {
  rn_licence: 'RN licence',
  np_licence: 'NP licence',
  md_licence: 'MD licence',
  do_licence: 'DO licence',
  pa_licence: 'PA licence',
  crna_licence: 'CRNA licence',
  acls: 'ACLS',
  bls: 'BLS',
  pals: 'PALS',
};

/** USPS codes of the states, DC and the inhabited territories, whose boards issue licences. */
export const US_STATE_CODES: readonly string[] = (
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY ' +
  'NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP'
).split(' ');

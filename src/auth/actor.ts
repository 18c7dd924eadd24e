export enum StaffRole {
  ADMIN = 'admin',
  CLINICIAN = 'clinician',
  NURSE = 'nurse',
  FRONT_DESK = 'front_desk',
}

export const ALL_ROLES = Object.values(StaffRole);

/** Who is making the request: resolved from the token and the users table on every request. */
export interface Actor {
  userId: string;
  email: string;
  role: StaffRole;
  /** The clinics whose records this user may see; every query is scoped to these. */
  clinicIds: string[];
  requestId: string;
  clientIp: string | null;
}

/** An unauthenticated caller of a public endpoint: known only by request id and address. */
export interface PublicCaller {
  requestId: string;
  clientIp: string | null;
}

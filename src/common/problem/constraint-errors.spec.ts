import { knownConstraintConflict } from 'src/common/problem/constraint-errors';

describe('database constraint violations as conflicts', () => {
  it.each([
    // SQLSTATE, constraint, code answered with 409 (undefined: not a known conflict)
    ['23P01', 'infusion_sessions_chair_double_booked', 'CHAIR_DOUBLE_BOOKED'],
    ['23P01', 'infusion_sessions_nurse_ratio', 'NURSE_RATIO_EXCEEDED'],
    ['23514', 'infusion_sessions_signed_lock', 'SESSION_SIGNED'],
    ['23514', 'session_record_signed', 'SESSION_SIGNED'],
    ['23505', 'users_email_key', 'USER_EMAIL_TAKEN'],
    ['23505', 'staff_credentials_user_kind_identifier_key', 'CREDENTIAL_DUPLICATE'],
    ['23514', 'some_check_of_a_value', undefined],
    ['23514', 'toString', undefined],
    ['23514', undefined, undefined],
    ['42P01', 'infusion_sessions_signed_lock', undefined],
    [undefined, 'infusion_sessions_signed_lock', undefined],
  ])('should answer %p on %p as %p', (sqlState, constraint, code) => {
    expect(knownConstraintConflict(sqlState, constraint)?.code).toBe(code);
  });
});

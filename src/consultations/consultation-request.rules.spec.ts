import {
  appointmentStartProblem,
  canCancelAppointment,
  ConsultationRequestAction,
  ConsultationRequestStatus,
  contactProblems,
  nextRequestStatus,
} from 'src/consultations/consultation-request.rules';

// Issue 3, point 7: website requests land in the inbox; front desk contacts, converts or declines.
// The domain reference (../shared/domain/ketamine-clinic.md) has no rule here: these are workflow rules.
describe('consultation request rules', () => {
  describe('nextRequestStatus', () => {
    const table: [
      ConsultationRequestStatus,
      ConsultationRequestAction,
      ConsultationRequestStatus | null,
    ][] = [
      ['new', 'mark-contacted', 'contacted'],
      ['new', 'decline', 'declined'],
      ['new', 'convert', 'converted'],
      ['contacted', 'mark-contacted', null],
      ['contacted', 'decline', 'declined'],
      ['contacted', 'convert', 'converted'],
      ['converted', 'mark-contacted', null],
      ['converted', 'decline', null],
      ['converted', 'convert', null],
      ['declined', 'mark-contacted', null],
      ['declined', 'decline', null],
      ['declined', 'convert', null],
    ];
    it.each(table)('should move %s on %s to %s', (from, action, to) => {
      expect(nextRequestStatus(from, action)).toBe(to);
    });
  });

  describe('canCancelAppointment', () => {
    it.each([
      ['scheduled', true],
      ['cancelled', false],
    ] as const)('should answer for %s: %s', (status, allowed) => {
      expect(canCancelAppointment(status)).toBe(allowed);
    });
  });

  describe('contactProblems', () => {
    it.each([
      [{ email: 'a@b.example', preferredContactMethod: 'email' as const }, []],
      [{ phone: '+1 303 555 0100', preferredContactMethod: 'phone' as const }, []],
      [
        { phone: '+1 303 555 0100', preferredContactMethod: 'email' as const },
        [{ field: 'email', message: 'email is required when preferredContactMethod is email' }],
      ],
      [
        { email: 'a@b.example', phone: null, preferredContactMethod: 'phone' as const },
        [{ field: 'phone', message: 'phone is required when preferredContactMethod is phone' }],
      ],
    ])('should check %o', (request, problems) => {
      expect(contactProblems(request)).toEqual(problems);
    });
  });

  describe('appointmentStartProblem', () => {
    const now = new Date('2026-11-21T12:00:00Z');
    it.each([
      ['2026-11-22T09:00:00Z', null],
      ['2026-11-21T11:56:00Z', null],
      ['2026-11-21T11:54:00Z', 'startsAt must not be in the past'],
    ])('should judge a start at %s', (startsAt, problem) => {
      expect(appointmentStartProblem(new Date(startsAt), now)).toBe(problem);
    });
  });
});

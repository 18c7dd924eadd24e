/**
 * The life of a request made on the clinic website (issue 3, point 7): it arrives `new`, front desk
 * may record that they reached the person (`contacted`), and it ends either `converted` (a patient
 * and a consultation appointment exist) or `declined`. Ended requests never move again.
 */
export type ConsultationRequestStatus = 'new' | 'contacted' | 'converted' | 'declined';
export type ConsultationRequestAction = 'mark-contacted' | 'decline' | 'convert';

export const CONSULTATION_REQUEST_STATUSES: ConsultationRequestStatus[] = [
  'new',
  'contacted',
  'converted',
  'declined',
];

const MOVES: Record<
  ConsultationRequestAction,
  { from: ConsultationRequestStatus[]; to: ConsultationRequestStatus }
> = {
  'mark-contacted': { from: ['new'], to: 'contacted' },
  decline: { from: ['new', 'contacted'], to: 'declined' },
  convert: { from: ['new', 'contacted'], to: 'converted' },
};

/** The status after `action`, or null when the action is not allowed from `current` (a 409). */
export function nextRequestStatus(
  current: ConsultationRequestStatus,
  action: ConsultationRequestAction,
): ConsultationRequestStatus | null {
  const move = MOVES[action];
  return move.from.includes(current) ? move.to : null;
}

export type ConsultationAppointmentStatus = 'scheduled' | 'cancelled';

/** Only a scheduled appointment can be cancelled; cancelling frees the clinician's slot. */
export function canCancelAppointment(status: ConsultationAppointmentStatus): boolean {
  return status === 'scheduled';
}

/** The requester must be reachable the way they asked to be contacted. */
export function contactProblems(request: {
  email?: string | null;
  phone?: string | null;
  preferredContactMethod: 'email' | 'phone';
}): { field: string; message: string }[] {
  const given = request.preferredContactMethod === 'email' ? request.email : request.phone;
  if (given) {
    return [];
  }
  return [
    {
      field: request.preferredContactMethod,
      message: `${request.preferredContactMethod} is required when preferredContactMethod is ${request.preferredContactMethod}`,
    },
  ];
}

/** A consultation is booked in the future, never in the past (5 minutes of clock skew allowed). */
export function appointmentStartProblem(startsAt: Date, now: Date): string | null {
  return startsAt.getTime() < now.getTime() - 5 * 60_000
    ? 'startsAt must not be in the past'
    : null;
}

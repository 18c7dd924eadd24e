import { Actor } from 'src/auth/actor';
import { FollowUpException, FollowUpExceptionCode } from 'src/follow-ups/follow-up.exception';
import { SessionsService } from 'src/sessions/sessions.service';

/**
 * A linked session must be visible to the actor (404 otherwise) and belong to the same patient.
 * Read without a row lock: the link only needs the session to exist, and locking it after the
 * patient row could deadlock against a discharge that locks them the other way round.
 */
export async function assertSessionOf(
  sessions: SessionsService,
  actor: Actor,
  sessionId: string,
  patientId: string,
): Promise<void> {
  const session = await sessions.getSessionRef(actor, sessionId);
  if (session.patientId !== patientId) {
    throw FollowUpException.invalid(
      FollowUpExceptionCode.SESSION_OTHER_PATIENT,
      'sessionId',
      'sessionId belongs to another patient',
    );
  }
}

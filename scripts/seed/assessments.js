// Rating-scale administrations (§5), scored by the app's own rules (dist/src/follow-ups), with the
// suicide-risk alerts they raise, acknowledged by a clinician so that nothing in the past blocks.
const clinical = require('./clinical');
const { pgArray } = require('./copy');
const { stamp } = require('./tables');

const MIN = 60000;

/**
 * An assessment of `scale` totalling about `total`, scored by the app's own rules, with the alerts
 * it raises (acknowledged by `reviewer` within the hour: nothing is left blocking in the past).
 */
function assess(ctx, rng, tables, audit, p, a) {
  const def = ctx.rules.findInstrument(a.scale);
  const shape = clinical.SCALE_SHAPE[a.scale];
  const responses = clinical.answersFor(rng, shape.items, shape.max, a.total, a.fixed ?? {});
  const score = ctx.rules.scoreAssessment(def, responses);
  const id = rng.uuid();
  tables.assessments.add(
    stamp(
      {
        id,
        clinic_id: p.clinicId,
        patient_id: p.id,
        instrument_code: def.code,
        instrument_version: def.version,
        responses,
        total: score.total,
        band: score.band,
        flags: pgArray(score.flags),
        context: a.context,
        administered_at: a.at,
        session_id: a.sessionId ?? null,
        follow_up_id: a.followUpId ?? null,
        recorded_by: a.by.id,
      },
      a.at,
    ),
  );
  audit.add(p.clinicId, a.by, 'create', null, 'Assessment', id, a.at);
  for (const alert of score.alerts) {
    const alertId = rng.uuid();
    const ackAt = new Date(a.at.getTime() + rng.int(3, 12) * MIN);
    tables.alerts.add(
      stamp(
        {
          id: alertId,
          clinic_id: p.clinicId,
          patient_id: p.id,
          assessment_id: id,
          kind: alert.kind,
          severity: alert.severity,
          status: 'acknowledged',
          acknowledged_by: a.reviewer.id,
          acknowledged_at: ackAt,
          acknowledgement_note:
            'Reviewed with the patient: passive thoughts, no plan or intent; safety plan in place',
        },
        a.at,
        2,
        ackAt,
      ),
    );
    audit.add(p.clinicId, a.reviewer, 'action', 'acknowledge', 'Alert', alertId, ackAt);
  }
  if (a.scale === 'phq9' && responses[8] > 0) {
    // §5: item 9 > 0 calls for a C-SSRS screen the same day (passive ideation: low risk).
    const cssrs = ctx.rules.findInstrument('cssrs_screener');
    const answers = [1, 0, null, null, null, 0, null];
    const result = ctx.rules.scoreAssessment(cssrs, answers);
    const cssrsId = rng.uuid();
    const when = new Date(a.at.getTime() + 2 * MIN);
    tables.assessments.add(
      stamp(
        {
          id: cssrsId,
          clinic_id: p.clinicId,
          patient_id: p.id,
          instrument_code: cssrs.code,
          instrument_version: cssrs.version,
          responses: answers,
          total: result.total,
          band: result.band,
          flags: pgArray(result.flags),
          context: a.context,
          administered_at: when,
          session_id: a.sessionId ?? null,
          follow_up_id: a.followUpId ?? null,
          recorded_by: a.reviewer.id,
        },
        when,
      ),
    );
    audit.add(p.clinicId, a.reviewer, 'create', null, 'Assessment', cssrsId, when);
    for (const alert of result.alerts) {
      const alertId = rng.uuid();
      const ackAt = new Date(when.getTime() + rng.int(3, 12) * MIN);
      tables.alerts.add(
        stamp(
          {
            id: alertId,
            clinic_id: p.clinicId,
            patient_id: p.id,
            assessment_id: cssrsId,
            kind: alert.kind,
            severity: alert.severity,
            status: 'acknowledged',
            acknowledged_by: a.reviewer.id,
            acknowledged_at: ackAt,
            acknowledgement_note: 'Low risk on C-SSRS; plan continues',
          },
          when,
          2,
          ackAt,
        ),
      );
      audit.add(p.clinicId, a.reviewer, 'action', 'acknowledge', 'Alert', alertId, ackAt);
    }
  }
  return { id, total: score.total };
}

module.exports = { assess };

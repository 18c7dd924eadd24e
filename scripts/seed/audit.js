// The audit trail of seeded records: one audit_events row per create and per lifecycle action,
// as the services write them (actor, role, clinic, resource, when).
class AuditTrail {
  constructor(buffer) {
    this.buffer = buffer;
    /** The stream ids are drawn from: the setup's, then each patient's. */
    this.rng = null;
  }

  add(clinicId, actor, action, actionName, resourceType, resourceId, at, details = null) {
    this.buffer.add({
      id: this.rng.uuid(),
      clinic_id: clinicId,
      actor_id: actor ? actor.id : null,
      actor_role: actor ? actor.role : null,
      action,
      action_name: actionName,
      resource_type: resourceType,
      resource_id: resourceId,
      request_id: null,
      details,
      occurred_at: at,
      created_at: at,
      updated_at: at,
    });
  }
}

module.exports = { AuditTrail };

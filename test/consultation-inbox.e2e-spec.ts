import { startTestApp, TestApp } from 'test/support/test-app';
import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
  newStaff,
  Role,
  Staff,
} from 'test/support/fixtures';
import { newConsultationRequest, slot } from 'test/support/consultation.fixtures';

const BASE = '/api/v1/consultation-requests';
const idsOf = (items: { id: string }[]) => items.map((i) => i.id);
const APPOINTMENTS = '/api/v1/consultation-appointments';

// Issue 3, point 7: website requests land in the clinic inbox; front desk turns them into a
// patient and a consultation appointment.
describe('consultation request inbox', () => {
  let app: TestApp;
  let root: string;
  let a: ClinicWorld;
  let b: ClinicWorld;
  let secondClinician: Staff;

  const token = (world: ClinicWorld, role: Role) => auth(world.staff[role].token);
  const requestRow = async (id: string): Promise<Record<string, unknown>> =>
    (
      await app.db.query(
        'SELECT status, patient_id, appointment_id, converted_by, version FROM consultation_requests WHERE id = $1',
        [id],
      )
    ).rows[0] as Record<string, unknown>;
  const count = async (table: string) =>
    (await app.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  const convertBody = (clinicianId: string, startsAt: string, extra = {}) => ({
    patient: { sexAtBirth: 'female' },
    appointment: { startsAt, durationMinutes: 45, clinicianId },
    ...extra,
  });

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    a = await newClinicWorld(app, root);
    b = await newClinicWorld(app, root);
    secondClinician = await newStaff(app, root, 'clinician', [a.clinicId]);
  }, 60_000);
  afterAll(async () => {
    await app.stop();
  });

  describe('reading the inbox', () => {
    let ids: string[];
    let foreignId: string;
    beforeAll(async () => {
      ids = [];
      for (let i = 0; i < 3; i += 1) {
        ids.push(await newConsultationRequest(app, a.clinicId));
      }
      foreignId = await newConsultationRequest(app, b.clinicId);
    });

    it.each(['front_desk', 'admin', 'clinician'] as Role[])(
      'should let %s of the clinic list its requests newest first, and audit the list',
      async (role) => {
        const response = await app.http().get(BASE).set(token(a, role));
        expect(response.status).toBe(200);
        const listed: string[] = idsOf(response.body.data);
        expect(listed.slice(0, 3)).toEqual([...ids].reverse());
        expect(listed).not.toContain(foreignId);
        const audit = await app.db.query(
          `SELECT resource_ids, clinic_id FROM audit_events
            WHERE actor_id = $1 AND action = 'list' AND resource_type = 'ConsultationRequest'
            ORDER BY occurred_at DESC LIMIT 1`,
          [a.staff[role].id],
        );
        expect(audit.rows[0].clinic_id).toBe(a.clinicId);
        expect(audit.rows[0].resource_ids).toEqual(expect.arrayContaining(ids));
      },
    );

    it('should refuse the inbox to nurses (403) and to callers without a token (401)', async () => {
      expect((await app.http().get(BASE).set(token(a, 'nurse'))).status).toBe(403);
      expect((await app.http().get(`${BASE}/${ids[0]}`).set(token(a, 'nurse'))).status).toBe(403);
      expect((await app.http().get(BASE)).status).toBe(401);
    });

    it('should page with a keyset cursor, newest first', async () => {
      const first = await app.http().get(`${BASE}?limit=2`).set(token(a, 'front_desk'));
      expect(first.status).toBe(200);
      expect(first.body.data).toHaveLength(2);
      const second = await app
        .http()
        .get(`${BASE}?limit=2&cursor=${first.body.nextCursor}`)
        .set(token(a, 'front_desk'));
      expect(second.status).toBe(200);
      const all = idsOf([...first.body.data, ...second.body.data]);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toContain(ids[0]);
    });

    it('should filter by status and never show another clinic, even when asked by clinicId', async () => {
      const contacted = await app
        .http()
        .post(`${BASE}/${ids[1]}/mark-contacted`)
        .set(token(a, 'front_desk'));
      expect(contacted.status).toBe(200);
      const onlyContacted = await app
        .http()
        .get(`${BASE}?status=contacted`)
        .set(token(a, 'front_desk'));
      expect(idsOf(onlyContacted.body.data)).toEqual([ids[1]]);
      const foreign = await app
        .http()
        .get(`${BASE}?clinicId=${b.clinicId}`)
        .set(token(a, 'front_desk'));
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('CLINIC_NOT_FOUND');
      const badStatus = await app.http().get(`${BASE}?status=open`).set(token(a, 'front_desk'));
      expect(badStatus.status).toBe(400);
      expect(badStatus.body.errors[0].field).toBe('status');
    });

    it('should show a request with its contact details to the clinic, audit the read, and 404 elsewhere', async () => {
      const response = await app.http().get(`${BASE}/${ids[0]}`).set(token(a, 'clinician'));
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe('"1"');
      expect(response.body).toMatchObject({
        id: ids[0],
        clinicId: a.clinicId,
        status: 'new',
        firstName: 'Robin',
        preferredContactMethod: 'email',
        treatmentOfInterest: 'treatment_resistant_depression',
        patientId: null,
        appointmentId: null,
      });
      const audit = await app.db.query(
        `SELECT details FROM audit_events WHERE actor_id = $1 AND action = 'read' AND resource_id = $2`,
        [a.staff.clinician.id, ids[0]],
      );
      expect(audit.rows).toEqual([{ details: null }]);
      const fromB = await app.http().get(`${BASE}/${ids[0]}`).set(token(b, 'front_desk'));
      expect(fromB.status).toBe(404);
      expect(fromB.body.code).toBe('CONSULTATION_REQUEST_NOT_FOUND');
      const missing = await app
        .http()
        .get(`${BASE}/00000000-0000-4000-8000-000000000000`)
        .set(token(a, 'front_desk'));
      expect(missing.body).toMatchObject({ status: 404, code: fromB.body.code });
    });
  });

  describe('mark-contacted and decline', () => {
    it('should move new → contacted once, then answer 409', async () => {
      const id = await newConsultationRequest(app, a.clinicId);
      const first = await app
        .http()
        .post(`${BASE}/${id}/mark-contacted`)
        .set(token(a, 'front_desk'))
        .set('If-Match', '"1"');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        status: 'contacted',
        contactedBy: a.staff.front_desk.id,
        version: 2,
      });
      const again = await app
        .http()
        .post(`${BASE}/${id}/mark-contacted`)
        .set(token(a, 'front_desk'));
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ILLEGAL_REQUEST_TRANSITION');
      const audit = await app.db.query(
        `SELECT action_name, details FROM audit_events WHERE resource_id = $1 AND action = 'action'`,
        [id],
      );
      expect(audit.rows).toEqual([{ action_name: 'mark-contacted', details: { fields: [] } }]);
    });

    it('should answer 412 to a stale If-Match and change nothing', async () => {
      const id = await newConsultationRequest(app, a.clinicId);
      const stale = await app
        .http()
        .post(`${BASE}/${id}/mark-contacted`)
        .set(token(a, 'front_desk'))
        .set('If-Match', '"7"');
      expect(stale.status).toBe(412);
      expect((await requestRow(id)).status).toBe('new');
    });

    it('should let only front desk and admins act, and only in their clinic', async () => {
      const id = await newConsultationRequest(app, a.clinicId);
      for (const role of ['clinician', 'nurse'] as Role[]) {
        const response = await app.http().post(`${BASE}/${id}/mark-contacted`).set(token(a, role));
        expect(response.status).toBe(403);
      }
      const fromB = await app.http().post(`${BASE}/${id}/decline`).set(token(b, 'admin')).send({
        reason: 'not ours',
      });
      expect(fromB.status).toBe(404);
      expect((await requestRow(id)).status).toBe('new');
      const byAdmin = await app.http().post(`${BASE}/${id}/mark-contacted`).set(token(a, 'admin'));
      expect(byAdmin.status).toBe(200);
    });

    it('should decline with a reason (required), keep the reason out of the audit, and end the request', async () => {
      const id = await newConsultationRequest(app, a.clinicId);
      const noReason = await app
        .http()
        .post(`${BASE}/${id}/decline`)
        .set(token(a, 'front_desk'))
        .send({});
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors).toEqual([{ field: 'reason', message: 'reason is required' }]);
      const declined = await app
        .http()
        .post(`${BASE}/${id}/decline`)
        .set(token(a, 'front_desk'))
        .send({ reason: 'Lives abroad; referred locally' });
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({
        status: 'declined',
        declinedBy: a.staff.front_desk.id,
        declineReason: 'Lives abroad; referred locally',
      });
      const audit = await app.db.query(
        `SELECT details::text FROM audit_events WHERE resource_id = $1 AND action_name = 'decline'`,
        [id],
      );
      expect(audit.rows[0].details).not.toContain('abroad');
      for (const action of ['mark-contacted', 'decline', 'convert']) {
        const after = await app
          .http()
          .post(`${BASE}/${id}/${action}`)
          .set(token(a, 'front_desk'))
          .send(
            action === 'decline'
              ? { reason: 'again' }
              : action === 'convert'
                ? convertBody(a.staff.clinician.id, slot(30))
                : {},
          );
        expect(after.status).toBe(409);
        expect(after.body.code).toBe('ILLEGAL_REQUEST_TRANSITION');
      }
    });
  });

  describe('convert', () => {
    it('should create the patient from the request, book the consultation and mark the request converted, all audited', async () => {
      const id = await newConsultationRequest(app, a.clinicId, {
        firstName: 'Morgan',
        lastName: 'Ellison',
        email: 'morgan.ellison@example.com',
        phone: '+1 720 555 0111',
        dateOfBirth: '1990-05-01',
      });
      const startsAt = slot(10, 15);
      const response = await app
        .http()
        .post(`${BASE}/${id}/convert`)
        .set(token(a, 'front_desk'))
        .send(convertBody(a.staff.clinician.id, startsAt));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'converted',
        convertedBy: a.staff.front_desk.id,
        patientId: expect.any(String),
        appointmentId: expect.any(String),
      });
      const patient = await app
        .http()
        .get(`/api/v1/patients/${response.body.patientId}`)
        .set(token(a, 'front_desk'));
      expect(patient.body).toMatchObject({
        clinicId: a.clinicId,
        firstName: 'Morgan',
        lastName: 'Ellison',
        email: 'morgan.ellison@example.com',
        phone: '+1 720 555 0111',
        dateOfBirth: '1990-05-01',
        sexAtBirth: 'female',
        mrn: expect.stringMatching(new RegExp(`^${a.code}-\\d{6}$`)),
      });
      const appointment = await app
        .http()
        .get(`${APPOINTMENTS}/${response.body.appointmentId}`)
        .set(token(a, 'clinician'));
      expect(appointment.status).toBe(200);
      expect(appointment.body).toMatchObject({
        clinicId: a.clinicId,
        patientId: response.body.patientId,
        clinicianId: a.staff.clinician.id,
        requestId: id,
        startsAt,
        endsAt: new Date(new Date(startsAt).getTime() + 45 * 60_000).toISOString(),
        durationMinutes: 45,
        status: 'scheduled',
        createdBy: a.staff.front_desk.id,
      });
      const audit = await app.db.query(
        `SELECT resource_type, action, action_name, details FROM audit_events
          WHERE request_id = $1 ORDER BY occurred_at`,
        [response.headers['x-request-id']],
      );
      expect(audit.rows).toEqual([
        { resource_type: 'Patient', action: 'create', action_name: null, details: null },
        {
          resource_type: 'ConsultationAppointment',
          action: 'create',
          action_name: null,
          details: null,
        },
        {
          resource_type: 'ConsultationRequest',
          action: 'action',
          action_name: 'convert',
          details: { fields: ['patient', 'appointment'] },
        },
      ]);
      const twice = await app
        .http()
        .post(`${BASE}/${id}/convert`)
        .set(token(a, 'front_desk'))
        .send(convertBody(a.staff.clinician.id, slot(11, 15)));
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('ILLEGAL_REQUEST_TRANSITION');
    });

    it('should let the given patient fields win over the request’s', async () => {
      const id = await newConsultationRequest(app, a.clinicId, { firstName: 'Sam' });
      const response = await app
        .http()
        .post(`${BASE}/${id}/convert`)
        .set(token(a, 'admin'))
        .send(
          convertBody(a.staff.clinician.id, slot(10, 17), {
            patient: { sexAtBirth: 'male', firstName: 'Samuel', mrn: 'WEB-001' },
          }),
        );
      expect(response.status).toBe(200);
      const { rows } = await app.db.query(
        'SELECT first_name, mrn, sex_at_birth FROM patients WHERE id = $1',
        [response.body.patientId],
      );
      expect(rows).toEqual([{ first_name: 'Samuel', mrn: 'WEB-001', sex_at_birth: 'male' }]);
    });

    it('should book an existing patient of the clinic without creating another', async () => {
      const existing = await newPatient(app, a.staff.front_desk.token);
      const id = await newConsultationRequest(app, a.clinicId);
      const before = await count('patients');
      const response = await app
        .http()
        .post(`${BASE}/${id}/convert`)
        .set(token(a, 'front_desk'))
        .send({
          patientId: existing.id,
          appointment: {
            startsAt: slot(12, 9),
            durationMinutes: 30,
            clinicianId: a.staff.clinician.id,
          },
        });
      expect(response.status).toBe(200);
      expect(response.body.patientId).toBe(existing.id);
      expect(await count('patients')).toBe(before);
    });

    it.each([
      [
        'a patient field missing from both the body and the request',
        (_: string) => ({ patient: {} }),
        400,
        [{ field: 'patient.sexAtBirth', message: 'patient.sexAtBirth is required' }],
      ],
      [
        'an invalid patient field',
        (_: string) => ({ patient: { sexAtBirth: 'female', weightKg: 5 } }),
        400,
        [{ field: 'patient.weightKg', message: 'patient.weightKg must not be less than 20' }],
      ],
      [
        'both patientId and patient',
        (patientId: string) => ({ patientId, patient: { sexAtBirth: 'female' } }),
        400,
        [{ field: 'patient', message: 'give either patientId or patient, not both' }],
      ],
      [
        'a start in the past',
        (_: string) => ({
          appointment: {
            startsAt: '2020-01-01T09:00:00Z',
            durationMinutes: 30,
            clinicianId: 'CLINICIAN',
          },
        }),
        400,
        [
          {
            field: 'appointment.startsAt',
            message: 'appointment.startsAt must not be in the past',
          },
        ],
      ],
      [
        'a start without an offset',
        (_: string) => ({
          appointment: {
            startsAt: '2031-01-01T09:00:00',
            durationMinutes: 30,
            clinicianId: 'CLINICIAN',
          },
        }),
        400,
        [
          {
            field: 'appointment.startsAt',
            message: 'appointment.startsAt must be an ISO 8601 time with an offset',
          },
        ],
      ],
      [
        'a duration out of range',
        (_: string) => ({
          appointment: {
            startsAt: '2031-01-01T09:00:00Z',
            durationMinutes: 5,
            clinicianId: 'CLINICIAN',
          },
        }),
        400,
        [
          {
            field: 'appointment.durationMinutes',
            message: 'appointment.durationMinutes must not be less than 10',
          },
        ],
      ],
    ])('should refuse %s with 400 and keep nothing', async (_, body, status, errors) => {
      const patient = await newPatient(app, a.staff.front_desk.token);
      const id = await newConsultationRequest(app, a.clinicId);
      const before = await count('patients');
      const built = {
        ...convertBody(a.staff.clinician.id, slot(40, 9)),
        ...body(patient.id),
      } as { appointment: { clinicianId: string } };
      if (built.appointment.clinicianId === 'CLINICIAN') {
        built.appointment.clinicianId = a.staff.clinician.id;
      }
      const response = await app
        .http()
        .post(`${BASE}/${id}/convert`)
        .set(token(a, 'front_desk'))
        .send(built);
      expect(response.status).toBe(status);
      expect(response.body.errors).toEqual(errors);
      expect(await count('patients')).toBe(before);
      expect(await requestRow(id)).toMatchObject({ status: 'new', patient_id: null });
    });

    it.each([
      ['a nurse of the clinic', () => a.staff.nurse.id],
      ['a clinician of another clinic', () => b.staff.clinician.id],
      ['an unknown user', () => '00000000-0000-4000-8000-000000000000'],
    ])('should refuse %s as the consultation clinician', async (_, clinicianId) => {
      const id = await newConsultationRequest(app, a.clinicId);
      const response = await app
        .http()
        .post(`${BASE}/${id}/convert`)
        .set(token(a, 'front_desk'))
        .send(convertBody(clinicianId(), slot(41, 9)));
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        {
          field: 'appointment.clinicianId',
          message: 'appointment.clinicianId must be an active clinician of the request’s clinic',
        },
      ]);
      expect((await requestRow(id)).status).toBe('new');
    });

    it('should answer 404 for a patient of another clinic and 409 for an archived one', async () => {
      const foreign = await newPatient(app, b.staff.front_desk.token);
      const id = await newConsultationRequest(app, a.clinicId);
      const body = (patientId: string) => ({
        patientId,
        appointment: {
          startsAt: slot(42, 9),
          durationMinutes: 30,
          clinicianId: a.staff.clinician.id,
        },
      });
      const notFound = await app
        .http()
        .post(`${BASE}/${id}/convert`)
        .set(token(a, 'front_desk'))
        .send(body(foreign.id));
      expect(notFound.status).toBe(404);
      expect(notFound.body.code).toBe('PATIENT_NOT_FOUND');
      const archived = await newPatient(app, a.staff.front_desk.token);
      const archive = await app
        .http()
        .delete(`/api/v1/patients/${archived.id}`)
        .set(token(a, 'admin'));
      expect(archive.status).toBe(200);
      const refused = await app
        .http()
        .post(`${BASE}/${id}/convert`)
        .set(token(a, 'front_desk'))
        .send(body(archived.id));
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('PATIENT_ARCHIVED');
      expect((await requestRow(id)).status).toBe('new');
    });

    it('should refuse converting another clinic’s request (404) and by clinicians or nurses (403)', async () => {
      const id = await newConsultationRequest(app, a.clinicId);
      const fromB = await app
        .http()
        .post(`${BASE}/${id}/convert`)
        .set(token(b, 'front_desk'))
        .send(convertBody(b.staff.clinician.id, slot(43, 9)));
      expect(fromB.status).toBe(404);
      for (const role of ['clinician', 'nurse'] as Role[]) {
        const response = await app
          .http()
          .post(`${BASE}/${id}/convert`)
          .set(token(a, role))
          .send(convertBody(a.staff.clinician.id, slot(43, 9)));
        expect(response.status).toBe(403);
      }
      expect((await requestRow(id)).status).toBe('new');
    });

    it('should refuse an overlapping slot of the same clinician with 409 CLINICIAN_DOUBLE_BOOKED and roll everything back', async () => {
      const first = await newConsultationRequest(app, a.clinicId);
      const second = await newConsultationRequest(app, a.clinicId);
      const booked = await app
        .http()
        .post(`${BASE}/${first}/convert`)
        .set(token(a, 'front_desk'))
        .send(convertBody(a.staff.clinician.id, slot(20, 9)));
      expect(booked.status).toBe(200);
      const before = await count('patients');
      const overlapping = await app
        .http()
        .post(`${BASE}/${second}/convert`)
        .set(token(a, 'front_desk'))
        .send(convertBody(a.staff.clinician.id, slot(20, 9, 30)));
      expect(overlapping.status).toBe(409);
      expect(overlapping.body.code).toBe('CLINICIAN_DOUBLE_BOOKED');
      expect(await count('patients')).toBe(before);
      expect(await requestRow(second)).toMatchObject({ status: 'new', patient_id: null });
      // Back to back is not an overlap, and another clinician is free at the same time.
      const adjacent = await app
        .http()
        .post(`${BASE}/${second}/convert`)
        .set(token(a, 'front_desk'))
        .send(convertBody(a.staff.clinician.id, slot(20, 9, 45)));
      expect(adjacent.status).toBe(200);
      const third = await newConsultationRequest(app, a.clinicId);
      const otherClinician = await app
        .http()
        .post(`${BASE}/${third}/convert`)
        .set(token(a, 'front_desk'))
        .send(convertBody(secondClinician.id, slot(20, 9)));
      expect(otherClinician.status).toBe(200);
    });

    it('should let exactly one of several concurrent conversions at the same slot win', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        ids.push(await newConsultationRequest(app, a.clinicId));
      }
      const startsAt = slot(25, 14);
      const before = await count('patients');
      const responses = await Promise.all(
        ids.map((id) =>
          app
            .http()
            .post(`${BASE}/${id}/convert`)
            .set(token(a, 'front_desk'))
            .send(convertBody(a.staff.clinician.id, startsAt)),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
      for (const loser of responses.filter((r) => r.status === 409)) {
        expect(loser.body.code).toBe('CLINICIAN_DOUBLE_BOOKED');
      }
      expect(await count('patients')).toBe(before + 1);
      const { rows } = await app.db.query(
        `SELECT count(*)::int AS n FROM consultation_appointments
          WHERE clinician_id = $1 AND starts_at = $2 AND status = 'scheduled'`,
        [a.staff.clinician.id, startsAt],
      );
      expect(rows[0].n).toBe(1);
      const statusesInDb = await app.db.query(
        'SELECT status, count(*)::int AS n FROM consultation_requests WHERE id = ANY($1) GROUP BY status ORDER BY status',
        [ids],
      );
      expect(statusesInDb.rows).toEqual([
        { status: 'converted', n: 1 },
        { status: 'new', n: 5 },
      ]);
    });

    it('should let exactly one of concurrent conversions of the same request win', async () => {
      const id = await newConsultationRequest(app, a.clinicId);
      const responses = await Promise.all(
        [9, 11, 13].map((hour) =>
          app
            .http()
            .post(`${BASE}/${id}/convert`)
            .set(token(a, 'front_desk'))
            .send(convertBody(secondClinician.id, slot(26, hour))),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      const { rows } = await app.db.query(
        'SELECT count(*)::int AS n FROM consultation_appointments WHERE request_id = $1',
        [id],
      );
      expect(rows[0].n).toBe(1);
    });
  });

  describe('consultation appointments', () => {
    let appointmentId: string;
    let startsAt: string;
    beforeAll(async () => {
      const id = await newConsultationRequest(app, a.clinicId);
      startsAt = slot(50, 16);
      const converted = await app
        .http()
        .post(`${BASE}/${id}/convert`)
        .set(token(a, 'front_desk'))
        .send(convertBody(a.staff.clinician.id, startsAt));
      appointmentId = converted.body.appointmentId as string;
    });

    it('should list a clinic day’s agenda (in the clinic’s time zone) to any staff role, and audit it', async () => {
      const day = new Date(startsAt).toISOString().slice(0, 10); // 16:00Z is the same day in Denver
      for (const role of ['front_desk', 'admin', 'clinician', 'nurse'] as Role[]) {
        const response = await app
          .http()
          .get(`${APPOINTMENTS}?clinicId=${a.clinicId}&date=${day}`)
          .set(token(a, role));
        expect(response.status).toBe(200);
        expect(idsOf(response.body.data)).toEqual([appointmentId]);
      }
      const invalid = await app
        .http()
        .get(`${APPOINTMENTS}?date=2026-02-30`)
        .set(token(a, 'nurse'));
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors[0].field).toBe('date');
      const otherDay = new Date(new Date(startsAt).getTime() + 86_400_000)
        .toISOString()
        .slice(0, 10);
      const empty = await app.http().get(`${APPOINTMENTS}?date=${otherDay}`).set(token(a, 'nurse'));
      expect(idsOf(empty.body.data)).not.toContain(appointmentId);
      const audit = await app.db.query(
        `SELECT resource_ids, details FROM audit_events
          WHERE actor_id = $1 AND action = 'list' AND resource_type = 'ConsultationAppointment'
          ORDER BY occurred_at LIMIT 1`,
        [a.staff.front_desk.id],
      );
      expect(audit.rows).toEqual([
        { resource_ids: [appointmentId], details: { filters: ['date'] } },
      ]);
    });

    it('should place an appointment on the clinic’s local day, not the UTC one', async () => {
      // 03:00 UTC is 20:00 or 21:00 the evening before in Denver (America/Denver).
      const lateEvening = slot(51, 3);
      const id = await newConsultationRequest(app, a.clinicId);
      const converted = await app
        .http()
        .post(`${BASE}/${id}/convert`)
        .set(token(a, 'front_desk'))
        .send(convertBody(secondClinician.id, lateEvening));
      expect(converted.status).toBe(200);
      const utcDay = lateEvening.slice(0, 10);
      const denverDay = new Date(new Date(lateEvening).getTime() - 86_400_000)
        .toISOString()
        .slice(0, 10);
      const onDenverDay = await app
        .http()
        .get(`${APPOINTMENTS}?date=${denverDay}`)
        .set(token(a, 'front_desk'));
      expect(idsOf(onDenverDay.body.data)).toContain(converted.body.appointmentId);
      const onUtcDay = await app
        .http()
        .get(`${APPOINTMENTS}?date=${utcDay}`)
        .set(token(a, 'front_desk'));
      expect(idsOf(onUtcDay.body.data)).not.toContain(converted.body.appointmentId);
    });

    it('should filter by time range and clinician, page by start time, and hide other clinics', async () => {
      const from = new Date(new Date(startsAt).getTime() - 60_000).toISOString();
      const to = new Date(new Date(startsAt).getTime() + 60_000).toISOString();
      const ranged = await app
        .http()
        .get(`${APPOINTMENTS}?from=${from}&to=${to}&clinicianId=${a.staff.clinician.id}`)
        .set(token(a, 'front_desk'));
      expect(idsOf(ranged.body.data)).toEqual([appointmentId]);
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await app
          .http()
          .get(`${APPOINTMENTS}?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
          .set(token(a, 'front_desk'));
        expect(page.status).toBe(200);
        all.push(...(page.body.data as { startsAt: string }[]).map((x) => x.startsAt));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      expect(all).toEqual([...all].sort());
      expect(all.length).toBeGreaterThan(3);
      const fromB = await app.http().get(APPOINTMENTS).set(token(b, 'front_desk'));
      expect(fromB.body.data).toEqual([]);
      const noOffset = await app
        .http()
        .get(`${APPOINTMENTS}?from=2030-01-01T00:00:00`)
        .set(token(a, 'front_desk'));
      expect(noOffset.status).toBe(400);
    });

    it('should show one appointment to its clinic (audited) and 404 to others', async () => {
      const response = await app
        .http()
        .get(`${APPOINTMENTS}/${appointmentId}`)
        .set(token(a, 'nurse'));
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe('"1"');
      const audit = await app.db.query(
        `SELECT 1 FROM audit_events WHERE actor_id = $1 AND action = 'read' AND resource_id = $2`,
        [a.staff.nurse.id, appointmentId],
      );
      expect(audit.rows).toHaveLength(1);
      const fromB = await app.http().get(`${APPOINTMENTS}/${appointmentId}`).set(token(b, 'admin'));
      expect(fromB.status).toBe(404);
      expect(fromB.body.code).toBe('CONSULTATION_APPOINTMENT_NOT_FOUND');
      expect((await app.http().get(`${APPOINTMENTS}/${appointmentId}`)).status).toBe(401);
    });

    it('should cancel once (freeing the slot), then answer 409; nurses and other clinics may not', async () => {
      expect(
        (
          await app
            .http()
            .post(`${APPOINTMENTS}/${appointmentId}/cancel`)
            .set(token(a, 'nurse'))
            .send({})
        ).status,
      ).toBe(403);
      expect(
        (
          await app
            .http()
            .post(`${APPOINTMENTS}/${appointmentId}/cancel`)
            .set(token(b, 'front_desk'))
            .send({})
        ).status,
      ).toBe(404);
      const stale = await app
        .http()
        .post(`${APPOINTMENTS}/${appointmentId}/cancel`)
        .set(token(a, 'front_desk'))
        .set('If-Match', '"9"')
        .send({});
      expect(stale.status).toBe(412);
      const cancelled = await app
        .http()
        .post(`${APPOINTMENTS}/${appointmentId}/cancel`)
        .set(token(a, 'front_desk'))
        .send({ reason: 'Patient asked to move it' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        cancelledBy: a.staff.front_desk.id,
        cancelReason: 'Patient asked to move it',
        version: 2,
      });
      const again = await app
        .http()
        .post(`${APPOINTMENTS}/${appointmentId}/cancel`)
        .set(token(a, 'front_desk'))
        .send({});
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('APPOINTMENT_NOT_CANCELLABLE');
      const audit = await app.db.query(
        `SELECT action_name, outcome, clinic_id, details->>'code' AS code FROM audit_events
          WHERE resource_id = $1 AND action = 'action' ORDER BY occurred_at`,
        [appointmentId],
      );
      // The nurse's 403 and the other clinic's 404 are audited as refused, each in its own clinic.
      expect(audit.rows).toEqual([
        { action_name: 'cancel', outcome: 'forbidden', clinic_id: a.clinicId, code: 'FORBIDDEN' },
        {
          action_name: 'cancel',
          outcome: 'not_found',
          clinic_id: b.clinicId,
          code: 'CONSULTATION_APPOINTMENT_NOT_FOUND',
        },
        { action_name: 'cancel', outcome: 'success', clinic_id: a.clinicId, code: null },
      ]);
      // The clinician's slot is free again.
      const id = await newConsultationRequest(app, a.clinicId);
      const rebooked = await app
        .http()
        .post(`${BASE}/${id}/convert`)
        .set(token(a, 'front_desk'))
        .send(convertBody(a.staff.clinician.id, startsAt));
      expect(rebooked.status).toBe(200);
    });
  });

  it('should describe every consultation operation in the OpenAPI document', async () => {
    const doc = await app.http().get('/docs-json');
    expect(doc.status).toBe(200);
    const paths = doc.body.paths as Record<
      string,
      Record<
        string,
        { operationId?: string; summary?: string; description?: string; responses: object }
      >
    >;
    const ours = Object.entries(paths).filter(([path]) =>
      /^\/api\/v1\/(consultation-|public\/)/.test(path),
    );
    const operations = ours.flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, ...op })),
    );
    expect(operations.map((o) => o.operationId).sort()).toEqual([
      'cancelConsultationAppointment',
      'convertConsultationRequest',
      'declineConsultationRequest',
      'getConsultationAppointment',
      'getConsultationRequest',
      'getPublicClinic',
      'listConsultationAppointments',
      'listConsultationRequests',
      'listPublicClinics',
      'markConsultationRequestContacted',
      'submitConsultationRequest',
    ]);
    for (const op of operations) {
      expect(op.summary).toEqual(expect.any(String));
      expect(op.description).toEqual(expect.any(String));
      expect(Object.keys(op.responses)).toContain('400');
    }
    const staffOnly = operations.filter(
      (o) =>
        !['submitConsultationRequest', 'listPublicClinics', 'getPublicClinic'].includes(
          o.operationId ?? '',
        ),
    );
    for (const op of staffOnly) {
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
    const schemas = doc.body.components.schemas;
    expect(schemas.ConversionPatientDto.properties.sexAtBirth).toBeDefined();
    expect(schemas.ConversionPatientDto.properties.clinicId).toBeUndefined();
    expect(schemas.ConversionPatientDto.required ?? []).toEqual([]);
    expect([...(schemas.ConsultationSlotDto.required as string[])].sort()).toEqual([
      'clinicianId',
      'durationMinutes',
      'startsAt',
    ]);
  });
});

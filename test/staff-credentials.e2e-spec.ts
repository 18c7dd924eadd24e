import {
  auth,
  ClinicWorld,
  FAR_EXPIRY,
  loginAsRootAdmin,
  newClinicWorld,
  newCredential,
  newStaff,
  Staff,
} from 'test/support/fixtures';
import { todayIn } from 'test/support/follow-ups.fixtures';
import { errorFields, expectProblem, idsOf } from 'test/support/http-assertions';
import {
  action,
  book,
  newChair,
  newLot,
  newReadyPatient,
  newSessionReadyToStart,
  setClinicSettings,
} from 'test/support/sessions.fixtures';
import type { Response } from 'supertest';
import { startTestApp, TestApp } from 'test/support/test-app';

// The world clinics' time zone (test/support/fixtures.ts newClinic).
const TZ = 'America/Denver';
/** `n` days from today at 18:00 UTC: midday in Denver, so the clinic's date is todayIn(TZ, n). */
const day = (n: number) => new Date(`${todayIn(TZ, n)}T18:00:00Z`);

type Check = { check: string; message: string; overridable: boolean };
const checksOf = (body: { failedChecks?: Check[] }) =>
  (body.failedChecks ?? []).map((c) => c.check).sort();

// ../shared/domain/ketamine-clinic.md §3.3: qualified staff at the chair (issue 9 point 8).
describe('staff credentials', () => {
  let app: TestApp;
  let root: string;
  let a: ClinicWorld;
  let b: ClinicWorld;

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    a = await newClinicWorld(app, root);
    b = await newClinicWorld(app, root);
    await setClinicSettings(app, a, { maxPatientsPerNurse: 20 });
  }, 60_000);
  afterAll(async () => {
    await app.stop();
  });

  const credentialsUrl = (userId: string) => `/api/v1/users/${userId}/credentials`;
  const bareNurse = (clinicIds = [a.clinicId]) =>
    newStaff(app, root, 'nurse', clinicIds, { credentials: false });

  describe('records', () => {
    let nurse: Staff;
    beforeAll(async () => {
      nurse = await bareNurse();
    });

    it('should record a licence with 201, Location and ETag, verified by the admin, and audit it without the number', async () => {
      const response = await app
        .http()
        .post(credentialsUrl(nurse.id))
        .set(auth(a.staff.admin.token))
        .send({
          kind: 'rn_licence',
          identifier: ' RN.0123456 ',
          issuingState: 'CO',
          issuedOn: '2024-05-01',
          expiresOn: '2027-09-30',
        });
      expect(response.status).toBe(201);
      const id = response.body.id as string;
      expect(response.headers.location).toBe(`${credentialsUrl(nurse.id)}/${id}`);
      expect(response.headers.etag).toBe('"1"');
      expect(response.body).toEqual({
        id,
        userId: nurse.id,
        kind: 'rn_licence',
        identifier: 'RN.0123456',
        issuingState: 'CO',
        issuedOn: '2024-05-01',
        expiresOn: '2027-09-30',
        verifiedBy: a.staff.admin.id,
        verifiedAt: expect.any(String),
        revokedAt: null,
        revokedBy: null,
        revokeReason: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        version: 1,
      });
      const audit = await app.db.query(
        `SELECT actor_id, action, resource_type, clinic_id, details FROM audit_events WHERE resource_id = $1`,
        [id],
      );
      expect(audit.rows).toEqual([
        {
          actor_id: a.staff.admin.id,
          action: 'create',
          resource_type: 'StaffCredential',
          clinic_id: a.clinicId,
          details: { userId: nurse.id, kind: 'rn_licence' },
        },
      ]);
    });

    it('should let every staff role of the clinic read a colleague’s training, and nobody of another clinic', async () => {
      const bls = await newCredential(app, a.staff.admin.token, nurse.id, {
        kind: 'bls',
        expiresOn: '2027-01-31',
      });
      for (const role of ['admin', 'clinician', 'nurse', 'front_desk'] as const) {
        const list = await app.http().get(credentialsUrl(nurse.id)).set(auth(a.staff[role].token));
        expect(list.status).toBe(200);
        expect(idsOf(list)).toContain(bls.id);
        const one = await app
          .http()
          .get(`${credentialsUrl(nurse.id)}/${bls.id}`)
          .set(auth(a.staff[role].token));
        expect(one.status).toBe(200);
        expect(one.headers.etag).toBe('"1"');
      }
      for (const role of ['admin', 'front_desk'] as const) {
        const token = b.staff[role].token;
        expectProblem(
          await app.http().get(credentialsUrl(nurse.id)).set(auth(token)),
          404,
          'USER_NOT_FOUND',
        );
        expectProblem(
          await app
            .http()
            .get(`${credentialsUrl(nurse.id)}/${bls.id}`)
            .set(auth(token)),
          404,
          'USER_NOT_FOUND',
        );
      }
      expectProblem(
        await app
          .http()
          .post(credentialsUrl(nurse.id))
          .set(auth(b.staff.admin.token))
          .send({ kind: 'acls', expiresOn: '2027-01-31' }),
        404,
        'USER_NOT_FOUND',
      );
      // another user's credential id under this user: not found
      const own = await newCredential(app, a.staff.admin.token, a.staff.front_desk.id, {
        kind: 'bls',
        expiresOn: '2027-01-31',
      });
      expectProblem(
        await app
          .http()
          .get(`${credentialsUrl(nurse.id)}/${own.id}`)
          .set(auth(a.staff.admin.token)),
        404,
        'CREDENTIAL_NOT_FOUND',
      );
    });

    it('should let only admins write (403 for other roles)', async () => {
      for (const role of ['clinician', 'nurse', 'front_desk'] as const) {
        expectProblem(
          await app
            .http()
            .post(credentialsUrl(nurse.id))
            .set(auth(a.staff[role].token))
            .send({ kind: 'pals', expiresOn: '2027-01-31' }),
          403,
          'FORBIDDEN',
        );
      }
      expectProblem(
        await app
          .http()
          .get(`/api/v1/staff-credentials/expiring?clinicId=${a.clinicId}`)
          .set(auth(a.staff.front_desk.token)),
        403,
        'FORBIDDEN',
      );
    });

    it('should answer 400 naming the invalid fields, unknown fields included', async () => {
      const post = (body: Record<string, unknown>) =>
        app.http().post(credentialsUrl(nurse.id)).set(auth(a.staff.admin.token)).send(body);
      const cases: [Record<string, unknown>, string[]][] = [
        [{ kind: 'cpr', expiresOn: '2027-01-01' }, ['kind']],
        [{ kind: 'bls', expiresOn: '2027-02-30' }, ['expiresOn']],
        [{ kind: 'bls', expiresOn: '01/31/2027' }, ['expiresOn']],
        [{ kind: 'bls' }, ['expiresOn']],
        [{ kind: 'bls', expiresOn: '2027-01-01', issuingState: 'Colorado' }, ['issuingState']],
        [{ kind: 'bls', expiresOn: '2027-01-01', issuingState: 'co' }, ['issuingState']],
        [{ kind: 'bls', expiresOn: '2027-01-01', issuedOn: '2999-01-01' }, ['issuedOn']],
        [{ kind: 'bls', expiresOn: '2027-01-01', verifiedBy: a.staff.admin.id }, ['verifiedBy']],
        [{ kind: 'md_licence', expiresOn: '2027-01-01' }, ['identifier', 'issuingState']],
        [{ kind: 'acls', expiresOn: '2026-01-01', issuedOn: '2026-02-01' }, ['issuedOn']],
      ];
      for (const [body, fields] of cases) {
        const response = await post(body);
        expectProblem(response, 400);
        expect({ body, fields: errorFields(response).sort() }).toEqual({ body, fields });
      }
      const { rows } = await app.db.query(
        `SELECT count(*)::int AS n FROM staff_credentials WHERE user_id = $1 AND kind IN ('md_licence', 'acls')`,
        [nurse.id],
      );
      expect(rows[0].n).toBe(0);
    });

    it('should refuse a second live credential of the same kind and number with 409', async () => {
      const body = {
        kind: 'np_licence',
        identifier: 'NP-77',
        issuingState: 'NM',
        expiresOn: '2028-01-01',
      };
      await newCredential(app, a.staff.admin.token, nurse.id, body);
      const again = await app
        .http()
        .post(credentialsUrl(nurse.id))
        .set(auth(a.staff.admin.token))
        .send({ ...body, expiresOn: '2029-01-01' });
      expectProblem(again, 409, 'CREDENTIAL_DUPLICATE');
      // one BLS card without a number per person
      await newCredential(app, a.staff.admin.token, nurse.id, {
        kind: 'pals',
        expiresOn: '2027-05-01',
      });
      expectProblem(
        await app
          .http()
          .post(credentialsUrl(nurse.id))
          .set(auth(a.staff.admin.token))
          .send({ kind: 'pals', expiresOn: '2028-05-01' }),
        409,
        'CREDENTIAL_DUPLICATE',
      );
    });

    it('should renew with If-Match: 412 when stale, the new expiry audited, the kind unchangeable', async () => {
      const acls = await newCredential(app, a.staff.admin.token, nurse.id, {
        kind: 'acls',
        expiresOn: '2026-12-31',
      });
      const url = `${credentialsUrl(nurse.id)}/${acls.id}`;
      const stale = await app
        .http()
        .patch(url)
        .set(auth(a.staff.admin.token))
        .set('If-Match', '"7"')
        .send({ expiresOn: '2028-12-31' });
      expectProblem(stale, 412, 'STALE_VERSION');
      expectProblem(
        await app.http().patch(url).set(auth(a.staff.admin.token)).send({ kind: 'bls' }),
        400,
      );
      expectProblem(
        await app.http().patch(url).set(auth(a.staff.admin.token)).send({ expiresOn: null }),
        400,
      );
      const renewed = await app
        .http()
        .patch(url)
        .set(auth(a.staff.admin.token))
        .set('If-Match', '"1"')
        .send({ expiresOn: '2028-12-31', identifier: 'ACLS-CARD-2' });
      expect(renewed.status).toBe(200);
      expect(renewed.headers.etag).toBe('"2"');
      expect(renewed.body).toMatchObject({
        kind: 'acls',
        expiresOn: '2028-12-31',
        identifier: 'ACLS-CARD-2',
        verifiedBy: a.staff.admin.id,
        version: 2,
      });
      const audit = await app.db.query(
        `SELECT action, details FROM audit_events WHERE resource_id = $1 AND action = 'update'`,
        [acls.id],
      );
      expect(audit.rows).toEqual([
        {
          action: 'update',
          details: { userId: nurse.id, kind: 'acls', fields: ['expiresOn', 'identifier'] },
        },
      ]);
    });

    it('should revoke once, keep the record, and leave it out of the list unless asked', async () => {
      const pals = await newCredential(app, a.staff.admin.token, a.staff.clinician.id, {
        kind: 'pals',
        expiresOn: '2027-03-01',
      });
      const url = `${credentialsUrl(a.staff.clinician.id)}/${pals.id}`;
      expectProblem(
        await app.http().post(`${url}/revoke`).set(auth(a.staff.admin.token)).send({}),
        400,
      );
      const revoked = await app
        .http()
        .post(`${url}/revoke`)
        .set(auth(a.staff.admin.token))
        .send({ reason: 'Entered in error' });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({
        revokedBy: a.staff.admin.id,
        revokeReason: 'Entered in error',
        revokedAt: expect.any(String),
      });
      expectProblem(
        await app
          .http()
          .post(`${url}/revoke`)
          .set(auth(a.staff.admin.token))
          .send({ reason: 'again' }),
        409,
        'CREDENTIAL_REVOKED',
      );
      expectProblem(
        await app
          .http()
          .patch(url)
          .set(auth(a.staff.admin.token))
          .send({ expiresOn: '2030-01-01' }),
        409,
        'CREDENTIAL_REVOKED',
      );
      const live = await app
        .http()
        .get(credentialsUrl(a.staff.clinician.id))
        .set(auth(a.staff.nurse.token));
      expect(idsOf(live)).not.toContain(pals.id);
      const all = await app
        .http()
        .get(`${credentialsUrl(a.staff.clinician.id)}?includeRevoked=true`)
        .set(auth(a.staff.nurse.token));
      expect(idsOf(all)).toContain(pals.id);
      // a revoked PALS frees the slot for a correct one
      await newCredential(app, a.staff.admin.token, a.staff.clinician.id, {
        kind: 'pals',
        expiresOn: '2027-04-01',
      });
      const audit = await app.db.query(
        `SELECT action_name FROM audit_events WHERE resource_id = $1 AND action = 'action'`,
        [pals.id],
      );
      expect(audit.rows).toEqual([{ action_name: 'revoke' }]);
    });

    it('should page a user’s credentials oldest first without gaps', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Response = await app
          .http()
          .get(
            `${credentialsUrl(nurse.id)}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          )
          .set(auth(a.staff.front_desk.token));
        expect(page.status).toBe(200);
        seen.push(...idsOf(page));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      const { rows } = await app.db.query(
        `SELECT id FROM staff_credentials WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
        [nurse.id],
      );
      expect(seen).toEqual(rows.map((r: { id: string }) => r.id));
      expectProblem(
        await app
          .http()
          .get(`${credentialsUrl(nurse.id)}?cursor=bogus`)
          .set(auth(a.staff.admin.token)),
        400,
        'INVALID_CURSOR',
      );
    });

    it('should let only an admin of every clinic of a shared nurse write her credentials', async () => {
      const shared = await newStaff(app, root, 'nurse', [a.clinicId, b.clinicId], {
        credentials: false,
      });
      expectProblem(
        await app
          .http()
          .post(credentialsUrl(shared.id))
          .set(auth(a.staff.admin.token))
          .send({ kind: 'bls', expiresOn: '2027-01-31' }),
        403,
        'USER_MANAGED_ELSEWHERE',
      );
      const bls = await newCredential(app, root, shared.id, {
        kind: 'bls',
        expiresOn: '2027-01-31',
      });
      for (const world of [a, b]) {
        const read = await app
          .http()
          .get(credentialsUrl(shared.id))
          .set(auth(world.staff.front_desk.token));
        expect(idsOf(read)).toEqual([bls.id]);
      }
      // one event in each clinic's trail
      const audit = await app.db.query(
        `SELECT clinic_id FROM audit_events WHERE resource_id = $1 ORDER BY clinic_id`,
        [bls.id],
      );
      expect(audit.rows.map((r: { clinic_id: string }) => r.clinic_id)).toEqual(
        [a.clinicId, b.clinicId].sort(),
      );
    });
  });

  describe('expiring list', () => {
    let c: ClinicWorld;
    const expected: { id: string; days: number }[] = [];
    const expiring = (query: string, token = c.staff.admin.token) =>
      app.http().get(`/api/v1/staff-credentials/expiring?${query}`).set(auth(token));

    beforeAll(async () => {
      c = await newClinicWorld(app, root);
      const admin = c.staff.admin.token;
      const one = await newStaff(app, admin, 'nurse', [c.clinicId], { credentials: false });
      const two = await newStaff(app, admin, 'clinician', [c.clinicId], { credentials: false });
      const gone = await newStaff(app, admin, 'nurse', [c.clinicId], { credentials: false });
      const add = async (user: Staff, body: Record<string, unknown>, days: number | null) => {
        const credential = await newCredential(app, admin, user.id, body);
        if (days !== null) {
          expected.push({ id: credential.id, days });
        }
        return credential;
      };
      await add(one, { kind: 'bls', identifier: 'OLD', expiresOn: todayIn(TZ, -10) }, -10);
      await add(one, { kind: 'acls', expiresOn: todayIn(TZ, 5) }, 5);
      await add(one, { kind: 'pals', expiresOn: todayIn(TZ, 40) }, 40);
      await add(two, { kind: 'acls', expiresOn: todayIn(TZ, 0) }, 0);
      await add(two, { kind: 'bls', expiresOn: todayIn(TZ, 20) }, 20);
      // renewed: an expired card and its live successor; only neither is listed
      await add(
        two,
        { kind: 'md_licence', identifier: 'MD-1', issuingState: 'CO', expiresOn: todayIn(TZ, -3) },
        null,
      );
      await add(
        two,
        { kind: 'md_licence', identifier: 'MD-2', issuingState: 'CO', expiresOn: FAR_EXPIRY },
        null,
      );
      // revoked, and of a deactivated user: not listed
      const revoked = await add(two, { kind: 'pals', expiresOn: todayIn(TZ, 2) }, null);
      await app
        .http()
        .post(`${credentialsUrl(two.id)}/${revoked.id}/revoke`)
        .set(auth(admin))
        .send({ reason: 'Entered in error' });
      await add(gone, { kind: 'bls', expiresOn: todayIn(TZ, 1) }, null);
      await app.http().post(`/api/v1/users/${gone.id}/deactivate`).set(auth(admin)).send({});
      expected.sort((x, y) => x.days - y.days || (x.id < y.id ? -1 : 1));
    }, 60_000);

    it('should list what expires within 30 days or has expired, soonest first, with the person', async () => {
      const response = await expiring(`clinicId=${c.clinicId}`);
      expect(response.status).toBe(200);
      const within30 = expected.filter((e) => e.days <= 30);
      expect(idsOf(response)).toEqual(within30.map((e) => e.id));
      expect(
        (response.body.data as { daysUntilExpiry: number }[]).map((d) => d.daysUntilExpiry),
      ).toEqual(within30.map((e) => e.days));
      expect(response.body.data[0]).toMatchObject({
        kind: 'bls',
        expiresOn: todayIn(TZ, -10),
        userFullName: 'Test nurse',
        userRole: 'nurse',
      });
      expect(response.body.nextCursor).toBeNull();
      // the clinician may read it too
      expect(idsOf(await expiring(`clinicId=${c.clinicId}`, c.staff.clinician.token))).toEqual(
        within30.map((e) => e.id),
      );
    });

    it('should honour withinDays (0: today and before; 60 adds the PALS)', async () => {
      expect(idsOf(await expiring(`clinicId=${c.clinicId}&withinDays=0`))).toEqual(
        expected.filter((e) => e.days <= 0).map((e) => e.id),
      );
      expect(idsOf(await expiring(`clinicId=${c.clinicId}&withinDays=60`))).toEqual(
        expected.map((e) => e.id),
      );
    });

    it('should page by (expiresOn, id) without duplicates or gaps', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Response = await expiring(
          `clinicId=${c.clinicId}&withinDays=60&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.status).toBe(200);
        expect(idsOf(page).length).toBeLessThanOrEqual(2);
        seen.push(...idsOf(page));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      expect(seen).toEqual(expected.map((e) => e.id));
      const forged = Buffer.from(JSON.stringify(['2026-13-45', c.clinicId])).toString('base64url');
      expectProblem(
        await expiring(`clinicId=${c.clinicId}&cursor=${forged}`),
        400,
        'INVALID_CURSOR',
      );
    });

    it('should be scoped to the caller’s clinics and validate its query', async () => {
      expectProblem(await expiring(`clinicId=${c.clinicId}`, b.staff.admin.token), 404);
      const ownOnly = await expiring(`clinicId=${b.clinicId}&withinDays=0`, b.staff.admin.token);
      expect(ownOnly.status).toBe(200);
      expect(ownOnly.body).toEqual({ data: [], nextCursor: null });
      for (const query of [
        '',
        'clinicId=not-a-uuid',
        `clinicId=${c.clinicId}&withinDays=366`,
        `clinicId=${c.clinicId}&withinDays=-1`,
        `clinicId=${c.clinicId}&limit=101`,
        `clinicId=${c.clinicId}&soon=true`,
      ]) {
        expectProblem(await expiring(query), 400);
      }
      expectProblem(await expiring(`clinicId=${c.clinicId}`, c.staff.nurse.token), 403);
    });
  });

  describe('booking checks the nurse (§3.3)', () => {
    it('should refuse a nurse whose BLS has expired by the session date with 422 and write nothing, then book once renewed', async () => {
      const nurse = await bareNurse();
      const bls = await newCredential(app, a.staff.admin.token, nurse.id, {
        kind: 'bls',
        identifier: 'BLS-SECRET-NUMBER',
        expiresOn: todayIn(TZ, 3),
      });
      const chairId = await newChair(app, a);
      const { patientId, planId } = await newReadyPatient(app, a);
      const attempt = (start: Date, nurseId = nurse.id) =>
        book(app, a.staff.front_desk.token, {
          patientId,
          planId,
          chairId,
          nurseId,
          scheduledStart: start.toISOString(),
        });
      const refused = await attempt(day(10));
      expectProblem(refused, 422, 'STAFF_CREDENTIALS_INVALID');
      expect(refused.body.failedChecks).toEqual([
        {
          check: 'NURSE_CREDENTIAL_EXPIRED',
          message: `The infusion nurse's BLS expired: valid through ${todayIn(TZ, 3)}, the infusion is on ${todayIn(TZ, 10)}`,
          overridable: false,
        },
      ]);
      expect(JSON.stringify(refused.body)).not.toContain('BLS-SECRET-NUMBER');
      const { rows } = await app.db.query(
        'SELECT count(*)::int AS n FROM infusion_sessions WHERE patient_id = $1',
        [patientId],
      );
      expect(rows[0].n).toBe(0);

      // valid through its last day: a session on that day is bookable
      const onLastDay = await attempt(day(3));
      expect(onLastDay.status).toBe(201);
      // rescheduling past the expiry is refused the same way
      const moved = await app
        .http()
        .post(`/api/v1/sessions/${onLastDay.body.id}/reschedule`)
        .set(auth(a.staff.front_desk.token))
        .send({ scheduledStart: day(12).toISOString() });
      expectProblem(moved, 422, 'STAFF_CREDENTIALS_INVALID');
      expect(checksOf(moved.body)).toEqual(['NURSE_CREDENTIAL_EXPIRED']);

      const renewed = await app
        .http()
        .patch(`${credentialsUrl(nurse.id)}/${bls.id}`)
        .set(auth(a.staff.admin.token))
        .set('If-Match', `"${bls.version}"`)
        .send({ expiresOn: todayIn(TZ, 730) });
      expect(renewed.status).toBe(200);
      const rescheduled = await app
        .http()
        .post(`/api/v1/sessions/${onLastDay.body.id}/reschedule`)
        .set(auth(a.staff.front_desk.token))
        .send({ scheduledStart: day(12).toISOString() });
      expect(rescheduled.status).toBe(200);
    });

    it('should refuse a nurse with no BLS (NURSE_CREDENTIAL_MISSING)', async () => {
      const nurse = await bareNurse();
      const { patientId, planId } = await newReadyPatient(app, a);
      const refused = await book(app, a.staff.front_desk.token, {
        patientId,
        planId,
        chairId: await newChair(app, a),
        nurseId: nurse.id,
        scheduledStart: day(5).toISOString(),
      });
      expectProblem(refused, 422, 'STAFF_CREDENTIALS_INVALID');
      expect(refused.body.failedChecks).toEqual([
        {
          check: 'NURSE_CREDENTIAL_MISSING',
          message: 'The infusion nurse has no BLS on record',
          overridable: false,
        },
      ]);
    });

    it('should honour a clinic requiring ACLS and BLS of its nurses, and validate the setting', async () => {
      const d = await newClinicWorld(app, root);
      const nurse = await newStaff(app, root, 'nurse', [d.clinicId], { credentials: false });
      await newCredential(app, root, nurse.id, { kind: 'bls', expiresOn: FAR_EXPIRY });
      const settings = (body: Record<string, unknown>) =>
        app
          .http()
          .patch(`/api/v1/clinics/${d.clinicId}/settings`)
          .set(auth(d.staff.admin.token))
          .send(body);
      const current = await app
        .http()
        .get(`/api/v1/clinics/${d.clinicId}/settings`)
        .set(auth(d.staff.admin.token));
      expect(current.body).toMatchObject({
        infusionNurseRequiredCredentials: ['bls'],
        supervisingClinicianRequiredCredentials: ['acls'],
      });
      for (const [body, field] of [
        [
          { infusionNurseRequiredCredentials: ['acls', 'acls'] },
          'infusionNurseRequiredCredentials',
        ],
        [{ infusionNurseRequiredCredentials: ['cpr'] }, 'infusionNurseRequiredCredentials'],
        [{ infusionNurseRequiredCredentials: 'bls' }, 'infusionNurseRequiredCredentials'],
        [
          { supervisingClinicianRequiredCredentials: null },
          'supervisingClinicianRequiredCredentials',
        ],
      ] as const) {
        const response = await settings(body);
        expectProblem(response, 400);
        expect(errorFields(response)).toContain(field);
      }
      const changed = await settings({ infusionNurseRequiredCredentials: ['acls', 'bls'] });
      expect(changed.status).toBe(200);
      expect(changed.body.infusionNurseRequiredCredentials).toEqual(['acls', 'bls']);

      const { patientId, planId } = await newReadyPatient(app, d);
      const chairId = await newChair(app, d);
      const attempt = () =>
        book(app, d.staff.front_desk.token, {
          patientId,
          planId,
          chairId,
          nurseId: nurse.id,
          scheduledStart: day(4).toISOString(),
        });
      const refused = await attempt();
      expectProblem(refused, 422, 'STAFF_CREDENTIALS_INVALID');
      expect(refused.body.failedChecks).toEqual([
        {
          check: 'NURSE_CREDENTIAL_MISSING',
          message: 'The infusion nurse has no ACLS on record',
          overridable: false,
        },
      ]);
      await newCredential(app, root, nurse.id, { kind: 'acls', expiresOn: FAR_EXPIRY });
      expect((await attempt()).status).toBe(201);
    });
  });

  describe('starting checks the supervising clinician (§3.3 ACLS-certified supervision)', () => {
    let d: ClinicWorld;
    let lotId: string;
    let clinicianAcls: { id: string; version: number };

    beforeAll(async () => {
      d = await newClinicWorld(app, root);
      await setClinicSettings(app, d, { maxPatientsPerNurse: 20 });
      lotId = await newLot(app, d, { receivedMg: 5000 });
      const list = await app
        .http()
        .get(credentialsUrl(d.staff.clinician.id))
        .set(auth(d.staff.admin.token));
      const acls = (list.body.data as { id: string; kind: string; version: number }[]).find(
        (c) => c.kind === 'acls',
      );
      clinicianAcls = acls as { id: string; version: number };
    }, 60_000);

    it('should refuse a nurse’s start when no clinician of the clinic holds ACLS, and a clinician’s own start without it', async () => {
      const revoked = await app
        .http()
        .post(`${credentialsUrl(d.staff.clinician.id)}/${clinicianAcls.id}/revoke`)
        .set(auth(d.staff.admin.token))
        .send({ reason: 'Card lapsed, not renewed' });
      expect(revoked.status).toBe(200);
      const { sessionId } = await newSessionReadyToStart(app, d, await newChair(app, d));
      const byNurse = await action(app, d.staff.nurse.token, sessionId, 'start', { lotId });
      expectProblem(byNurse, 422, 'PRE_INFUSION_GATE_FAILED');
      expect(byNurse.body.failedChecks).toEqual([
        {
          check: 'SUPERVISOR_CREDENTIAL_MISSING',
          message: 'No active clinician of the clinic has ACLS on record to supervise the infusion',
          overridable: false,
        },
      ]);
      const byClinician = await action(app, d.staff.clinician.token, sessionId, 'start', {
        lotId,
        overrides: [{ check: 'SUPERVISOR_CREDENTIAL_MISSING', reason: 'I am here' }],
      });
      expectProblem(byClinician, 422, 'PRE_INFUSION_GATE_FAILED');
      expect(byClinician.body.failedChecks).toEqual([
        {
          check: 'SUPERVISOR_CREDENTIAL_MISSING',
          message: 'The supervising clinician has no ACLS on record',
          overridable: false,
        },
      ]);
      const { rows } = await app.db.query(
        'SELECT status, started_at FROM infusion_sessions WHERE id = $1',
        [sessionId],
      );
      expect(rows[0]).toEqual({ status: 'checked_in', started_at: null });
    });

    it('should refuse with SUPERVISOR_CREDENTIAL_EXPIRED, then start once the ACLS is renewed', async () => {
      const lapsed = await newCredential(app, root, d.staff.clinician.id, {
        kind: 'acls',
        expiresOn: todayIn(TZ, -1),
      });
      const { sessionId } = await newSessionReadyToStart(app, d, await newChair(app, d));
      const refused = await action(app, d.staff.nurse.token, sessionId, 'start', { lotId });
      expectProblem(refused, 422, 'PRE_INFUSION_GATE_FAILED');
      expect(checksOf(refused.body)).toEqual(['SUPERVISOR_CREDENTIAL_EXPIRED']);
      expect(refused.body.failedChecks[0].message).toContain(`valid through ${todayIn(TZ, -1)}`);

      const renewed = await app
        .http()
        .patch(`${credentialsUrl(d.staff.clinician.id)}/${lapsed.id}`)
        .set(auth(root))
        .set('If-Match', `"${lapsed.version}"`)
        .send({ expiresOn: todayIn(TZ, 700) });
      expect(renewed.status).toBe(200);
      const started = await action(app, d.staff.nurse.token, sessionId, 'start', { lotId });
      expect(started.status).toBe(200);
      expect(started.body.status).toBe('in_progress');
      // the clinician, holding it now, may start too
      const next = await newSessionReadyToStart(app, d, await newChair(app, d));
      const own = await action(app, d.staff.clinician.token, next.sessionId, 'start', { lotId });
      expect(own.status).toBe(200);
    });

    it('should check the booked nurse again at start', async () => {
      const { sessionId } = await newSessionReadyToStart(app, d, await newChair(app, d));
      // the nurse's BLS lapses between booking and the infusion (set straight in the database)
      await app.db.query(
        `UPDATE staff_credentials SET expires_on = $2 WHERE user_id = $1 AND kind = 'bls'`,
        [d.staff.nurse.id, todayIn(TZ, -1)],
      );
      const refused = await action(app, d.staff.clinician.token, sessionId, 'start', { lotId });
      expectProblem(refused, 422, 'PRE_INFUSION_GATE_FAILED');
      expect(checksOf(refused.body)).toEqual(['NURSE_CREDENTIAL_EXPIRED']);
    });
  });
});

import { startTestApp, TestApp } from 'test/support/test-app';
import { auth, loginAsRootAdmin, newClinic } from 'test/support/fixtures';
import { newClientAddress, requestForm, submitRequest } from 'test/support/consultation.fixtures';

const PUBLIC_FIELDS = [
  'address',
  'email',
  'hours',
  'id',
  'name',
  'phone',
  'timezone',
  'treatmentsOffered',
];

const names = (items: { name: string }[]) => items.map((i) => i.name);

// Issue 3, point 7: the clinic website's directory and "request an appointment" form, no token.
describe('public front door', () => {
  let app: TestApp;
  let root: string;
  let listed: { id: string }[];
  let unlisted: { id: string };

  beforeAll(async () => {
    app = await startTestApp({ PUBLIC_RATE_LIMIT: '3' });
    root = await loginAsRootAdmin(app);
    listed = [];
    for (const name of ['Boulder Ketamine', 'Aurora Ketamine', 'Denver Ketamine']) {
      listed.push(
        await newClinic(app, root, {
          name,
          phone: '+1 303 555 0100',
          email: 'hello@clinic.example',
          address: { line1: '1 Main St', city: 'Denver', region: 'CO', country: 'US' },
          hours: [{ day: 'mon', opens: '08:00', closes: '17:00' }],
          treatmentsOffered: ['treatment_resistant_depression', 'ptsd'],
        }),
      );
    }
    unlisted = await newClinic(app, root, { name: 'Hidden Clinic', listedPublicly: false });
  });
  afterAll(async () => {
    await app.stop();
  });

  describe('GET /api/v1/public/clinics', () => {
    it('should list only publicly listed clinics by name, without a token, with public fields only', async () => {
      const response = await app.http().get('/api/v1/public/clinics');
      expect(response.status).toBe(200);
      expect(names(response.body.data)).toEqual([
        'Aurora Ketamine',
        'Boulder Ketamine',
        'Denver Ketamine',
      ]);
      expect(response.body.nextCursor).toBeNull();
      for (const clinic of response.body.data) {
        expect(Object.keys(clinic).sort()).toEqual(PUBLIC_FIELDS);
      }
      expect(response.body.data[0]).toMatchObject({
        phone: '+1 303 555 0100',
        email: 'hello@clinic.example',
        timezone: 'America/Denver',
        hours: [{ day: 'mon', opens: '08:00', closes: '17:00' }],
        treatmentsOffered: ['treatment_resistant_depression', 'ptsd'],
        address: { line1: '1 Main St', city: 'Denver' },
      });
    });

    it('should page through the directory with a keyset cursor', async () => {
      const first = await app.http().get('/api/v1/public/clinics?limit=2');
      expect(first.status).toBe(200);
      expect(first.body.data).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await app
        .http()
        .get(`/api/v1/public/clinics?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.status).toBe(200);
      expect(names(second.body.data)).toEqual(['Denver Ketamine']);
      expect(second.body.nextCursor).toBeNull();
    });

    it('should refuse a bad cursor and an unknown query field with 400', async () => {
      const bad = await app.http().get('/api/v1/public/clinics?cursor=nonsense');
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('INVALID_CURSOR');
      const unknown = await app.http().get('/api/v1/public/clinics?settings=true');
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors).toEqual([
        { field: 'settings', message: 'settings is not a known field' },
      ]);
    });

    it('should show one listed clinic and answer 404 for unlisted or unknown ones', async () => {
      const one = await app.http().get(`/api/v1/public/clinics/${listed[0]!.id}`);
      expect(one.status).toBe(200);
      expect(Object.keys(one.body).sort()).toEqual(PUBLIC_FIELDS);
      expect(one.body.name).toBe('Boulder Ketamine');
      const hidden = await app.http().get(`/api/v1/public/clinics/${unlisted.id}`);
      expect(hidden.status).toBe(404);
      const missing = await app
        .http()
        .get('/api/v1/public/clinics/00000000-0000-4000-8000-000000000000');
      expect(missing.status).toBe(404);
      expect(hidden.body.detail).toBe(missing.body.detail);
      const malformed = await app.http().get('/api/v1/public/clinics/not-a-uuid');
      expect(malformed.status).toBe(400);
    });
  });

  describe('POST /api/v1/consultation-requests', () => {
    it('should accept a request without a token, answer only a reference, and store it in the clinic inbox', async () => {
      const form = requestForm(listed[0]!.id, { firstName: 'Quinn', lastName: 'Marsh' });
      const address = newClientAddress();
      const response = await submitRequest(app, form, address);
      expect(response.status).toBe(202);
      expect(Object.keys(response.body).sort()).toEqual(['message', 'referenceId']);
      expect(response.headers.location).toBeUndefined();
      expect(response.headers.etag).toBeUndefined();
      const { rows } = await app.db.query(
        'SELECT clinic_id, status, first_name, last_name, email, phone, preferred_contact_method, date_of_birth::text, treatment_of_interest, reason, consent_to_contact_at FROM consultation_requests WHERE id = $1',
        [response.body.referenceId],
      );
      expect(rows).toEqual([
        {
          clinic_id: listed[0]!.id,
          status: 'new',
          first_name: 'Quinn',
          last_name: 'Marsh',
          email: form.email,
          phone: '+1 303 555 0123',
          preferred_contact_method: 'email',
          date_of_birth: '1979-02-14',
          treatment_of_interest: 'treatment_resistant_depression',
          reason: form.reason,
          consent_to_contact_at: expect.any(Date),
        },
      ]);
      const audit = await app.db.query(
        `SELECT actor_id, action, resource_type, clinic_id, client_ip::text, request_id, details
           FROM audit_events WHERE resource_id = $1`,
        [response.body.referenceId],
      );
      expect(audit.rows).toEqual([
        {
          actor_id: null,
          action: 'create',
          resource_type: 'ConsultationRequest',
          clinic_id: listed[0]!.id,
          client_ip: `${address}/32`,
          request_id: response.headers['x-request-id'],
          details: { channel: 'public-website' },
        },
      ]);
    });

    it('should answer a repeat request from a known person exactly like a first one', async () => {
      const form = requestForm(listed[1]!.id);
      const first = await submitRequest(app, form);
      const again = await submitRequest(app, form);
      expect(first.status).toBe(202);
      expect(again.status).toBe(202);
      expect(again.body.message).toBe(first.body.message);
      expect(again.body.referenceId).not.toBe(first.body.referenceId);
    });

    it.each([
      ['an unknown clinic', () => '00000000-0000-4000-8000-000000000000'],
      ['an unlisted clinic', () => unlisted.id],
    ])('should refuse %s with 400 naming preferredClinicId', async (_, clinicId) => {
      const response = await submitRequest(app, requestForm(clinicId()));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('INVALID_CONSULTATION_REQUEST');
      expect(response.body.errors).toEqual([
        {
          field: 'preferredClinicId',
          message: 'preferredClinicId is not a clinic of the public directory',
        },
      ]);
    });

    it.each([
      [
        'consent not given',
        { consentToContact: false },
        'consentToContact',
        'consentToContact must be true to send a request',
      ],
      [
        'consent missing',
        { consentToContact: undefined },
        'consentToContact',
        'consentToContact is required',
      ],
      [
        'an unknown field',
        { favouriteColour: 'blue' },
        'favouriteColour',
        'favouriteColour is not a known field',
      ],
      ['a bad email', { email: 'not-an-email' }, 'email', 'email must be an email'],
      ['no first name', { firstName: undefined }, 'firstName', 'firstName is required'],
      [
        'email preferred but missing',
        { email: undefined },
        'email',
        'email is required when preferredContactMethod is email',
      ],
      [
        'phone preferred but missing',
        { phone: undefined, preferredContactMethod: 'phone' },
        'phone',
        'phone is required when preferredContactMethod is phone',
      ],
      [
        'an unknown treatment',
        { treatmentOfInterest: 'botox' },
        'treatmentOfInterest',
        expect.any(String),
      ],
    ])(
      'should refuse %s with 400 naming the field, storing nothing',
      async (_, overrides, field, message) => {
        const before = await app.db.query('SELECT count(*)::int AS n FROM consultation_requests');
        const response = await submitRequest(app, requestForm(listed[0]!.id, overrides));
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(response.body.errors).toEqual([{ field, message }]);
        const after = await app.db.query('SELECT count(*)::int AS n FROM consultation_requests');
        expect(after.rows[0].n).toBe(before.rows[0].n);
      },
    );

    it('should answer a filled-in honeypot like a real request but keep nothing', async () => {
      const before = await app.db.query('SELECT count(*)::int AS n FROM consultation_requests');
      const response = await submitRequest(
        app,
        requestForm(listed[0]!.id, { website: 'http://spam.example' }),
      );
      expect(response.status).toBe(202);
      expect(Object.keys(response.body).sort()).toEqual(['message', 'referenceId']);
      const after = await app.db.query('SELECT count(*)::int AS n FROM consultation_requests');
      expect(after.rows[0].n).toBe(before.rows[0].n);
      const audit = await app.db.query('SELECT 1 FROM audit_events WHERE resource_id = $1', [
        response.body.referenceId,
      ]);
      expect(audit.rows).toHaveLength(0);
    });

    it('should refuse a body larger than a form needs with 413', async () => {
      const response = await submitRequest(
        app,
        requestForm(listed[0]!.id, { reason: 'x'.repeat(20_000) }),
      );
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('REQUEST_BODY_TOO_LARGE');
    });

    it('should rate limit per client address, counting invalid attempts, with 429 and Retry-After', async () => {
      const address = newClientAddress();
      const other = newClientAddress();
      const invalid = await submitRequest(app, { nonsense: true }, address);
      expect(invalid.status).toBe(400);
      for (let i = 0; i < 2; i += 1) {
        const ok = await submitRequest(app, requestForm(listed[2]!.id), address);
        expect(ok.status).toBe(202);
      }
      const limited = await submitRequest(app, requestForm(listed[2]!.id), address);
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      const elsewhere = await submitRequest(app, requestForm(listed[2]!.id), other);
      expect(elsewhere.status).toBe(202);
    });

    it('should never write the requester’s details to the logs', async () => {
      const form = requestForm(listed[0]!.id, {
        firstName: 'Zebedee',
        lastName: 'Lognotwritten',
        email: 'zebedee.lognotwritten@example.com',
        reason: 'A reason that must not appear in logs',
      });
      const response = await submitRequest(app, form);
      expect(response.status).toBe(202);
      const refused = await submitRequest(app, { ...form, consentToContact: false });
      expect(refused.status).toBe(400);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const logs = app.logs();
      expect(logs).toContain('/api/v1/consultation-requests');
      for (const secret of [
        'Zebedee',
        'Lognotwritten',
        'zebedee.lognotwritten',
        'must not appear',
      ]) {
        expect(logs).not.toContain(secret);
      }
    });

    it('should show the front door in the OpenAPI document under the public tag', async () => {
      const doc = await app.http().get('/docs-json');
      expect(doc.status).toBe(200);
      const post = doc.body.paths['/api/v1/consultation-requests'].post;
      expect(post.operationId).toBe('submitConsultationRequest');
      expect(post.tags).toContain('public');
      expect(post.security).toBeUndefined();
      expect(Object.keys(post.responses)).toEqual(
        expect.arrayContaining(['202', '400', '413', '429']),
      );
      expect(post.responses['201']).toBeUndefined();
      expect(doc.body.paths['/api/v1/public/clinics'].get.tags).toEqual(['public']);
      expect(
        doc.body.components.schemas.PublicClinicResponseDto.properties.settings,
      ).toBeUndefined();
      expect(names(doc.body.tags)).toContain('public');
      // The staff inbox stays behind a token.
      const list = await app.http().get('/api/v1/consultation-requests');
      expect(list.status).toBe(401);
      const withToken = await app.http().get('/api/v1/consultation-requests').set(auth(root));
      expect(withToken.status).toBe(200);
    });
  });
});

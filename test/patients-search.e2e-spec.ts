import {
  auth,
  ClinicWorld,
  loginAsRootAdmin,
  newClinicWorld,
  newPatient,
} from 'test/support/fixtures';
import { expectProblem, idsOf } from 'test/support/http-assertions';
import { callInApp } from 'test/support/in-app';
import { startTestApp, TestApp } from 'test/support/test-app';

describe('patient search and pagination', () => {
  let app: TestApp;
  let root: string;
  let a: ClinicWorld;
  let b: ClinicWorld;
  const people: Record<string, string> = {};

  const search = async (query: string, token = a.staff.front_desk.token) => {
    const response = await app.http().get(`/api/v1/patients?${query}`).set(auth(token));
    expect(response.status).toBe(200);
    return idsOf(response);
  };

  beforeAll(async () => {
    app = await startTestApp();
    root = await loginAsRootAdmin(app);
    a = await newClinicWorld(app, root);
    b = await newClinicWorld(app, root);
    const seed: [string, Record<string, unknown>][] = [
      [
        'zoeAlvarez',
        {
          firstName: 'Zoë',
          lastName: 'Álvarez',
          dateOfBirth: '1984-03-09',
          email: 'Zoe.Alvarez@Example.com',
          phone: '+1 (303) 555-0142',
        },
      ],
      [
        'alvinStone',
        { firstName: 'Alvin', lastName: 'Stone', dateOfBirth: '1990-01-01', phone: '303-555-0199' },
      ],
      [
        'bobAlvarado',
        {
          firstName: 'Bob',
          lastName: 'Alvarado',
          dateOfBirth: '1984-03-09',
          preferredName: 'Robbie',
        },
      ],
      [
        'zoeNg',
        { firstName: 'Zoe', lastName: 'Ng', dateOfBirth: '2001-12-31', email: 'zng@example.com' },
      ],
      ['percent', { firstName: 'Per', lastName: 'Cent_Name', dateOfBirth: '1970-05-05' }],
    ];
    for (const [key, body] of seed) {
      people[key] = (
        await newPatient(app, a.staff.admin.token, { sexAtBirth: 'female', ...body })
      ).id;
    }
    // The same names in clinic B must never show up for clinic A.
    await newPatient(app, b.staff.admin.token, {
      firstName: 'Zoë',
      lastName: 'Álvarez',
      email: 'zoe.alvarez@example.com',
    });
  });
  afterAll(async () => {
    await app.stop();
  });

  describe('search', () => {
    it('should find name prefixes case- and accent-insensitively over first, last and preferred names', async () => {
      expect((await search('name=alv')).sort()).toEqual(
        [people.zoeAlvarez, people.alvinStone, people.bobAlvarado].sort(),
      );
      expect((await search('name=ZOE')).sort()).toEqual([people.zoeAlvarez, people.zoeNg].sort());
      expect(await search(`name=${encodeURIComponent('ÁLVAREZ')}`)).toEqual([people.zoeAlvarez]);
      expect(await search('name=robb')).toEqual([people.bobAlvarado]);
      expect(await search('name=varez')).toEqual([]);
    });

    it('should need every word to match the start of a name', async () => {
      expect(await search(`name=${encodeURIComponent('zo alv')}`)).toEqual([people.zoeAlvarez]);
      expect(await search(`name=${encodeURIComponent('  alvarez   zoe ')}`)).toEqual([
        people.zoeAlvarez,
      ]);
      expect(await search(`name=${encodeURIComponent('zoe stone')}`)).toEqual([]);
    });

    it('should treat % and _ in a name as letters, not wildcards', async () => {
      expect(await search(`name=${encodeURIComponent('%')}`)).toEqual([]);
      expect(await search(`name=${encodeURIComponent('_')}`)).toEqual([]);
      expect(await search(`name=${encodeURIComponent('cent_')}`)).toEqual([people.percent]);
      expect(await search(`name=${encodeURIComponent('cent%')}`)).toEqual([]);
    });

    it('should find by date of birth, MRN, email (any case) and phone digits, and combine filters', async () => {
      expect((await search('dateOfBirth=1984-03-09')).sort()).toEqual(
        [people.zoeAlvarez, people.bobAlvarado].sort(),
      );
      const { rows } = await app.db.query('SELECT mrn FROM patients WHERE id = $1', [
        people.alvinStone,
      ]);
      expect(await search(`mrn=${rows[0].mrn as string}`)).toEqual([people.alvinStone]);
      expect(await search(`email=${encodeURIComponent('ZOE.ALVAREZ@example.COM')}`)).toEqual([
        people.zoeAlvarez,
      ]);
      expect(await search(`phone=${encodeURIComponent('1 303.555.0142')}`)).toEqual([
        people.zoeAlvarez,
      ]);
      expect(await search(`phone=${encodeURIComponent('+1-303-555-0142')}`)).toEqual([
        people.zoeAlvarez,
      ]);
      expect(await search(`phone=${encodeURIComponent('3035550199')}`)).toEqual([
        people.alvinStone,
      ]);
      // The country code may be left out: the digits given must end the stored number.
      expect(await search(`phone=${encodeURIComponent('(303) 555-0142')}`)).toEqual([
        people.zoeAlvarez,
      ]);
      expect(await search('phone=5550142')).toEqual([people.zoeAlvarez]);
      expect(await search('phone=0303555014')).toEqual([]);
      expect(await search('dateOfBirth=1984-03-09&name=bob')).toEqual([people.bobAlvarado]);
      expect(await search('dateOfBirth=1990-01-01&name=bob')).toEqual([]);
    });

    it('should answer invalid search parameters with 400', async () => {
      for (const query of [
        'dateOfBirth=1984-02-30',
        'phone=ab',
        `name=${'x'.repeat(101)}`,
        'clinicId=nope',
      ]) {
        expectProblem(
          await app.http().get(`/api/v1/patients?${query}`).set(auth(a.staff.front_desk.token)),
          400,
          'VALIDATION_FAILED',
        );
      }
    });

    it('should serve name and phone searches from their indexes, not a scan of the clinic', async () => {
      // Enough rows that an index is worth it; f_unaccent keys are generated by the table itself.
      await app.db.query(
        `INSERT INTO patients (clinic_id, mrn, first_name, last_name, date_of_birth, sex_at_birth)
         SELECT $1, 'BULK-' || g, 'First' || g, 'Last' || g, '1980-01-01', 'male'
           FROM generate_series(1, 5000) g`,
        [a.clinicId],
      );
      await app.db.query('ANALYZE patients');
      // The statements PatientsRepository.search really sends for ?name=alv and ?phone=303-555-0142
      // (built by the repository in the built app), not copies of them.
      const query = { scope: [a.clinicId], includeArchived: false, nameTokens: [], limit: 25 };
      const statements = (await callInApp(app, [
        { call: 'patientSearchStatement', search: { ...query, nameTokens: ['alv'] } },
        { call: 'patientSearchStatement', search: { ...query, phoneDigits: '3035550142' } },
      ])) as { ok: { sql: string; parameters: unknown[] } }[];
      const [byName, byPhone] = statements.map((s) => s.ok);
      const client = await app.db.connect();
      const explain = async (statement: { sql: string; parameters: unknown[] } | undefined) =>
        (
          await client.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN ${statement?.sql ?? ''}`,
            statement?.parameters,
          )
        ).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      try {
        await client.query('SET enable_seqscan = off');
        const plan = await explain(byName);
        expect(plan).toContain('patients_last_name_idx');
        expect(plan).toContain('patients_first_name_idx');
        expect(plan).not.toMatch(/Seq Scan/);
        expect(await explain(byPhone)).toContain('patients_phone_suffix_idx');
      } finally {
        await client.query('RESET enable_seqscan');
        client.release();
      }
      const { rows: indexes } = await app.db.query(
        `SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE i.indisvalid AND c.relname IN ('patients_last_name_idx', 'patients_first_name_idx',
            'patients_preferred_name_idx', 'patients_dob_idx', 'patients_email_idx', 'patients_phone_suffix_idx')`,
      );
      expect(indexes).toHaveLength(6);
      // The bulk rows are found through the API too.
      expect(await search('name=last4999')).toHaveLength(1);
    });
  });

  describe('pagination', () => {
    let c: ClinicWorld;
    let existing: string[];

    beforeAll(async () => {
      c = await newClinicWorld(app, root);
      existing = [];
      for (let i = 0; i < 30; i += 1) {
        existing.push((await newPatient(app, c.staff.admin.token, { lastName: `Page${i}` })).id);
      }
    });

    it('should answer 25 by default and up to 100, refusing 0 and 101', async () => {
      const first = await app.http().get('/api/v1/patients').set(auth(c.staff.clinician.token));
      expect(first.status).toBe(200);
      expect(first.body.data).toHaveLength(25);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      expect(idsOf(first)).toEqual(existing.slice(0, 25));
      const all = await app
        .http()
        .get('/api/v1/patients?limit=100')
        .set(auth(c.staff.clinician.token));
      expect(idsOf(all)).toEqual(existing);
      expect(all.body.nextCursor).toBeNull();
      for (const limit of ['0', '101', '-1', '2.5']) {
        const response = await app
          .http()
          .get(`/api/v1/patients?limit=${limit}`)
          .set(auth(c.staff.clinician.token));
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
      }
    });

    it('should answer a cursor it did not issue with 400 INVALID_CURSOR', async () => {
      const forged = [
        'garbage!!',
        Buffer.from('{"not":"an array"}').toString('base64url'),
        Buffer.from('["2026-01-01T00:00:00.000Z"]').toString('base64url'),
        Buffer.from('["yesterday","not-a-uuid"]').toString('base64url'),
      ];
      for (const cursor of forged) {
        const response = await app
          .http()
          .get(`/api/v1/patients?cursor=${encodeURIComponent(cursor)}`)
          .set(auth(c.staff.clinician.token));
        expectProblem(response, 400, 'INVALID_CURSOR');
      }
    });

    it('should return every existing patient exactly once, in order, while others are being added', async () => {
      const seen: string[] = [];
      const added: Promise<unknown>[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        // Registrations race with every page read.
        added.push(newPatient(app, c.staff.front_desk.token, { lastName: 'Latecomer' }));
        added.push(newPatient(app, c.staff.front_desk.token, { lastName: 'Latecomer' }));
        const page = await app
          .http()
          .get(`/api/v1/patients?${query}`)
          .set(auth(c.staff.clinician.token));
        expect(page.status).toBe(200);
        seen.push(...idsOf(page));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      await Promise.all(added);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => existing.includes(id))).toEqual(existing);
      // Latecomers seen at all come in the same stable (registration time, id) order.
      const { rows } = await app.db.query(
        'SELECT id FROM patients WHERE clinic_id = $1 ORDER BY created_at, id',
        [c.clinicId],
      );
      const position = new Map(rows.map((r: { id: string }, i: number) => [r.id, i]));
      const positions = seen.map((id) => position.get(id) ?? -1);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
      expect(positions).not.toContain(-1);
    });
  });
});

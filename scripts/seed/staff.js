// The clinics and what they run on: staff (one clinician works at every clinic), memberships,
// credentials, chairs; their audit history. Lots of ketamine are received as sessions need them
// (lots.js).
const { streamOf } = require('./prng');
const { CLINIC_SITES, FIRST_FEMALE, FIRST_MALE, LAST } = require('./names');
const { DAY_MS } = require('./calendar');
const { pgArray } = require('./copy');

/** Staff of each clinic by role (the all-clinic clinician comes on top). */
const STAFF_PER_CLINIC = { admin: 1, clinician: 3, nurse: 8, front_desk: 2 };
const CHAIRS_PER_CLINIC = 12;
const LICENCE = { clinician: ['md_licence', 'np_licence', 'do_licence'], nurse: ['rn_licence'] };

const ascii = (s) => s.normalize('NFD').replace(/[^A-Za-z]/g, '');

/** The site of the k-th clinic: the list, then the list again with a number after the name. */
function siteOf(k) {
  const site = CLINIC_SITES[k % CLINIC_SITES.length];
  const round = Math.floor(k / CLINIC_SITES.length);
  return round === 0
    ? site
    : { ...site, name: `${site.name} ${round + 1}`, code: `${site.code}${round + 1}` };
}

/**
 * Builds clinics, staff, memberships, credentials and chairs into `out` (table buffers), with
 * their audit events. `startMs` is when the clinics opened (the start of the history).
 */
function buildSetup({ seed, clinicCount, startMs, baseMs, passwordHash, emailDomain }, out, audit) {
  const rng = streamOf(seed, 'setup');
  const clinics = [];
  const users = [];
  const person = (role, email, at) => {
    const female = rng.chance(0.6);
    const first = rng.pick(female ? FIRST_FEMALE : FIRST_MALE);
    const last = rng.pick(LAST);
    const title = role === 'clinician' ? rng.pick(['Dr. ', 'Dr. ', '']) : '';
    const user = {
      id: rng.uuid(),
      email,
      role,
      fullName: `${title}${first} ${last}`,
      clinicIds: [],
      at,
    };
    users.push(user);
    return user;
  };
  const allClinics = person(
    'clinician',
    `clinician.all@${emailDomain}`,
    new Date(startMs - 30 * DAY_MS),
  );

  for (let k = 0; k < clinicCount; k += 1) {
    const site = siteOf(k);
    const opened = new Date(startMs - (30 - k) * DAY_MS);
    const code = site.code.toLowerCase();
    const clinic = {
      id: rng.uuid(),
      name: site.name,
      code: site.code,
      timezone: site.tz,
      opened,
      staff: { admin: [], clinician: [allClinics], nurse: [], front_desk: [] },
      chairs: [],
    };
    clinics.push(clinic);
    allClinics.clinicIds.push(clinic.id);
    for (const [role, n] of Object.entries(STAFF_PER_CLINIC)) {
      for (let i = 1; i <= n; i += 1) {
        const label = role === 'front_desk' ? 'frontdesk' : role;
        const suffix = role === 'admin' ? '' : String(i);
        const user = person(
          role,
          `${label}${suffix}.${code}@${emailDomain}`,
          new Date(opened.getTime() + i * 60000),
        );
        user.clinicIds.push(clinic.id);
        clinic.staff[role].push(user);
      }
    }
    for (let c = 1; c <= CHAIRS_PER_CLINIC; c += 1) {
      clinic.chairs.push({ id: rng.uuid(), name: `Chair ${c}`, index: c - 1 });
    }
    const admin = clinic.staff.admin[0];
    out.clinics.add({
      id: clinic.id,
      name: site.name,
      code: site.code,
      timezone: site.tz,
      phone: `(${site.area}) 555-01${String(10 + k).slice(-2)}`,
      email: `frontdesk@${code}.${emailDomain}`,
      address: {
        line1: `${100 + k * 17} ${rng.pick(['Main', 'Harbor', 'Park', 'Center'])} St`,
        city: site.city,
        region: site.region,
        postalCode: site.zip,
        country: 'US',
      },
      hours: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((day) => ({
        day,
        opens: '07:30',
        closes: day === 'sat' ? '14:00' : '19:00',
      })),
      treatments_offered: pgArray([
        'treatment_resistant_depression',
        'major_depression',
        'bipolar_depression',
        'ptsd',
        'generalised_anxiety',
        'ocd',
        'chronic_pain',
        'suicidal_ideation',
      ]),
      listed_publicly: true,
      settings: {},
      mrn_sequence: 0,
      version: 1,
      created_at: opened,
      updated_at: opened,
    });
    audit.add(clinic.id, null, 'create', null, 'Clinic', clinic.id, opened);
    for (const chair of clinic.chairs) {
      const at = new Date(opened.getTime() + 3600000 + chair.index * 1000);
      out.chairs.add({
        id: chair.id,
        clinic_id: clinic.id,
        name: chair.name,
        description:
          chair.index < 2 ? 'Recliner by the window, private bay' : 'Recliner, curtained bay',
        active: true,
        version: 1,
        created_at: at,
        updated_at: at,
      });
      audit.add(clinic.id, admin, 'create', null, 'Chair', chair.id, at);
    }
  }

  for (const user of users) {
    out.users.add({
      id: user.id,
      email: user.email,
      password_hash: passwordHash,
      full_name: user.fullName,
      role: user.role,
      active: true,
      version: 1,
      created_at: user.at,
      updated_at: user.at,
    });
    audit.add(null, null, 'create', null, 'User', user.id, user.at);
    for (const clinicId of user.clinicIds) {
      out.user_clinics.add({
        user_id: user.id,
        clinic_id: clinicId,
        version: 1,
        created_at: user.at,
        updated_at: user.at,
      });
    }
    addCredentials(rng, user, clinics, out, audit, startMs, baseMs);
  }
  return { clinics, users, allClinics };
}

/** §3.3: BLS (and a licence) for nurses, ACLS (and a licence) for clinicians, valid for years. */
function addCredentials(rng, user, clinics, out, audit, startMs, baseMs) {
  const kinds = { clinician: ['acls', 'bls'], nurse: ['bls'] }[user.role];
  if (!kinds) return;
  const verifier = clinics.find((c) => user.clinicIds.includes(c.id)).staff.admin[0];
  const state = rng.pick(['MA', 'IL', 'CO', 'OR', 'AZ', 'GA', 'TX', 'WA']);
  const issued = new Date(startMs - rng.int(30, 700) * DAY_MS);
  const list = [
    [rng.pick(LICENCE[user.role]), `${state}-${rng.int(100000, 999999)}`, state],
    ...kinds.map((k) => [k, null, null]),
  ];
  for (const [kind, identifier, issuingState] of list) {
    const id = rng.uuid();
    // One card per kind, valid over the whole history and for a year or more after it.
    const expires = new Date(baseMs + rng.int(365, 1000) * DAY_MS);
    out.staff_credentials.add({
      id,
      user_id: user.id,
      kind,
      identifier,
      issuing_state: issuingState,
      issued_on: issued.toISOString().slice(0, 10),
      expires_on: expires.toISOString().slice(0, 10),
      verified_by: verifier.id,
      verified_at: user.at,
      version: 1,
      created_at: user.at,
      updated_at: user.at,
    });
    audit.add(null, verifier, 'create', null, 'StaffCredential', id, user.at);
  }
}

module.exports = { buildSetup, siteOf, STAFF_PER_CLINIC, CHAIRS_PER_CLINIC, ascii };

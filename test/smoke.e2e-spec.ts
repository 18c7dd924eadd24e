import { startTestApp, TestApp } from 'test/support/test-app';
import { auth, loginAsRootAdmin, newClinic, newPatient } from 'test/support/fixtures';

describe('smoke', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should create a clinic and a patient', async () => {
    const token = await loginAsRootAdmin(app);
    const clinic = await newClinic(app, token);
    const patient = await newPatient(app, token, { clinicId: clinic.id });
    const got = await app.http().get(`/api/v1/patients/${patient.id}`).set(auth(token));
    expect(got.status).toBe(200);
    expect(got.headers.etag).toBe('"1"');
  });
});

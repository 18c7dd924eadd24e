// Runs in every e2e test file (jest setupFilesAfterEnv): with DATABASE_URL set, the test server is
// a real one that outlives the run, so the clones a file made must not be left behind.
import { dropCreatedDatabases } from 'test/support/test-app';

afterAll(async () => {
  await dropCreatedDatabases();
});

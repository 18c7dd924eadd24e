import { startTestApp, TestApp } from 'test/support/test-app';

jest.setTimeout(60_000);

describe('treatment plans, screenings and consents in the OpenAPI document', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('should describe every route with its operation, roles and errors', async () => {
    const doc = (await app.http().get('/docs-json')).body as {
      paths: Record<
        string,
        Record<string, { operationId: string; responses: Record<string, unknown> }>
      >;
      components: {
        schemas: Record<string, { required?: string[]; properties: Record<string, unknown> }>;
      };
    };
    const operations: [string, string, string, string[]][] = [
      [
        '/api/v1/patients/{patientId}/screenings',
        'post',
        'createScreening',
        ['201', '400', '403', '404'],
      ],
      ['/api/v1/patients/{patientId}/screenings', 'get', 'listScreenings', ['200', '403', '404']],
      [
        '/api/v1/patients/{patientId}/screenings/{screeningId}',
        'get',
        'getScreening',
        ['200', '404'],
      ],
      [
        '/api/v1/patients/{patientId}/screenings/{screeningId}/sign',
        'post',
        'signScreening',
        ['200', '409', '422'],
      ],
      ['/api/v1/patients/{patientId}/consents', 'post', 'createConsent', ['201', '400']],
      ['/api/v1/patients/{patientId}/consents', 'get', 'listConsents', ['200']],
      ['/api/v1/patients/{patientId}/consents/{consentId}', 'get', 'getConsent', ['200', '404']],
      [
        '/api/v1/patients/{patientId}/consents/{consentId}/revoke',
        'post',
        'revokeConsent',
        ['200', '409'],
      ],
      ['/api/v1/treatment-plans', 'post', 'createTreatmentPlan', ['201', '422']],
      ['/api/v1/treatment-plans', 'get', 'listTreatmentPlans', ['200']],
      ['/api/v1/treatment-plans/{id}', 'get', 'getTreatmentPlan', ['200', '404']],
      [
        '/api/v1/treatment-plans/{id}/amendments',
        'post',
        'amendTreatmentPlan',
        ['201', '409', '412', '422'],
      ],
      ['/api/v1/treatment-plans/{id}/versions', 'get', 'listTreatmentPlanVersions', ['200']],
      [
        '/api/v1/treatment-plans/{id}/versions/{amendmentNumber}',
        'get',
        'getTreatmentPlanVersion',
        ['200', '404'],
      ],
      ['/api/v1/treatment-plans/{id}/history', 'get', 'listTreatmentPlanHistory', ['200']],
      [
        '/api/v1/treatment-plans/{id}/activate',
        'post',
        'activateTreatmentPlan',
        ['200', '409', '412', '422'],
      ],
      [
        '/api/v1/treatment-plans/{id}/start-maintenance',
        'post',
        'startTreatmentPlanMaintenance',
        ['200', '409', '422'],
      ],
      ['/api/v1/treatment-plans/{id}/hold', 'post', 'holdTreatmentPlan', ['200', '409']],
      ['/api/v1/treatment-plans/{id}/resume', 'post', 'resumeTreatmentPlan', ['200', '409']],
      [
        '/api/v1/treatment-plans/{id}/complete',
        'post',
        'completeTreatmentPlan',
        ['200', '409', '422'],
      ],
      [
        '/api/v1/treatment-plans/{id}/discontinue',
        'post',
        'discontinueTreatmentPlan',
        ['200', '409'],
      ],
      [
        '/api/v1/treatment-plans/{id}/clear-review',
        'post',
        'clearTreatmentPlanReview',
        ['200', '409'],
      ],
    ];
    for (const [path, method, operationId, statuses] of operations) {
      const operation = doc.paths[path]?.[method];
      expect({ path, method, operationId: operation?.operationId }).toEqual({
        path,
        method,
        operationId,
      });
      expect(Object.keys(operation?.responses ?? {})).toEqual(
        expect.arrayContaining([...statuses, '401']),
      );
    }
    const plan = doc.components.schemas.TreatmentPlanResponseDto;
    expect(plan?.required).toEqual(expect.arrayContaining(['status', 'progress', 'view']));
    expect(plan?.required).not.toContain('protocol');
    // A clinical signal: not part of front desk's schedule view, so not always present.
    expect(plan?.required).not.toContain('needsClinicalReview');
    expect(doc.components.schemas.SignScreeningDto?.required).toEqual(['rationale']);
    expect(doc.components.schemas.BaselineScoreDto?.required).toEqual(
      expect.arrayContaining(['instrument', 'score']),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'PlanStatus',
        'EligibilityReasonCode',
        'EligibilityDecision',
        'ConsentKind',
        'WeightBasis',
        'BaselineScale',
        'MedicationClass',
      ]),
    );
  });
});

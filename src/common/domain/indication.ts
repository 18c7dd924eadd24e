/** Conditions treated with IV ketamine in these clinics (../shared/domain/ketamine-clinic.md §1.4). */
export enum Indication {
  TREATMENT_RESISTANT_DEPRESSION = 'treatment_resistant_depression',
  MAJOR_DEPRESSION = 'major_depression',
  BIPOLAR_DEPRESSION = 'bipolar_depression',
  PTSD = 'ptsd',
  GENERALISED_ANXIETY = 'generalised_anxiety',
  OCD = 'ocd',
  CHRONIC_PAIN = 'chronic_pain',
  SUICIDAL_IDEATION = 'suicidal_ideation',
}

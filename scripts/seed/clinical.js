// Clinically plausible values (../shared/domain/ketamine-clinic.md): body measures, vital signs
// before, during and after an infusion, doses, rating-scale answers and response over a course.

const round1 = (x) => Math.round(x * 10) / 10;

/** Indications treated and how often (§1.4); the outcome scale collected for each. */
const INDICATIONS = [
  [46, 'treatment_resistant_depression'],
  [12, 'major_depression'],
  [9, 'bipolar_depression'],
  [11, 'ptsd'],
  [9, 'generalised_anxiety'],
  [4, 'ocd'],
  [5, 'chronic_pain'],
  [4, 'suicidal_ideation'],
];
const SECOND_SCALE = {
  ptsd: 'pcl5',
  generalised_anxiety: 'gad7',
  chronic_pain: 'pain_nrs',
};

/** Adult weight (kg) and height (cm) by sex at birth. */
function bodyMeasures(rng, sex) {
  const female = sex === 'female' || (sex !== 'male' && rng.chance(0.5));
  const heightCm = round1(rng.normal(female ? 163 : 177, 7, 140, 205));
  const bmi = rng.normal(27.5, 5, 17.5, 48);
  const weightKg = round1(Math.min(250, Math.max(40, (bmi * heightCm * heightCm) / 10000)));
  return { heightCm, weightKg };
}

/** A patient's resting vitals, below the pre-dose holds (140/90, HR 50-110, SpO2 ≥ 92; §2.3). */
function restingVitals(rng) {
  const systolic = Math.round(rng.normal(122, 9, 100, 138));
  return {
    systolic,
    diastolic: Math.round(Math.min(88, Math.max(58, rng.normal(systolic * 0.63, 5)))),
    heartRate: Math.round(rng.normal(74, 8, 55, 104)),
    spo2: Math.round(rng.normal(98, 1, 95, 100)),
    respiratoryRate: Math.round(rng.normal(15, 2, 11, 20)),
  };
}

/**
 * A reading `minute` minutes after the infusion started. BP rises to a peak around 40 minutes
 * (mean +16/+11, §2.3) and is back near baseline within the recovery; kept below the stop
 * thresholds (180/110, HR 120, SpO2 90), occasionally above the 160 systolic alert.
 */
function readingAt(rng, rest, minute, infusionMinutes) {
  const peak = Math.min(infusionMinutes, 40);
  const rise =
    minute <= peak
      ? minute / peak
      : Math.max(0, 1 - (minute - peak) / (infusionMinutes - peak + 60));
  const spike = rng.chance(0.03) ? rng.range(10, 25) : 0;
  return {
    systolic: Math.round(Math.min(176, rest.systolic + rise * rng.normal(16, 6) + spike)),
    diastolic: Math.round(Math.min(106, rest.diastolic + rise * rng.normal(11, 4))),
    heartRate: Math.round(Math.min(115, Math.max(50, rest.heartRate + rise * rng.normal(6, 5)))),
    spo2: Math.round(Math.min(100, Math.max(92, rest.spo2 - (rng.chance(0.05) ? 2 : 0)))),
    respiratoryRate: Math.round(rng.normal(rest.respiratoryRate, 1.5, 10, 22)),
  };
}

/** Plan terms for an indication (§1.1-1.4): mg/kg, minutes, ceiling, titration steps. */
function planTerms(rng, indication) {
  if (indication === 'chronic_pain') {
    return {
      doseMgPerKg: rng.pick([0.6, 0.75]),
      infusionMinutes: rng.pick([120, 150]),
      ceilingMgPerKg: 1.0,
      titration: [0.75, 1.0],
      inductionPlanned: 5,
      windowDays: 14,
      minHours: 24,
    };
  }
  const dose = rng.weighted([
    [70, 0.5],
    [15, 0.6],
    [10, 0.75],
    [5, 0.4],
  ]);
  return {
    doseMgPerKg: dose,
    infusionMinutes: rng.weighted([
      [75, 40],
      [20, 50],
      [5, 60],
    ]),
    ceilingMgPerKg: rng.pick([0.75, 1.0]),
    titration: dose < 0.75 ? [0.6, 0.75] : [],
    inductionPlanned: rng.chance(0.85) ? 6 : 4,
    windowDays: rng.pick([14, 21]),
    minHours: rng.pick([24, 48]),
  };
}

/**
 * Item answers of a sum-scored scale adding up to `total` (clamped to the scale), spread over the
 * items at random; `fixed` pins items (e.g. PHQ-9 item 9 at index 8).
 */
function answersFor(rng, items, itemMax, total, fixed = {}) {
  const answers = new Array(items).fill(0);
  let left = total;
  for (const [i, v] of Object.entries(fixed)) {
    answers[Number(i)] = v;
    left -= v;
  }
  const free = answers.map((_, i) => i).filter((i) => !(i in fixed));
  left = Math.max(0, Math.min(left, free.length * itemMax));
  while (left > 0) {
    const i = free[rng.int(0, free.length - 1)];
    if (answers[i] < itemMax) {
      answers[i] += 1;
      left -= 1;
    }
  }
  return answers;
}

const SCALE_SHAPE = {
  phq9: { items: 9, max: 3 },
  gad7: { items: 7, max: 3 },
  pcl5: { items: 20, max: 4 },
  pain_nrs: { items: 1, max: 10 },
};

/** Baseline totals (moderate to severe at intake, §2.1 PHQ-9 ≥ 10 for TRD). */
function baselineTotal(rng, scale) {
  switch (scale) {
    case 'phq9':
      return Math.round(rng.normal(18, 3.5, 10, 27));
    case 'gad7':
      return Math.round(rng.normal(15, 3, 8, 21));
    case 'pcl5':
      return Math.round(rng.normal(52, 10, 33, 80));
    case 'pain_nrs':
      return Math.round(rng.normal(7, 1.2, 4, 10));
    default:
      throw new Error(`no baseline for ${scale}`);
  }
}

/**
 * How a patient responds: the share of the baseline score the course takes away when it works
 * (response = ≥ 50 % reduction, §5). About 55 % respond, 25 % partly, 20 % not.
 */
function responseProfile(rng) {
  const kind = rng.weighted([
    [55, 'responder'],
    [25, 'partial'],
    [20, 'non_responder'],
  ]);
  const effect = { responder: rng.range(0.55, 0.8), partial: rng.range(0.25, 0.45) }[kind] ?? 0.08;
  return { kind, effect };
}

/** The score after `infusions` infusions (effect builds over the first three, §1.2), with noise. */
function scoreAfter(rng, baseline, profile, infusions, max) {
  const gain = profile.effect * (1 - Math.exp(-infusions / 2));
  const noisy = baseline * (1 - gain) + rng.normal(0, Math.max(1, baseline * 0.06));
  return Math.round(Math.min(max, Math.max(0, noisy)));
}

module.exports = {
  INDICATIONS,
  SECOND_SCALE,
  SCALE_SHAPE,
  bodyMeasures,
  restingVitals,
  readingAt,
  planTerms,
  answersFor,
  baselineTotal,
  responseProfile,
  scoreAfter,
  round1,
};

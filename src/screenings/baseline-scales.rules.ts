// Pure (no Nest imports): the rating scales a screening may record as baseline scores, with the
// total-score ranges of ../shared/domain/ketamine-clinic.md §5. C-SSRS is categorical (no total) and
// is recorded as an assessment, not as a baseline score.

export enum BaselineScale {
  PHQ9 = 'phq9',
  GAD7 = 'gad7',
  PCL5 = 'pcl5',
  MADRS = 'madrs',
  QIDS_SR16 = 'qids_sr16',
  YBOCS = 'ybocs',
  YBOCS_II = 'ybocs_ii',
  PAIN_NRS = 'pain_nrs',
  CADSS = 'cadss',
  CADSS6 = 'cadss6',
  YMRS = 'ymrs',
}

/** Inclusive total-score range of each scale (§5 "Total" column). */
export const BASELINE_SCALE_RANGES: Readonly<Record<BaselineScale, { min: number; max: number }>> =
  Object.freeze({
    [BaselineScale.PHQ9]: { min: 0, max: 27 },
    [BaselineScale.GAD7]: { min: 0, max: 21 },
    [BaselineScale.PCL5]: { min: 0, max: 80 },
    [BaselineScale.MADRS]: { min: 0, max: 60 },
    [BaselineScale.QIDS_SR16]: { min: 0, max: 27 },
    [BaselineScale.YBOCS]: { min: 0, max: 40 },
    [BaselineScale.YBOCS_II]: { min: 0, max: 50 },
    [BaselineScale.PAIN_NRS]: { min: 0, max: 10 },
    [BaselineScale.CADSS]: { min: 0, max: 92 },
    [BaselineScale.CADSS6]: { min: 0, max: 24 },
    [BaselineScale.YMRS]: { min: 0, max: 60 },
  });

/** Why a score does not fit its scale, or null when it does (an unknown scale is left to enum validation). */
export function baselineScoreProblem(instrument: string, score: number): string | null {
  const range = BASELINE_SCALE_RANGES[instrument as BaselineScale] as
    { min: number; max: number } | undefined;
  if (!range) {
    return null;
  }
  if (!Number.isInteger(score)) {
    return `a ${instrument} total is a whole number`;
  }
  return score < range.min || score > range.max
    ? `a ${instrument} total is between ${range.min} and ${range.max}`
    : null;
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Screening baseline scores now name their scale from a fixed list (BaselineScale: phq9, gad7, …)
 * instead of free text. Stored free-text names that clearly mean one of them ("PHQ-9", "QIDS-SR16")
 * are rewritten to the code; anything else is left as it was recorded. Runs before the
 * append-only guard on signed screenings (1763700400003).
 */
export class BaselineScoresNamedScales1763700400001 implements MigrationInterface {
  name = 'BaselineScoresNamedScales1763700400001';

  async up(q: QueryRunner): Promise<void> {
    // Only rows with a name to rewrite are touched.
    await q.query(`
      WITH scale(spelling, code) AS (VALUES
        ('phq9', 'phq9'), ('gad7', 'gad7'), ('pcl5', 'pcl5'), ('madrs', 'madrs'),
        ('qidssr16', 'qids_sr16'), ('qidssr', 'qids_sr16'), ('ybocs', 'ybocs'),
        ('ybocsii', 'ybocs_ii'), ('painnrs', 'pain_nrs'), ('nrs', 'pain_nrs'),
        ('cadss', 'cadss'), ('cadss6', 'cadss6'), ('ymrs', 'ymrs')
      ),
      entry AS (
        SELECT s.id, e.n, e.score, m.code
          FROM screenings s
         CROSS JOIN jsonb_array_elements(s.baseline_scores) WITH ORDINALITY AS e(score, n)
          LEFT JOIN scale m
            ON m.spelling = regexp_replace(lower(e.score ->> 'instrument'), '[^a-z0-9]', '', 'g')
      )
      UPDATE screenings s
         SET baseline_scores = (
           SELECT jsonb_agg(
                    CASE WHEN x.code IS NULL THEN x.score
                         ELSE jsonb_set(x.score, '{instrument}', to_jsonb(x.code)) END
                    ORDER BY x.n)
             FROM entry x WHERE x.id = s.id)
       WHERE s.id IN (SELECT id FROM entry WHERE code IS NOT NULL AND score ->> 'instrument' <> code)`);
  }

  async down(): Promise<void> {
    // The original spellings are not kept; the codes remain valid free text.
  }
}

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
    await q.query(`
      UPDATE screenings s
         SET baseline_scores = (
           SELECT jsonb_agg(
                    CASE
                      WHEN m.code IS NULL THEN e.score
                      ELSE jsonb_set(e.score, '{instrument}', to_jsonb(m.code))
                    END
                    ORDER BY e.n)
             FROM jsonb_array_elements(s.baseline_scores) WITH ORDINALITY AS e(score, n)
             LEFT JOIN (VALUES
               ('phq9', 'phq9'), ('gad7', 'gad7'), ('pcl5', 'pcl5'), ('madrs', 'madrs'),
               ('qidssr16', 'qids_sr16'), ('qidssr', 'qids_sr16'), ('ybocs', 'ybocs'),
               ('ybocsii', 'ybocs_ii'), ('painnrs', 'pain_nrs'), ('nrs', 'pain_nrs'),
               ('cadss', 'cadss'), ('cadss6', 'cadss6'), ('ymrs', 'ymrs')
             ) AS m(spelling, code)
               ON m.spelling = regexp_replace(lower(e.score ->> 'instrument'), '[^a-z0-9]', '', 'g'))
       WHERE jsonb_array_length(s.baseline_scores) > 0`);
  }

  async down(): Promise<void> {
    // The original spellings are not kept; the codes remain valid free text.
  }
}

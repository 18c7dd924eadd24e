/**
 * Free chair time (issue 4 point 2; ../shared/domain/ketamine-clinic.md §6 "chair-time scheduling
 * (infusion + recovery)"). Pure: no Nest imports.
 */
/** [opens, closes) minus the bookings, as free stretches. */
export function freeStretches(
  opens: Date,
  closes: Date,
  bookings: { start: Date; end: Date }[],
): { start: string; end: string; minutes: number }[] {
  const out: { start: string; end: string; minutes: number }[] = [];
  let cursor = opens.getTime();
  const sorted = [...bookings].sort((a, b) => a.start.getTime() - b.start.getTime());
  const push = (from: number, to: number) => {
    if (to > from) {
      out.push({
        start: new Date(from).toISOString(),
        end: new Date(to).toISOString(),
        minutes: Math.floor((to - from) / 60_000),
      });
    }
  };
  for (const b of sorted) {
    push(cursor, Math.min(b.start.getTime(), closes.getTime()));
    cursor = Math.max(cursor, b.end.getTime());
  }
  push(cursor, closes.getTime());
  return out;
}

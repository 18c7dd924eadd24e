// Clinic calendars: local opening days and chair slots, converted to UTC instants, and the booking
// grid that keeps every chair, patient and nurse booking apart (the exclusion constraints and the
// nurse-ratio triggers of migrations/*AddInfusionSessions*, *NurseRatio*, *MomentOfCareSafety*).

const DAY_MS = 86400000;
/** Chair slots: 08:00, 10:00, 12:00, 14:00, 16:00 local; a slot is 120 minutes of chair time. */
const SLOT_MINUTES = 120;
const FIRST_SLOT_MINUTE = 8 * 60;
const SLOTS_PER_DAY = 5;

/** Minutes east of UTC of `timeZone` at the instant `ms` (handles daylight saving). */
function offsetMinutes(formatter, ms) {
  const parts = {};
  for (const p of formatter.formatToParts(new Date(ms))) parts[p.type] = p.value;
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour) % 24,
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc - ms) / 60000);
}

/** Day d (0 = the first day of the history) of one clinic: local midnight as a UTC instant, cached. */
class ClinicCalendar {
  /** @param {string} timeZone @param {number} firstDayMs UTC midnight of the first calendar date */
  constructor(timeZone, firstDayMs) {
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    this.firstDayMs = firstDayMs;
    this.midnights = new Map();
  }

  /** The UTC instant of local midnight starting calendar day d. */
  midnight(d) {
    let ms = this.midnights.get(d);
    if (ms === undefined) {
      const utcMidnight = this.firstDayMs + d * DAY_MS;
      // The offset at local noon: never inside a daylight-saving jump (those happen at night).
      ms = utcMidnight - offsetMinutes(this.formatter, utcMidnight + 12 * 3600000) * 60000;
      this.midnights.set(d, ms);
    }
    return ms;
  }

  /** Days since 1970-01-01 of calendar day d: the same date whatever run's calendar counts it. */
  absoluteDay(d) {
    return Math.round(this.firstDayMs / DAY_MS) + d;
  }

  /** Local date (YYYY-MM-DD) of calendar day d. */
  date(d) {
    return new Date(this.firstDayMs + d * DAY_MS).toISOString().slice(0, 10);
  }

  /** The calendar day of an instant, in the clinic's local time. */
  dayIndexOf(date) {
    const ms = date.getTime();
    let d = Math.floor((ms - this.firstDayMs) / DAY_MS);
    while (this.midnight(d + 1) <= ms) d += 1;
    while (this.midnight(d) > ms) d -= 1;
    return d;
  }

  /** Clinics open Monday to Saturday. */
  isOpen(d) {
    return new Date(this.firstDayMs + d * DAY_MS).getUTCDay() !== 0;
  }

  slotStart(d, slot) {
    return new Date(this.midnight(d) + (FIRST_SLOT_MINUTE + slot * SLOT_MINUTES) * 60000);
  }

  /** An instant on day d at a local minute of the day (e.g. 9 * 60 for 09:00). */
  at(d, minuteOfDay) {
    return new Date(this.midnight(d) + minuteOfDay * 60000);
  }
}

/**
 * Which chair is booked in which slot of which day. One nurse watches chairs 2n and 2n+1 on a day
 * (rotated day by day over the clinic's nurses, at least half as many as chairs), so no nurse ever
 * holds more than two patients at once, the default maxPatientsPerNurse.
 */
class BookingGrid {
  constructor(days, chairs) {
    this.days = days;
    this.chairs = chairs;
    this.taken = new Uint8Array(days * chairs * SLOTS_PER_DAY);
    this.booked = new Uint32Array(days);
  }

  /** Marks slots already booked (an --append run: the sessions already in the database). */
  mark(d, chair, slot, span) {
    if (d < 0 || d >= this.days || slot < 0 || slot + span > SLOTS_PER_DAY) return;
    const base = (d * this.chairs + chair) * SLOTS_PER_DAY;
    for (let k = 0; k < span; k += 1) this.taken[base + slot + k] = 1;
    this.booked[d] += 1;
  }

  /**
   * Books `span` consecutive slots of one chair on day d, or answers null when the day is full.
   * Chairs and slots are tried from a random point so that the days fill evenly.
   */
  book(d, span, rng) {
    if (d < 0 || d >= this.days) return null;
    const chair0 = rng.int(0, this.chairs - 1);
    const slot0 = rng.int(0, SLOTS_PER_DAY - span);
    for (let i = 0; i < this.chairs; i += 1) {
      const chair = (chair0 + i) % this.chairs;
      const base = (d * this.chairs + chair) * SLOTS_PER_DAY;
      for (let j = 0; j <= SLOTS_PER_DAY - span; j += 1) {
        const slot = (slot0 + j) % (SLOTS_PER_DAY - span + 1);
        let free = true;
        for (let k = 0; k < span; k += 1) if (this.taken[base + slot + k]) free = false;
        if (free) {
          for (let k = 0; k < span; k += 1) this.taken[base + slot + k] = 1;
          this.booked[d] += 1;
          return { chair, slot };
        }
      }
    }
    return null;
  }
}

/** The nurse (index into the clinic's nurses) watching a chair on a date (days since 1970). */
function nurseFor(absoluteDay, chair, nurseCount) {
  return (Math.floor(chair / 2) + absoluteDay) % nurseCount;
}

module.exports = {
  ClinicCalendar,
  BookingGrid,
  nurseFor,
  DAY_MS,
  SLOT_MINUTES,
  SLOTS_PER_DAY,
};

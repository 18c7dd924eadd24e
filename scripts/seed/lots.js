// Ketamine lots (Schedule III) per clinic: received as the sessions of a month need them, drawn
// from by sessions. On-hand amounts are written once all draws are known (finish()).
const { DAY_MS } = require('./calendar');

const LOT_MG = 25000; // 50 vials of 500 mg / 10 mL
const CONCENTRATION = 50; // mg/mL
const PERIOD_DAYS = 30;

class LotBook {
  /** @param {number} firstNumber lot numbers continue after the clinic's existing lots (--append) */
  constructor(clinic, calendar, firstNumber = 1) {
    this.clinic = clinic;
    this.firstNumber = firstNumber;
    this.calendar = calendar;
    this.byPeriod = new Map();
    this.lots = [];
  }

  /**
   * The lot a session on day d draws `mg` from: the month's open lot, or a new one received on the
   * first day of that month (its row, receipt entry and audit event go into this batch).
   */
  draw(rng, d, mg, tables, audit) {
    const period = Math.floor(d / PERIOD_DAYS);
    let open = this.byPeriod.get(period);
    if (!open || open.remaining < mg) {
      open = this.receive(rng, period, tables, audit);
      this.byPeriod.set(period, open);
    }
    open.remaining = Math.round((open.remaining - mg) * 1000) / 1000;
    return open;
  }

  receive(rng, period, tables, audit) {
    const { clinic, calendar } = this;
    const receivedAt = calendar.at(period * PERIOD_DAYS, 7 * 60 + (this.lots.length % 50));
    const nurse = clinic.staff.nurse[period % clinic.staff.nurse.length];
    const lot = {
      id: rng.uuid(),
      number: `${clinic.code}-${calendar
        .date(period * PERIOD_DAYS)
        .slice(0, 7)
        .replace('-', '')}-${String(this.firstNumber + this.lots.length).padStart(5, '0')}`,
      remaining: LOT_MG,
    };
    this.lots.push(lot);
    const expires = new Date(receivedAt.getTime() + 730 * DAY_MS).toISOString().slice(0, 10);
    tables.controlled_substance_lots.add({
      id: lot.id,
      clinic_id: clinic.id,
      drug: 'ketamine',
      concentration_mg_per_ml: CONCENTRATION,
      lot_number: lot.number,
      expires_on: expires,
      received_mg: LOT_MG,
      on_hand_mg: LOT_MG,
      received_at: receivedAt,
      received_by: nurse.id,
      version: 1,
      created_at: receivedAt,
      updated_at: receivedAt,
    });
    tables.controlled_substance_ledger_entries.add({
      id: rng.uuid(),
      clinic_id: clinic.id,
      lot_id: lot.id,
      kind: 'receipt',
      quantity_mg: LOT_MG,
      session_id: null,
      actor_id: nurse.id,
      witness_id: null,
      reason: 'received from wholesaler',
      occurred_at: receivedAt,
      version: 1,
      created_at: receivedAt,
      updated_at: receivedAt,
    });
    audit.add(clinic.id, nurse, 'create', null, 'ControlledSubstanceLot', lot.id, receivedAt);
    return lot;
  }

  /** Sets each lot's on-hand amount to what its receipt left after every draw. */
  async finish(client) {
    for (let i = 0; i < this.lots.length; i += 1000) {
      const part = this.lots.slice(i, i + 1000);
      await client.query(
        `UPDATE controlled_substance_lots l SET on_hand_mg = v.on_hand, version = 2
           FROM unnest($1::uuid[], $2::numeric[]) AS v(id, on_hand) WHERE l.id = v.id`,
        [part.map((l) => l.id), part.map((l) => l.remaining)],
      );
    }
  }
}

module.exports = { LotBook, LOT_MG };

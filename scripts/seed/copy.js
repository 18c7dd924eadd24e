// PostgreSQL COPY … FROM STDIN (text format) writer: rows are encoded to lines and buffered per
// table, then streamed to the server in one COPY per table and batch (pg-copy-streams).
const { pipeline } = require('node:stream/promises');
const { Readable } = require('node:stream');
const { from: copyFrom } = require('pg-copy-streams');

const NULL = '\\N';

/** A text-format field: NULL, or the value with backslash, tab, newline and CR escaped. */
function field(value) {
  // By type, the hottest path of the seed: numbers, booleans and ISO dates never need escaping.
  switch (typeof value) {
    case 'string':
      return escaped(value);
    case 'number':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return NULL;
    case 'object':
      if (value === null) return NULL;
      if (value instanceof Date) return iso(value);
      return escaped(JSON.stringify(value));
    default:
      return escaped(String(value));
  }
}

// Date.prototype.toISOString costs ~0.7 µs and the seed formats tens of millions of instants,
// mostly on the same day as the one before: the day's prefix is kept, the time of day is built.
const DAY_MS = 86400000;
const TWO = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
let isoDay = NaN;
let isoPrefix = '';

/** The same text as date.toISOString(). */
function iso(date) {
  const ms = date.getTime();
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    isoPrefix = date.toISOString().slice(0, 11); // throws for an invalid date, as before
    isoDay = day;
  }
  const inDay = ms - day * DAY_MS;
  const s = Math.floor(inDay / 1000);
  return `${isoPrefix}${TWO[Math.floor(s / 3600)]}:${TWO[Math.floor(s / 60) % 60]}:${TWO[s % 60]}.${THREE[inDay % 1000]}Z`;
}

function escaped(text) {
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}

/** A PostgreSQL array literal of text-like values ({"a","b"}); for text[], uuid[], numeric[]. */
function pgArray(values) {
  if (!values) return null;
  return `{${values.map((v) => `"${String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** A tstzrange literal [from, to) (to null: open-ended). */
function tstzrange(from, to) {
  return `[${iso(from)},${to ? iso(to) : ''})`;
}

class TableBuffer {
  /** @param {string} table @param {string[]} columns */
  constructor(table, columns) {
    this.table = table;
    this.columns = columns;
    this.lines = [];
    this.total = 0;
  }

  /** Adds a row: an object keyed by column name (missing keys are NULL). */
  add(row) {
    const columns = this.columns;
    const out = new Array(columns.length);
    for (let i = 0; i < columns.length; i += 1) out[i] = field(row[columns[i]]);
    this.lines.push(out.join('\t'));
  }

  get size() {
    return this.lines.length;
  }

  /** Streams the buffered rows to the server (one COPY) and empties the buffer. */
  async flush(client) {
    await this.take()(client);
  }

  /**
   * Empties the buffer now and answers a function that streams those rows (one COPY), so that
   * the next batch can be buffered while they are written.
   */
  take() {
    const lines = this.lines;
    this.lines = [];
    this.total += lines.length;
    const sql = `COPY ${this.table} (${this.columns.join(', ')}) FROM STDIN`;
    return async (client) => {
      if (lines.length === 0) return;
      const chunks = (function* () {
        for (let i = 0; i < lines.length; i += 2000) {
          yield `${lines.slice(i, i + 2000).join('\n')}\n`;
        }
      })();
      await pipeline(Readable.from(chunks), client.query(copyFrom(sql)));
    };
  }
}

module.exports = { TableBuffer, field, iso, pgArray, tstzrange };

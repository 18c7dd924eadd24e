// PostgreSQL COPY … FROM STDIN (text format) writer: rows are encoded to lines and buffered per
// table, then streamed to the server in one COPY per table and batch (pg-copy-streams).
const { pipeline } = require('node:stream/promises');
const { Readable } = require('node:stream');
const { from: copyFrom } = require('pg-copy-streams');

const NULL = '\\N';

/** A text-format field: NULL, or the value with backslash, tab, newline and CR escaped. */
function field(value) {
  if (value === null || value === undefined) return NULL;
  let text;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
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
  return `[${from.toISOString()},${to ? to.toISOString() : ''})`;
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
    const out = new Array(this.columns.length);
    for (let i = 0; i < this.columns.length; i += 1) out[i] = field(row[this.columns[i]]);
    this.lines.push(out.join('\t'));
  }

  get size() {
    return this.lines.length;
  }

  /** Streams the buffered rows to the server (one COPY) and empties the buffer. */
  async flush(client) {
    if (this.lines.length === 0) return;
    const lines = this.lines;
    this.lines = [];
    this.total += lines.length;
    const sql = `COPY ${this.table} (${this.columns.join(', ')}) FROM STDIN`;
    const chunks = (function* () {
      for (let i = 0; i < lines.length; i += 2000) {
        yield `${lines.slice(i, i + 2000).join('\n')}\n`;
      }
    })();
    await pipeline(Readable.from(chunks), client.query(copyFrom(sql)));
  }
}

module.exports = { TableBuffer, field, pgArray, tstzrange };

// No Nest imports here: a pure scanner with table-driven unit tests (json-budget.spec.ts).

/** How deep a request body may nest: no DTO of this API goes past 4 levels. */
export const MAX_JSON_DEPTH = 32;
/** How many values (scalars, objects, arrays) a request body may hold. */
export const MAX_JSON_VALUES = 10_000;

export type JsonBudgetBreach = 'depth' | 'values' | null;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/**
 * Checks a JSON text's nesting and size before it is parsed: one pass over the bytes, no recursion,
 * so a hostile body costs a few milliseconds and never reaches JSON.parse, validation, or the
 * idempotency fingerprint (which recurse). Malformed text is left for JSON.parse to refuse.
 */
export function jsonBudgetBreach(
  body: Uint8Array,
  maxDepth = MAX_JSON_DEPTH,
  maxValues = MAX_JSON_VALUES,
): JsonBudgetBreach {
  let depth = 0;
  // Containers plus separators: within one of the number of values, and cheap to count.
  let values = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) {
        i++;
      } else if (byte === QUOTE) {
        inString = false;
      }
      continue;
    }
    if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
      values++;
      if (depth > maxDepth) {
        return 'depth';
      }
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    } else if (byte === COMMA) {
      values++;
    }
    if (values > maxValues) {
      return 'values';
    }
  }
  return null;
}

/** An error body-parser passes on as is (its `verify` hook): the problem filter maps its type. */
export class JsonBudgetError extends Error {
  readonly status = 400;
  readonly expose = true;
  readonly type = 'entity.too.complex';

  constructor(readonly breach: Exclude<JsonBudgetBreach, null>) {
    super(
      breach === 'depth'
        ? `The request body nests deeper than ${MAX_JSON_DEPTH} levels`
        : `The request body holds more than ${MAX_JSON_VALUES} values`,
    );
  }
}

/** body-parser's `verify`: runs on the raw bytes before JSON.parse. */
export function verifyJsonBudget(_req: unknown, _res: unknown, body: Buffer): void {
  const breach = jsonBudgetBreach(body);
  if (breach) {
    throw new JsonBudgetError(breach);
  }
}

import type { CalcIssue, CalcRequest } from './contract.js';

// Reads and validates request fields the same way for every calculator (calculation-api.md §2.1): null is
// absent, every missing required field is reported once in one MISSING_MANDATORY_INPUT, and every other
// problem is an INVALID_VALUE (or a more specific type) naming the field path.

// Every calculator checks and reads the same few dates of a person, so these are written out by hand rather
// than with a regular expression and String.split, which allocate on every call.

const DASH = 45;
const ZERO_CODE = 48;

/** The value of the digits iso[from..to), or −1 when any of them is not an ASCII digit (as \d is). */
function digitsAt(iso: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = iso.charCodeAt(i) - ZERO_CODE;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 10) return false;
  if (value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH) return false;
  const y = digitsAt(value, 0, 4);
  const mo = digitsAt(value, 5, 7);
  const d = digitsAt(value, 8, 10);
  if (y < 0 || mo < 0 || d < 0) return false;
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** The parts of an ISO date, each as Number reads the text between the dashes. */
export function dateParts(iso: string): { year: number; month: number; day: number } {
  // The usual YYYY-MM-DD shape is read in place; anything else is split exactly as before.
  if (
    iso.length === 10 &&
    iso.charCodeAt(4) === DASH &&
    iso.charCodeAt(7) === DASH &&
    iso.charCodeAt(5) !== DASH &&
    iso.charCodeAt(6) !== DASH &&
    iso.lastIndexOf('-', 3) === -1 &&
    iso.indexOf('-', 8) === -1
  ) {
    return {
      year: Number(iso.slice(0, 4)),
      month: Number(iso.slice(5, 7)),
      day: Number(iso.slice(8, 10)),
    };
  }
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

interface Options {
  required?: boolean;
}
interface RangeOptions extends Options {
  min?: number;
  max?: number;
}

export class RequestReader {
  readonly missing: string[] = [];
  readonly errors: CalcIssue[] = [];

  constructor(
    private readonly request: CalcRequest,
    private readonly prefix = '',
    private readonly parent?: RequestReader,
  ) {}

  path(name: string): string {
    return this.prefix ? `${this.prefix}.${name}` : name;
  }

  /** The raw value, with null treated as absent. */
  raw(name: string): unknown {
    const v = this.request[name];
    return v === null ? undefined : v;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  private root(): RequestReader {
    return this.parent ? this.parent.root() : this;
  }

  addMissing(name: string): void {
    this.root().missing.push(this.path(name));
  }

  addError(type: string, message: string, fields: string[]): void {
    this.root().errors.push({ type, message, fields });
  }

  invalid(name: string, problem: string): undefined {
    this.addError('INVALID_VALUE', `${this.path(name)} ${problem}`, [this.path(name)]);
    return undefined;
  }

  private present(name: string, opts: Options): unknown {
    const v = this.raw(name);
    if (v === undefined && opts.required !== false) this.addMissing(name);
    return v;
  }

  date(name: string, opts: Options = {}): string | undefined {
    const v = this.present(name, opts);
    if (v === undefined) return undefined;
    if (!isIsoDate(v)) return this.invalid(name, 'must be a real date in the form YYYY-MM-DD');
    return v;
  }

  integer(name: string, opts: RangeOptions = {}): number | undefined {
    const v = this.present(name, opts);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.invalid(name, 'must be a whole number');
    return this.inRange(name, v, opts);
  }

  decimal(name: string, opts: RangeOptions = {}): number | undefined {
    const v = this.present(name, opts);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.invalid(name, 'must be a number');
    return this.inRange(name, v, opts);
  }

  private inRange(name: string, v: number, opts: RangeOptions): number | undefined {
    if (opts.min !== undefined && v < opts.min) return this.invalid(name, `must be at least ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) return this.invalid(name, `must be at most ${opts.max}`);
    return v;
  }

  boolean(name: string, opts: Options = {}): boolean | undefined {
    const v = this.present(name, opts);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') return this.invalid(name, 'must be true or false');
    return v;
  }

  enumValue<T extends string>(name: string, values: readonly T[], opts: Options = {}): T | undefined {
    const v = this.present(name, opts);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      return this.invalid(name, `must be one of ${values.join(', ')}`);
    }
    return v as T;
  }

  /** A 0–2 OASys-style item (calculation-api.md §2.4). */
  item02(name: string, opts: Options = {}): 0 | 1 | 2 | undefined {
    const v = this.present(name, opts);
    if (v === undefined) return undefined;
    if (v !== 0 && v !== 1 && v !== 2) return this.invalid(name, 'must be 0, 1 or 2');
    return v;
  }

  string(name: string, opts: Options = {}): string | undefined {
    const v = this.present(name, opts);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return this.invalid(name, 'must be a string');
    return v;
  }

  /** A nested object; its fields are reported as "name.field". */
  object(name: string, opts: Options = {}): RequestReader | undefined {
    const v = this.present(name, opts);
    if (v === undefined) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) return this.invalid(name, 'must be an object');
    return new RequestReader(v as CalcRequest, this.path(name), this);
  }

  /** An array of objects; element i is reported as "name[i].field". */
  objectArray(name: string, opts: Options = {}): RequestReader[] | undefined {
    const v = this.present(name, opts);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return this.invalid(name, 'must be an array');
    const readers: RequestReader[] = [];
    v.forEach((item, i) => {
      const p = `${this.path(name)}[${i}]`;
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        this.addError('INVALID_VALUE', `${p} must be an object`, [p]);
      } else {
        readers.push(new RequestReader(item as CalcRequest, p, this));
      }
    });
    return readers;
  }

  /** All problems found: one MISSING_MANDATORY_INPUT listing every missing field, then the others. */
  issues(): CalcIssue[] {
    const root = this.root();
    const out: CalcIssue[] = [];
    if (root.missing.length > 0) {
      out.push({
        type: 'MISSING_MANDATORY_INPUT',
        message: `Missing: ${root.missing.join(', ')}`,
        fields: [...root.missing],
      });
    }
    return out.concat(root.errors);
  }
}

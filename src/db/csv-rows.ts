// Rows kept as PostgreSQL CSV text until they are copied: the seed's bulk load and the risk record's first
// calculation (risk-rows.ts) both write through COPY with these.

export type Cell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\n\r]/;

/** One CSV field in PostgreSQL's CSV format: NULL is an unquoted empty field, '' a quoted one. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value === '' || NEEDS_QUOTES.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** Rows for one table, kept as CSV text until they are copied. */
export class TableRows {
  // Lines are joined into larger pieces every few hundred rows so the many small strings die young: holding
  // them until the copy made the garbage collector promote and trace millions of tiny strings.
  private lines: string[] = [];
  private pieces: string[] = [];
  private rows = 0;
  count = 0;

  constructor(
    readonly table: string,
    readonly columns: readonly string[],
  ) {}

  add(values: readonly Cell[]): void {
    let line = csvField(values[0]);
    for (let i = 1; i < values.length; i++) line += ',' + csvField(values[i]);
    this.lines.push(line);
    if (this.lines.length === 512) {
      this.pieces.push(this.lines.join('\n') + '\n');
      this.lines = [];
    }
    this.rows++;
    this.count++;
  }

  get pending(): number {
    return this.rows;
  }

  take(): string | null {
    if (this.rows === 0) return null;
    if (this.lines.length > 0) this.pieces.push(this.lines.join('\n') + '\n');
    const text = this.pieces.join('');
    this.lines = [];
    this.pieces = [];
    this.rows = 0;
    return text;
  }
}

const TEXT_SPECIALS = /[\\\t\n\r]/;
const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

/**
 * One field in PostgreSQL's COPY text format: NULL is \N, and only backslash, tab, newline and carriage return
 * are escaped. JSON needs no escaping at all unless it holds a backslash, where CSV doubled every quote in it.
 */
export function copyTextField(value: Cell): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return TEXT_SPECIALS.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => TEXT_ESCAPES[c]!) : value;
}

/** Bytes of each block rows are written into; a row longer than this gets a block of its own size. */
const BLOCK_BYTES = 4 << 20;

/**
 * Rows for one table in COPY text format, handed over as UTF-8 bytes whose buffer can be transferred between
 * threads: the risk record's first calculation makes some 4 GB of JSON at national scale, and each copy of it
 * (doubling quotes, joining, passing to the main thread, encoding for the socket) cost more than the
 * calculation. Each row is encoded into blocks outside the JavaScript heap as it is added, so a batch's tens of
 * megabytes never sit in the heap as strings to be joined and then encoded (a fifth of the seed's risk step
 * went to collecting them).
 */
export class TextRows {
  private blocks: Uint8Array<ArrayBuffer>[] = [];
  private block: Buffer | null = null;
  private used = 0;
  count = 0;

  add(values: readonly Cell[]): void {
    let line = copyTextField(values[0]);
    for (let i = 1; i < values.length; i++) line += '\t' + copyTextField(values[i]);
    line += '\n';
    // UTF-8 takes at most 3 bytes for each UTF-16 code unit.
    const most = line.length * 3;
    if (this.block === null || this.used + most > this.block.length) this.nextBlock(most);
    this.used += this.block!.write(line, this.used, 'utf8');
    this.count++;
  }

  private keepBlock(): void {
    // allocUnsafeSlow gives each block an ArrayBuffer of its own (not the shared pool), which can be transferred.
    if (this.block !== null && this.used > 0)
      this.blocks.push(new Uint8Array(this.block.buffer as ArrayBuffer, this.block.byteOffset, this.used));
    this.block = null;
    this.used = 0;
  }

  private nextBlock(atLeast: number): void {
    this.keepBlock();
    this.block = Buffer.allocUnsafeSlow(Math.max(BLOCK_BYTES, atLeast));
  }

  /**
   * The rows added so far as UTF-8 bytes in order, a block each with a buffer of its own (so each can be
   * transferred), or null when there are none; the builder is then empty.
   */
  take(): Uint8Array<ArrayBuffer>[] | null {
    this.keepBlock();
    if (this.blocks.length === 0) return null;
    const blocks = this.blocks;
    this.blocks = [];
    return blocks;
  }
}

import { describe, expect, it } from 'vitest';
import { copyTextField, TextRows } from './csv-rows.js';

describe('COPY text rows', () => {
  it('writes null as \\N and escapes only backslash, tab, newline and carriage return', () => {
    expect(copyTextField(null)).toBe('\\N');
    expect(copyTextField(undefined)).toBe('\\N');
    expect(copyTextField('')).toBe('');
    expect(copyTextField(true)).toBe('t');
    expect(copyTextField(12.5)).toBe('12.5');
    expect(copyTextField('{"a":"b, \\"c\\""}')).toBe('{"a":"b, \\\\"c\\\\""}');
    expect(copyTextField('one\ttwo\nthree\rfour')).toBe('one\\ttwo\\nthree\\rfour');
    expect(copyTextField('{"name":"O\'Brien, \\"Pat\\""}')).toContain("O'Brien");
  });

  it('hands over each batch as UTF-8 lines, then starts empty', () => {
    const rows = new TextRows();
    expect(rows.take()).toBeNull();
    rows.add([1, 'Zoë', null]);
    rows.add([2, '{"x":1}', false]);
    expect(Buffer.concat(rows.take()!).toString()).toBe('1\tZoë\t\\N\n2\t{"x":1}\tf\n');
    expect(rows.count).toBe(2);
    expect(rows.take()).toBeNull();
  });

  it('keeps every byte when a batch fills several blocks and one row is bigger than a block', () => {
    const rows = new TextRows();
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const text = `{"n":${i},"note":"${'é'.repeat(1500)}"}`;
      rows.add([i, text]);
      lines.push(`${i}\t${text}`);
    }
    const huge = 'x'.repeat(5 << 20);
    rows.add([3000, huge]);
    lines.push(`3000\t${huge}`);
    const blocks = rows.take()!;
    expect(blocks.length).toBeGreaterThan(2);
    expect(new Set(blocks.map((b) => b.buffer)).size).toBe(blocks.length);
    expect(Buffer.concat(blocks).toString()).toBe(`${lines.join('\n')}\n`);
  });
});

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
    expect(new TextDecoder().decode(rows.take()!)).toBe('1\tZoë\t\\N\n2\t{"x":1}\tf\n');
    expect(rows.count).toBe(2);
    expect(rows.take()).toBeNull();
  });
});

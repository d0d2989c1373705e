import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { calcCommand } from './calc.js';

// calculation-api.md §4: the command line contract.

const OGRS3 = {
  sex: 'MALE',
  dateOfBirth: '1991-07-17',
  convictionDate: '2021-08-05',
  followUpStartDate: '2021-12-12',
  totalSanctions: 2,
  ageAtFirstSanction: 21,
  offenceCode: '11618',
  calculationDate: '2026-03-02',
};

async function run(args: string[], stdin = '') {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await calcCommand(args, {
    stdout: (l) => stdout.push(l),
    stderr: (l) => stderr.push(l),
    readStdin: async () => stdin,
  });
  return { code, stdout, stderr };
}

describe('casework calc', () => {
  it('prints one computed result on one line with exit 0', async () => {
    const r = await run(['ogrs3'], `\uFEFF  ${JSON.stringify(OGRS3)}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toHaveLength(1);
    expect(JSON.parse(r.stdout[0]!)).toMatchObject({
      calculator: 'ogrs3',
      modelVersion: 'OGRS3-2009',
      oneYearPercent: 9,
      twoYearPercent: 17,
    });
  });

  it('prints a refusal with exit 0, naming every missing field once', async () => {
    const r = await run(['ogrs3'], '{}');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout[0]!);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].type).toBe('MISSING_MANDATORY_INPUT');
    expect(body.errors[0].fields).toEqual([
      'sex',
      'dateOfBirth',
      'convictionDate',
      'followUpStartDate',
      'totalSanctions',
      'ageAtFirstSanction',
      'offenceCode',
    ]);
  });

  it('refuses an unknown calculator with exit 2 and says how to list them', async () => {
    const r = await run(['ogrs4'], JSON.stringify(OGRS3));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout[0]!)).toEqual({
      errors: [
        {
          type: 'UNKNOWN_CALCULATOR',
          message: "Unknown calculator 'ogrs4'. Run 'casework calc --list'.",
          fields: [],
        },
      ],
    });
    expect(r.stderr.join('')).toContain('ogrs4');
  });

  it('answers malformed JSON, a non-object, an unknown option and an unreadable file with exit 2', async () => {
    const malformed = await run(['ogrs3'], 'not json');
    expect(malformed.code).toBe(2);
    expect(JSON.parse(malformed.stdout[0]!).errors[0]).toMatchObject({
      type: 'MALFORMED_JSON',
      message: expect.stringMatching(/^The input is not valid JSON \(.*(line 1|token)/),
    });
    const array = await run(['ogrs3'], '[]');
    expect([array.code, JSON.parse(array.stdout[0]!).errors[0].type]).toEqual([2, 'INVALID_BODY']);
    const option = await run(['ogrs3', '--verbose'], '{}');
    expect([option.code, JSON.parse(option.stdout[0]!).errors[0].type]).toEqual([2, 'UNKNOWN_OPTION']);
    const file = await run(['ogrs3', '--input', path.join(os.tmpdir(), 'no-such-casework-file.json')]);
    expect([file.code, JSON.parse(file.stdout[0]!).errors[0].type]).toEqual([2, 'INPUT_UNREADABLE']);
  });

  it('lists every calculator with its model version', async () => {
    const r = await run(['--list']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout[0]!).calculators as { calculator: string; modelVersion: string }[];
    expect(list.map((c) => c.calculator)).toEqual(
      expect.arrayContaining(['ogrs3', 'rsr', 'tier-v3', 'tier-v2', 'workload-points', 'available-points']),
    );
    expect(list.every((c) => c.modelVersion.length > 0)).toBe(true);
  });

  it('answers a JSON Lines batch one line per non-blank input line, in order, carrying on after bad lines', async () => {
    const input = [
      JSON.stringify(OGRS3),
      '',
      'not json',
      '   ',
      '"a string"',
      JSON.stringify({ ...OGRS3, totalSanctions: 0 }),
    ].join('\n');
    const r = await run(['ogrs3', '--batch'], input);
    expect(r.code).toBe(0);
    expect(r.stdout).toHaveLength(4);
    const [first, second, third, fourth] = r.stdout.map((l) => JSON.parse(l));
    expect(first.twoYearPercent).toBe(17);
    expect(second.errors[0].type).toBe('MALFORMED_JSON');
    expect(third.errors[0].type).toBe('INVALID_BODY');
    expect(fourth.errors.map((e: { type: string }) => e.type)).toContain(
      'TOTAL_NUMBER_OF_SANCTIONS_LESS_THAN_ONE',
    );
    // A batch answers exactly as the same requests one at a time.
    expect(r.stdout[0]).toBe((await run(['ogrs3'], JSON.stringify(OGRS3))).stdout[0]);
  });

  it('reads the request from --input FILE', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'casework-calc-')), 'person.json');
    fs.writeFileSync(file, JSON.stringify(OGRS3));
    const r = await run(['ogrs3', '--input', file]);
    expect(JSON.parse(r.stdout[0]!).band).toBe('LOW');
  });

  it('works as the installed command: stdout carries only the JSON, exit status 2 for an unknown calculator', async () => {
    const bin = path.resolve('bin/casework.js');
    const error = await promisify(execFile)(process.execPath, [bin, 'calc', 'ogrs4'], {
      env: { ...process.env },
    }).catch((e: { code: number; stdout: string }) => e);
    expect('code' in error && error.code).toBe(2);
    expect(error.stdout).toBe(
      '{"errors":[{"type":"UNKNOWN_CALCULATOR","message":"Unknown calculator \'ogrs4\'. Run \'casework calc --list\'.","fields":[]}]}\n',
    );
  }, 30_000);
});

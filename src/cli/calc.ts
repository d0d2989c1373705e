import fs from 'node:fs';
import { calculators, findCalculator } from '../domain/calculation/registry.js';
import { parseRequest, unusable, type Unusable } from '../domain/calculation/input.js';
import { runCalculator } from '../domain/calculation/run.js';

interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  readStdin: () => Promise<string>;
}

function fail(io: Io, problem: Unusable): number {
  io.stdout(JSON.stringify(problem));
  io.stderr(problem.errors[0].message);
  return 2;
}

/**
 * `casework calc` (calculation-api.md §4): exactly one JSON object per answer on standard output,
 * diagnostics on standard error, exit 0 for results and refusals, 2 for unusable input.
 */
export async function calcCommand(args: string[], io: Io): Promise<number> {
  let name: string | undefined;
  let inputFile: string | undefined;
  let batch = false;
  let list = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--batch') batch = true;
    else if (arg === '--list') list = true;
    else if (arg === '--input') {
      inputFile = args[++i];
      if (inputFile === undefined) return fail(io, unusable('UNKNOWN_OPTION', '--input needs a file name'));
    } else if (arg.startsWith('--input=')) inputFile = arg.slice('--input='.length);
    else if (arg.startsWith('-'))
      return fail(io, unusable('UNKNOWN_OPTION', `Unknown option '${arg}'. Run 'casework calc --list'.`));
    else if (name === undefined) name = arg;
    else return fail(io, unusable('UNKNOWN_OPTION', `Unexpected argument '${arg}'`));
  }

  if (list) {
    io.stdout(
      JSON.stringify({
        calculators: calculators.map((c) => ({ calculator: c.name, modelVersion: c.modelVersion })),
      }),
    );
    return 0;
  }
  const calculator = name === undefined ? undefined : findCalculator(name);
  if (!calculator) {
    const message =
      name === undefined
        ? "Name a calculator. Run 'casework calc --list'."
        : `Unknown calculator '${name}'. Run 'casework calc --list'.`;
    return fail(io, unusable('UNKNOWN_CALCULATOR', message));
  }

  let text: string;
  try {
    text = inputFile !== undefined ? fs.readFileSync(inputFile, 'utf8') : await io.readStdin();
  } catch (err) {
    return fail(
      io,
      unusable('INPUT_UNREADABLE', `Cannot read the input file ${inputFile}: ${(err as Error).message}`),
    );
  }

  if (!batch) {
    const parsed = parseRequest(text);
    if ('errors' in parsed) return fail(io, parsed);
    io.stdout(JSON.stringify(runCalculator(calculator, parsed.request)));
    return 0;
  }
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const parsed = parseRequest(line);
    io.stdout(JSON.stringify('errors' in parsed ? parsed : runCalculator(calculator, parsed.request)));
  }
  return 0;
}

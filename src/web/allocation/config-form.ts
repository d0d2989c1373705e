import type { AllocationConfig } from '../../domain/allocation/index.js';
import { GRADES } from '../../domain/workload/index.js';
import type { FieldProblem } from '../../domain/validation.js';

// The allocation configuration page's form. Every setting is one described field, named by its path in the
// configuration, so the form, the parser and the error summary (allocationConfigProblems names the same
// paths) cannot drift apart. Checking the values is the domain's job: numbers that do not parse arrive as NaN
// and are refused there with the rule they break.

type Body = Record<string, string | string[] | undefined>;

type Field =
  | { path: string; label: string; kind: 'number'; hint?: string }
  | { path: string; label: string; kind: 'boolean' }
  | { path: string; label: string; kind: 'outcome' }
  | { path: string; label: string; kind: 'choices'; options: readonly string[] }
  | { path: string; label: string; kind: 'words'; hint: string };

export interface FieldGroup {
  heading: string;
  fields: readonly Field[];
}

const ROSH = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'];
const MAPPA = ['M1', 'M2', 'M3'];
const V3 = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
const OVERRIDE_ROLES = ['SPO', 'PDU_HEAD', 'ADMIN'];

export const CONFIG_GROUPS: readonly FieldGroup[] = [
  {
    heading: 'Timeliness',
    fields: [
      { path: 'timeliness.targetWorkingDays', label: 'Allocate within (working days)', kind: 'number' },
      {
        path: 'timeliness.custodyWorkingDaysBeforeRelease',
        label: 'Custody cases: allocate at least this many working days before release',
        kind: 'number',
      },
    ],
  },
  {
    heading: 'Guardrail: case needs a PO',
    fields: [
      { path: 'guardrails.poGrade.enabled', label: 'Apply this guardrail', kind: 'boolean' },
      { path: 'guardrails.poGrade.outcome', label: 'When triggered', kind: 'outcome' },
      { path: 'guardrails.poGrade.grades', label: 'Grades it applies to', kind: 'choices', options: GRADES },
      { path: 'guardrails.poGrade.roshLevels', label: 'RoSH levels', kind: 'choices', options: ROSH },
      { path: 'guardrails.poGrade.mappaLevels', label: 'MAPPA levels', kind: 'choices', options: MAPPA },
      { path: 'guardrails.poGrade.v3Tiers', label: 'V3 tiers', kind: 'choices', options: V3 },
      {
        path: 'guardrails.poGrade.registerCodes',
        label: 'Register types',
        kind: 'words',
        hint: 'Register type codes separated by spaces, for example ADVP RCPR SPO',
      },
    ],
  },
  {
    heading: 'Guardrail: newly qualified officers and PQiPs',
    fields: [
      { path: 'guardrails.newOfficer.enabled', label: 'Apply this guardrail', kind: 'boolean' },
      { path: 'guardrails.newOfficer.outcome', label: 'When triggered', kind: 'outcome' },
      {
        path: 'guardrails.newOfficer.grades',
        label: 'Grades it applies to',
        kind: 'choices',
        options: GRADES,
      },
      { path: 'guardrails.newOfficer.roshLevels', label: 'RoSH levels', kind: 'choices', options: ROSH },
      { path: 'guardrails.newOfficer.mappaLevels', label: 'MAPPA levels', kind: 'choices', options: MAPPA },
    ],
  },
  {
    heading: 'Guardrail: over capacity',
    fields: [
      { path: 'guardrails.overCapacity.enabled', label: 'Apply this guardrail', kind: 'boolean' },
      { path: 'guardrails.overCapacity.outcome', label: 'When triggered', kind: 'outcome' },
      {
        path: 'guardrails.overrideRoles',
        label: 'Roles that may override a guardrail',
        kind: 'choices',
        options: OVERRIDE_ROLES,
      },
    ],
  },
  {
    heading: 'Recommendation ranking',
    fields: [
      { path: 'ranking.eligibleGrades', label: 'Grades offered', kind: 'choices', options: GRADES },
      {
        path: 'ranking.gradeOrder',
        label: 'Grade order for ties',
        kind: 'words',
        hint: 'Grades separated by spaces, first preferred, for example PO NQO PSO PQIP',
      },
      { path: 'ranking.gradeFit.points', label: 'Points when the grade fits the case', kind: 'number' },
      {
        path: 'ranking.gradeFit.preferredForOtherCases.grades',
        label: 'Grades preferred for cases without high-harm features',
        kind: 'choices',
        options: GRADES,
      },
      {
        path: 'ranking.gradeFit.preferredForOtherCases.points',
        label: 'Extra points for those grades',
        kind: 'number',
      },
      { path: 'ranking.guardrailPenalty', label: 'Points off for each guardrail triggered', kind: 'number' },
      {
        path: 'ranking.capacity.pointsPerPct',
        label: 'Points per percentage point of capacity',
        kind: 'number',
      },
      { path: 'ranking.capacity.maxPoints', label: 'Most points for capacity', kind: 'number' },
      {
        path: 'ranking.continuity.points',
        label: 'Points for having managed the person before',
        kind: 'number',
      },
      {
        path: 'ranking.recentAllocations.windowDays',
        label: 'Recent allocations window (days)',
        kind: 'number',
      },
      {
        path: 'ranking.recentAllocations.pointsPerAllocation',
        label: 'Points off for each recent allocation',
        kind: 'number',
      },
    ],
  },
];

const OUTCOMES = [
  { value: 'OVERRIDE', text: 'Allowed with an override reason from a permitted role' },
  { value: 'JUSTIFICATION', text: 'Allowed with a written justification' },
  { value: 'BLOCK', text: 'Not allowed' },
];

function get(config: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], config);
}

function set(config: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, config);
  parent[last] = value;
}

const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** The posted form as a configuration, starting from `base` so a setting the form lacks keeps its value. */
export function configFromForm(body: Body, base: AllocationConfig): AllocationConfig {
  const config = structuredClone(base) as unknown as Record<string, unknown>;
  for (const group of CONFIG_GROUPS) {
    for (const f of group.fields) {
      const raw = body[f.path];
      switch (f.kind) {
        case 'number': {
          const text = one(raw).trim();
          set(config, f.path, text === '' ? NaN : Number(text));
          break;
        }
        case 'boolean':
          set(config, f.path, one(raw) === 'yes');
          break;
        case 'outcome':
          set(config, f.path, one(raw));
          break;
        case 'choices':
          set(config, f.path, many(raw).filter(Boolean));
          break;
        case 'words':
          set(
            config,
            f.path,
            one(raw)
              .toUpperCase()
              .split(/[\s,]+/)
              .filter(Boolean),
          );
          break;
      }
    }
  }
  return config as unknown as AllocationConfig;
}

const LABELS = new Map(CONFIG_GROUPS.flatMap((g) => g.fields.map((f) => [f.path, f.label])));

/** The domain's problems ("must be a whole number …") as sentences naming the setting, linked to its field. */
export function configErrors(problems: readonly FieldProblem[]) {
  const text = (p: FieldProblem) => `${LABELS.get(p.field) ?? p.field}: ${p.problem}`;
  return {
    errors: problems.map((p) => ({ text: text(p), href: `#${p.field}` })),
    fieldErrors: new Map(problems.map((p) => [p.field, { text: text(p) }])),
  };
}

/** Each group's fields with the values to show: the posted ones after an error, else the configuration's. */
export function configFormGroups(
  config: AllocationConfig,
  body: Body | null,
  problems: readonly FieldProblem[],
) {
  const errors = configErrors(problems).fieldErrors;
  return CONFIG_GROUPS.map((g) => ({
    heading: g.heading,
    fields: g.fields.map((f) => {
      const current = get(config, f.path);
      const base = {
        id: f.path,
        name: f.path,
        label: f.label,
        kind: f.kind,
        errorMessage: errors.get(f.path),
      };
      switch (f.kind) {
        case 'number':
          return { ...base, hint: f.hint, value: body ? one(body[f.path]) : String(current) };
        case 'boolean':
          return { ...base, checked: body ? one(body[f.path]) === 'yes' : current === true };
        case 'outcome': {
          const chosen = body ? one(body[f.path]) : String(current);
          return { ...base, items: OUTCOMES.map((o) => ({ ...o, checked: o.value === chosen })) };
        }
        case 'choices': {
          const chosen = body ? many(body[f.path]) : (current as string[]);
          return {
            ...base,
            items: f.options.map((o) => ({ value: o, text: o, checked: chosen.includes(o) })),
          };
        }
        case 'words':
          return {
            ...base,
            hint: f.hint,
            value: body ? one(body[f.path]) : (current as string[]).join(' '),
          };
      }
    }),
  }));
}

import type { CalcIssue } from '../calculation/contract.js';

// How a combined calculation reports its components' problems (calculation-api.md §3.3–3.4, §6.9): one
// COMPONENT_VALIDATION_ERROR naming every refused component, followed by each component's own errors with
// `component` set; a component's warnings are passed up with `component` set as well.

export interface RefusedComponent {
  /** The component calculator's name, for example `snsv` or `osp-dc`. */
  component: string;
  errors: readonly CalcIssue[];
}

export function tagWithComponent(component: string, issues: readonly CalcIssue[]): CalcIssue[] {
  return issues.map((issue) => ({ ...issue, component }));
}

/** The errors of a combined calculation that cannot be produced because these components were refused. */
export function componentValidationErrors(
  calculator: string,
  refused: readonly RefusedComponent[],
): CalcIssue[] {
  if (refused.length === 0) return [];
  const components = refused.map((c) => c.component);
  const fields = [...new Set(refused.flatMap((c) => c.errors.flatMap((e) => e.fields)))];
  return [
    {
      type: 'COMPONENT_VALIDATION_ERROR',
      message: `${calculator} cannot be calculated because ${components.join(', ')} could not be calculated`,
      fields,
      components,
    },
    ...refused.flatMap((c) => tagWithComponent(c.component, c.errors)),
  ];
}

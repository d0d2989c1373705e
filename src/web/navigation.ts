import type { CurrentUser } from './auth/session.js';
import { hasRole } from './auth/session.js';

interface NavItem {
  text: string;
  href: string;
  active?: boolean;
}

/** The service navigation a user sees: only the areas their roles open. */
export function navigationFor(user: CurrentUser | undefined, url: string): NavItem[] {
  if (!user) return [];
  const items: NavItem[] = [];
  if (hasRole(user, 'PRACTITIONER')) items.push({ text: 'My cases', href: '/cases' });
  if (hasRole(user, 'SPO', 'PDU_HEAD')) items.push({ text: 'Team caseload', href: '/team' });
  if (hasRole(user, 'SPO', 'PDU_HEAD', 'ADMIN', 'INSPECTOR'))
    items.push({ text: 'Allocations', href: '/allocation' });
  if (user.staffId !== null) items.push({ text: 'Notifications', href: '/notifications' });
  items.push({ text: 'Transfers', href: '/transfers' });
  if (hasRole(user, 'SPO', 'PDU_HEAD', 'ADMIN', 'INSPECTOR'))
    items.push({ text: 'Escalations', href: '/escalations' });
  if (hasRole(user, 'SPO', 'PDU_HEAD', 'ADMIN', 'INSPECTOR'))
    items.push({ text: 'Watchdog', href: '/watchdog' });
  items.push({ text: hasRole(user, 'PRACTITIONER') ? 'My workload' : 'Workload', href: '/workload' });
  if (hasRole(user, 'ADMIN', 'INSPECTOR'))
    items.push({ text: 'Workload settings', href: '/workload/admin/weights' });
  if (hasRole(user, 'ADMIN', 'INSPECTOR'))
    items.push({ text: 'Allocation settings', href: '/allocation/admin/config' });
  items.push({ text: 'Search', href: '/search' });
  const path = url.split('?')[0] ?? '';
  return items.map((i) => ({ ...i, active: path === i.href || path.startsWith(`${i.href}/`) }));
}

/** Where "/" takes a user: the page they use most. */
export function homeFor(user: CurrentUser): string {
  if (hasRole(user, 'PRACTITIONER')) return '/cases';
  if (hasRole(user, 'SPO', 'PDU_HEAD')) return '/team';
  return '/search';
}

/**
 * Paging for every list page: reading ?page= and building the MoJ pagination component's parameters
 * (moj/components/pagination), which wraps GOV.UK pagination and adds "Showing 26 to 50 of 612 results".
 */

export const DEFAULT_PAGE_SIZE = 25;
/** Deep pages are refused beyond this; a search that needs them needs narrowing instead. */
export const MAX_PAGE = 10_000;

/** A page number from a query string: a whole number from 1 to MAX_PAGE, otherwise page 1. */
export function readPage(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return n >= 1 && n <= MAX_PAGE ? n : 1;
}

export interface PaginationItem {
  number?: number;
  href?: string;
  selected?: boolean;
  type?: 'dots';
}

export interface Pagination {
  items: PaginationItem[];
  previous?: { text: string; href: string };
  next?: { text: string; href: string };
  results: { from: number; to: number; count: number };
  landmarkLabel: string;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * Pagination for page `page` of `total` rows: the first and last pages, two either side of the current one,
 * and dots for the gaps, as the GOV.UK pattern recommends.
 */
export function paginationFor(
  page: number,
  pageSize: number,
  total: number,
  hrefFor: (page: number) => string,
  landmarkLabel = 'Pages',
): Pagination {
  const pages = pageCount(total, pageSize);
  const shown = new Set(
    [1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((p) => p >= 1 && p <= pages),
  );
  const items: PaginationItem[] = [];
  let previousShown = 0;
  for (const p of [...shown].sort((a, b) => a - b)) {
    if (p - previousShown > 1) items.push({ type: 'dots' });
    items.push({ number: p, href: hrefFor(p), selected: p === page });
    previousShown = p;
  }
  return {
    items,
    previous: page > 1 ? { text: 'Previous', href: hrefFor(Math.min(page - 1, pages)) } : undefined,
    next: page < pages ? { text: 'Next', href: hrefFor(page + 1) } : undefined,
    results: {
      from: total === 0 ? 0 : Math.min((page - 1) * pageSize + 1, total),
      to: Math.min(page * pageSize, total),
      count: total,
    },
    landmarkLabel,
  };
}

/** The current query string with some parameters replaced (undefined or '' removes them). */
export function withQuery(
  path: string,
  query: Record<string, unknown>,
  changes: Record<string, string | number | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (typeof v === 'string' && v !== '') params.set(k, v);
  }
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') params.delete(k);
    else params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

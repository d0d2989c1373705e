import type { CapacityBand, CapacityThresholds } from '../../domain/workload/index.js';
import { DEFAULT_CAPACITY_THRESHOLDS } from '../../domain/workload/index.js';

// Chart geometry for the server-rendered SVGs. The templates only draw what these return, so the charts
// need no JavaScript; the same numbers are always on the page as a table too.

/** GOV.UK colours for each band; amber is GOV.UK orange, since GOV.UK yellow is unreadable on white. */
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
/** "2026-11-29" → "29 Nov": axis labels are short so six fit under the chart. */
const axisDate = (iso: string) => shortDate.format(new Date(`${iso}T00:00:00Z`));

const BAND_COLOURS: Record<CapacityBand, string> = {
  WITHIN: '#1d70b8',
  AMBER: '#f47738',
  RED: '#d4351c',
  NO_AVAILABLE_POINTS: '#b1b4b6',
};

export interface BarChart {
  /** What the colours and guide lines mean, with the thresholds in force. */
  caption: string;
  width: number;
  height: number;
  labelWidth: number;
  bars: {
    label: string;
    valueText: string;
    y: number;
    width: number;
    fill: string;
    textX: number;
  }[];
  guides: { x: number; label: string; anchor: 'start' | 'end' }[];
  barHeight: number;
  summary: string;
}

export interface BarInput {
  label: string;
  pct: number | null;
  displayPct: number | null;
  band: CapacityBand;
}

/**
 * Horizontal bars of workload %, one per practitioner or unit, with guide lines at the highlight and
 * over-capacity thresholds. The scale reaches at least 120 % so the guides are always in view.
 */
export function workloadBarChart(
  items: readonly BarInput[],
  thresholds: CapacityThresholds = DEFAULT_CAPACITY_THRESHOLDS,
): BarChart {
  const labelWidth = 220;
  const plotWidth = 460;
  const barHeight = 22;
  const gap = 8;
  const top = 24;
  const max = Math.max(120, ...items.map((i) => i.pct ?? 0)) * 1.05;
  const scale = (pct: number) => labelWidth + (Math.max(0, pct) / max) * plotWidth;
  const bars = items.map((item, i) => {
    const end = item.pct === null ? labelWidth : scale(item.pct);
    return {
      label: item.label,
      valueText: item.displayPct === null ? 'No available points' : `${item.displayPct.toFixed(1)}%`,
      y: top + i * (barHeight + gap),
      width: end - labelWidth,
      fill: BAND_COLOURS[item.band],
      textX: end + 6,
    };
  });
  const over = items.filter((i) => i.band === 'RED').length;
  const amber = items.filter((i) => i.band === 'AMBER').length;
  return {
    width: labelWidth + plotWidth + 140,
    height: top + items.length * (barHeight + gap) + 8,
    labelWidth,
    bars,
    barHeight,
    // The two guides are close together, so their labels sit either side of them rather than overlapping.
    guides: [
      { x: scale(thresholds.highlightAbovePct), label: `${thresholds.highlightAbovePct}%`, anchor: 'end' },
      {
        x: scale(thresholds.overCapacityAbovePct),
        label: `${thresholds.overCapacityAbovePct}%`,
        anchor: 'start',
      },
    ],
    caption:
      `Bars are blue up to ${thresholds.highlightAbovePct}%, orange over ${thresholds.highlightAbovePct}% and red ` +
      `over ${thresholds.overCapacityAbovePct}%. Dashed lines mark ${thresholds.highlightAbovePct}% and ` +
      `${thresholds.overCapacityAbovePct}%.`,
    summary:
      `Workload of ${items.length} ${items.length === 1 ? 'member' : 'members'}: ${over} over ` +
      `${thresholds.overCapacityAbovePct}%, ${amber} over ${thresholds.highlightAbovePct}%. The figures are in the table below.`,
  };
}

export interface LineChart {
  width: number;
  height: number;
  points: string;
  dots: { x: number; y: number; label: string }[];
  xLabels: { x: number; label: string }[];
  guides: { y: number; label: string }[];
  axis: { left: number; right: number; bottom: number; top: number };
  summary: string;
}

/** Weekly workload % as a line, with the same threshold guides. Weeks with no available points are gaps. */
export function trendLineChart(
  weeks: readonly { weekEnding: string; pct: number | null; displayPct: number | null }[],
  thresholds: CapacityThresholds = DEFAULT_CAPACITY_THRESHOLDS,
): LineChart {
  const left = 48;
  const right = 620;
  const top = 12;
  const bottom = 260;
  const max = Math.max(120, ...weeks.map((w) => w.pct ?? 0)) * 1.05;
  const x = (i: number) =>
    weeks.length <= 1 ? (left + right) / 2 : left + (i / (weeks.length - 1)) * (right - left);
  const y = (pct: number) => bottom - (Math.max(0, pct) / max) * (bottom - top);
  const dots = weeks.flatMap((w, i) =>
    w.pct === null ? [] : [{ x: x(i), y: y(w.pct), label: `${w.weekEnding}: ${w.displayPct!.toFixed(1)}%` }],
  );
  const step = Math.max(1, Math.ceil(weeks.length / 6));
  const first = weeks[0];
  const last = weeks.at(-1);
  return {
    width: right + 40,
    height: bottom + 36,
    points: dots.map((d) => `${d.x.toFixed(1)},${d.y.toFixed(1)}`).join(' '),
    dots,
    xLabels: weeks.flatMap((w, i) =>
      i % step === 0 || i === weeks.length - 1 ? [{ x: x(i), label: axisDate(w.weekEnding) }] : [],
    ),
    guides: [0, thresholds.highlightAbovePct, thresholds.overCapacityAbovePct].map((p) => ({
      y: y(p),
      label: `${p}%`,
    })),
    axis: { left, right, bottom, top },
    summary:
      first && last
        ? `Weekly workload from ${first.weekEnding} to ${last.weekEnding}; latest ${last.displayPct === null ? 'no available points' : `${last.displayPct.toFixed(1)}%`}. The figures are in the table below.`
        : 'No weekly snapshots have been taken yet.',
  };
}

// EDTF (ISO 8601-2 levels 0 and 1) in the browser: enough to show a person
// what a fuzzy date means ("2016-08-21/2016-08-31" is "late August 2016") and
// to draw it as a span on the timeline. The server stays the judge of
// validity; this parser mirrors src/core/fuzzy_date.h.

export interface EdtfPoint {
  year: number; // unspecified digits counted as 0 ("201X" -> 2010)
  yearUnspecified: number; // trailing X digits in the year (0..4)
  month: number; // 0 absent; 1..12; 21..24 seasons
  monthUnspecified: boolean;
  day: number; // 0 absent
  dayUnspecified: boolean;
  approximate: boolean;
  uncertain: boolean;
}

export type EndKind = 'date' | 'open' | 'unknown';

export interface Edtf {
  text: string;
  interval: boolean;
  start: EdtfPoint | null; // null when the end is open or unknown
  end: EdtfPoint | null;
  startKind: EndKind;
  endKind: EndKind;
}

/** A calendar day as [year, month 1-12, day 1-31]. */
export interface Day {
  y: number;
  m: number;
  d: number;
}

export class EdtfError extends Error {}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** Days since 1970-01-01 (proleptic Gregorian; negative before). */
export function dayNumber(day: Day): number {
  const y = day.m <= 2 ? day.y - 1 : day.y;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (day.m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day.d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function dayFromNumber(n: number): Day {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

export function isoDay(day: Day): string {
  const y = day.y < 0 ? '-' + String(-day.y).padStart(4, '0') : String(day.y).padStart(4, '0');
  return `${y}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;
}

export function parseIsoDay(text: string): Day | null {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})$/.exec(text);
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

const POINT_RE = /^(Y-?\d{5,}|-?[0-9X]{4})(?:-([0-9X]{2}))?(?:-([0-9X]{2}))?([~?%])?$/;

function parsePoint(text: string, whole: string): EdtfPoint {
  const m = POINT_RE.exec(text);
  if (!m) throw new EdtfError(`edtf '${whole}': not a date`);
  const [, yearText, monthText, dayText, qualifier] = m;
  const p: EdtfPoint = {
    year: 0,
    yearUnspecified: 0,
    month: 0,
    monthUnspecified: false,
    day: 0,
    dayUnspecified: false,
    approximate: qualifier === '~' || qualifier === '%',
    uncertain: qualifier === '?' || qualifier === '%',
  };
  if (yearText.startsWith('Y')) {
    p.year = Number(yearText.slice(1));
  } else {
    const negative = yearText.startsWith('-');
    const digits = negative ? yearText.slice(1) : yearText;
    const x = /X+$/.exec(digits);
    if (/X/.test(digits.replace(/X+$/, ''))) throw new EdtfError(`edtf '${whole}': X only at the end of the year`);
    p.yearUnspecified = x ? x[0].length : 0;
    p.year = Number(digits.replace(/X/g, '0')) * (negative ? -1 : 1);
  }
  if (monthText !== undefined) {
    if (monthText === 'XX') {
      p.monthUnspecified = true;
    } else if (/X/.test(monthText)) {
      throw new EdtfError(`edtf '${whole}': month must be digits or XX`);
    } else {
      p.month = Number(monthText);
      const season = p.month >= 21 && p.month <= 24;
      if (!season && (p.month < 1 || p.month > 12)) {
        throw new EdtfError(`edtf '${whole}': month ${p.month} out of range`);
      }
      if (season && dayText !== undefined) throw new EdtfError(`edtf '${whole}': a season has no day`);
    }
    if (p.yearUnspecified > 0 && !p.monthUnspecified) {
      throw new EdtfError(`edtf '${whole}': a month needs a known year`);
    }
  }
  if (dayText !== undefined) {
    if (dayText === 'XX') {
      p.dayUnspecified = true;
    } else if (/X/.test(dayText) || p.monthUnspecified) {
      throw new EdtfError(`edtf '${whole}': day must be digits or XX after a known month`);
    } else {
      p.day = Number(dayText);
      if (p.day < 1 || p.day > daysInMonth(p.year, p.month)) {
        throw new EdtfError(`edtf '${whole}': day ${p.day} out of range`);
      }
    }
  }
  return p;
}

export function parseEdtf(text: string): Edtf {
  const t = text.trim();
  if (t.includes('/')) {
    const parts = t.split('/');
    if (parts.length !== 2) throw new EdtfError(`edtf '${t}': one slash at most`);
    const kind = (s: string): EndKind => (s === '..' ? 'open' : s === '' ? 'unknown' : 'date');
    const startKind = kind(parts[0]);
    const endKind = kind(parts[1]);
    if (startKind !== 'date' && endKind !== 'date') throw new EdtfError(`edtf '${t}': an interval needs one date`);
    const e: Edtf = {
      text: t,
      interval: true,
      start: startKind === 'date' ? parsePoint(parts[0], t) : null,
      end: endKind === 'date' ? parsePoint(parts[1], t) : null,
      startKind,
      endKind,
    };
    const a = earliestDay(e);
    const b = latestDay(e);
    if (a && b && dayNumber(a) > dayNumber(b)) throw new EdtfError(`edtf '${t}': the interval ends before it starts`);
    return e;
  }
  if (t === '') throw new EdtfError(`edtf '': empty`);
  return { text: t, interval: false, start: parsePoint(t, t), end: null, startKind: 'date', endKind: 'date' };
}

export function tryParseEdtf(text: string): Edtf | null {
  try {
    return parseEdtf(text);
  } catch {
    return null;
  }
}

function pointFirstDay(p: EdtfPoint): Day {
  if (p.yearUnspecified > 0 || p.monthUnspecified || p.month === 0) return { y: p.year, m: 1, d: 1 };
  if (p.month >= 21) return { y: p.year, m: [3, 6, 9, 12][p.month - 21], d: 1 };
  return { y: p.year, m: p.month, d: p.day > 0 && !p.dayUnspecified ? p.day : 1 };
}

function pointLastDay(p: EdtfPoint): Day {
  if (p.yearUnspecified > 0) {
    const y = p.year + 10 ** p.yearUnspecified - 1;
    return { y, m: 12, d: 31 };
  }
  if (p.monthUnspecified || p.month === 0) return { y: p.year, m: 12, d: 31 };
  if (p.month >= 21) {
    if (p.month === 24) return { y: p.year + 1, m: 2, d: daysInMonth(p.year + 1, 2) };
    const m = [5, 8, 11][p.month - 21];
    return { y: p.year, m, d: daysInMonth(p.year, m) };
  }
  if (p.day > 0 && !p.dayUnspecified) return { y: p.year, m: p.month, d: p.day };
  return { y: p.year, m: p.month, d: daysInMonth(p.year, p.month) };
}

/** First day the value can denote; null when the start is open or unknown. */
export function earliestDay(e: Edtf): Day | null {
  return e.start ? pointFirstDay(e.start) : null;
}

/** Last day the value can denote; null when the end is open or unknown. */
export function latestDay(e: Edtf): Day | null {
  if (!e.interval) return e.start ? pointLastDay(e.start) : null;
  return e.end ? pointLastDay(e.end) : null;
}

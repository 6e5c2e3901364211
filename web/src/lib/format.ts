// Words for fuzzy dates and counts, in the user's language, with dates and
// numbers formatted by Intl in the user's locale. Pure: tested in
// format.test.ts.
import {
  type Day,
  type Edtf,
  type EdtfPoint,
  daysInMonth,
  earliestDay,
  latestDay,
  tryParseEdtf,
} from './edtf';
import { type Key, type Lang, localeOf, translate } from './i18n';

function utc(day: Day): Date {
  const d = new Date(Date.UTC(2000, day.m - 1, day.d));
  d.setUTCFullYear(day.y);
  return d;
}

export function formatDay(day: Day, lang: Lang): string {
  return new Intl.DateTimeFormat(localeOf(lang), {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(utc(day));
}

export function formatMonth(y: number, m: number, lang: Lang): string {
  return new Intl.DateTimeFormat(localeOf(lang), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    utc({ y, m, d: 1 }),
  );
}

/** "августа 2016 г." in Russian (the month as it follows a day); other languages as formatMonth. */
function monthAfterDay(y: number, m: number, lang: Lang): string {
  if (lang !== 'ru') return formatMonth(y, m, lang);
  const parts = new Intl.DateTimeFormat('ru-RU', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).formatToParts(utc({ y, m, d: 15 }));
  const i = parts.findIndex((p) => p.type === 'day');
  return parts
    .slice(i + 1)
    .map((p) => p.value)
    .join('')
    .trim();
}

export function formatYear(y: number, lang: Lang): string {
  return new Intl.DateTimeFormat(localeOf(lang), { year: 'numeric', timeZone: 'UTC' }).format(utc({ y, m: 6, d: 1 }));
}

export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(localeOf(lang)).format(n);
}

/** An ISO 8601 UTC time in the user's locale ("25 Aug 2016, 14:03"). */
export function formatTimestamp(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

function pointWords(p: EdtfPoint, lang: Lang): string {
  const t = (key: Key, vars: Record<string, string | number> = {}) => translate(lang, key, vars);
  let words: string;
  if (p.yearUnspecified === 1) {
    words = t('edtf.decade', { decade: String(p.year) });
  } else if (p.yearUnspecified > 1) {
    words = t('edtf.years', { from: String(p.year), to: String(p.year + 10 ** p.yearUnspecified - 1) });
  } else if (p.monthUnspecified) {
    words = t('edtf.someMonth', { year: String(p.year) });
  } else if (p.month === 0) {
    words = formatYear(p.year, lang);
  } else if (p.month >= 21) {
    const key = (['edtf.spring', 'edtf.summer', 'edtf.autumn', 'edtf.winter'] as const)[p.month - 21];
    words = t(key, { year: String(p.year), next: String(p.year + 1) });
  } else if (p.dayUnspecified) {
    words = t('edtf.someDay', { month: formatMonth(p.year, p.month, lang) });
  } else if (p.day === 0) {
    words = formatMonth(p.year, p.month, lang);
  } else {
    words = formatDay({ y: p.year, m: p.month, d: p.day }, lang);
  }
  return qualify(words, p.approximate, p.uncertain, lang);
}

function qualify(words: string, approximate: boolean, uncertain: boolean, lang: Lang): string {
  if (approximate && uncertain) return translate(lang, 'edtf.both', { words });
  if (approximate) return translate(lang, 'edtf.approximate', { words });
  if (uncertain) return translate(lang, 'edtf.uncertain', { words });
  return words;
}

function isPlainDay(p: EdtfPoint | null): p is EdtfPoint {
  return !!p && p.yearUnspecified === 0 && p.month >= 1 && p.month <= 12 && p.day > 0 && !p.dayUnspecified;
}

/** What an EDTF value means, in words: "2016-08-21/2016-08-31" -> "late August 2016". */
export function describeEdtf(value: Edtf | string, lang: Lang): string {
  const e = typeof value === 'string' ? tryParseEdtf(value) : value;
  if (!e) return translate(lang, 'edtf.invalid');
  if (!e.interval) return pointWords(e.start!, lang);
  const t = (key: Key, vars: Record<string, string | number> = {}) => translate(lang, key, vars);
  const s = e.start;
  const f = e.end;
  if (s && f) {
    // Thirds of one month read as early / mid / late.
    if (
      isPlainDay(s) &&
      isPlainDay(f) &&
      s.year === f.year &&
      s.month === f.month &&
      s.approximate === f.approximate &&
      s.uncertain === f.uncertain
    ) {
      const last = daysInMonth(s.year, s.month);
      const month = monthAfterDay(s.year, s.month, lang);
      let key: Key | null = null;
      if (s.day === 1 && f.day === 10) key = 'edtf.early';
      else if (s.day === 11 && f.day === 20) key = 'edtf.mid';
      else if (s.day === 21 && f.day === last) key = 'edtf.late';
      if (key) return qualify(t(key, { month }), s.approximate, s.uncertain, lang);
    }
    return t('edtf.between', { from: pointWords(s, lang), to: pointWords(f, lang) });
  }
  if (s) {
    return e.endKind === 'open'
      ? t('edtf.fromOpen', { from: pointWords(s, lang) })
      : t('edtf.fromUnknown', { from: pointWords(s, lang) });
  }
  return e.startKind === 'open'
    ? t('edtf.untilOpen', { to: pointWords(f!, lang) })
    : t('edtf.untilUnknown', { to: pointWords(f!, lang) });
}

/** The span of days in words: "Any day from 21 August 2016 to 31 August 2016". */
export function describeSpan(value: Edtf | string, lang: Lang): string {
  const e = typeof value === 'string' ? tryParseEdtf(value) : value;
  if (!e) return translate(lang, 'edtf.invalid');
  const a = earliestDay(e);
  const b = latestDay(e);
  if (a && b) return translate(lang, 'edtf.span', { from: formatDay(a, lang), to: formatDay(b, lang) });
  if (a) return translate(lang, 'edtf.spanFrom', { from: formatDay(a, lang) });
  return translate(lang, 'edtf.spanTo', { to: formatDay(b!, lang) });
}

export interface CountLike {
  min: number;
  max?: number | null;
  best?: number | null;
  unit?: string;
  words?: string;
}

/** "6–10 people, best estimate 8 («almost 10»)"; "at least 150 people". */
export function formatCount(c: CountLike, lang: Lang, withWords = true): string {
  const n = (x: number) => formatNumber(x, lang);
  let range: string;
  if (c.max === undefined || c.max === null) range = translate(lang, 'count.atLeast', { min: n(c.min) });
  else if (c.max === c.min) range = n(c.min);
  else range = translate(lang, 'count.range', { min: n(c.min), max: n(c.max) });
  const unitKey = `enum.unit.${c.unit ?? 'individuals'}` as Key;
  const unit = translate(lang, unitKey);
  let out = `${range} ${unit}`;
  if (c.best !== undefined && c.best !== null && !(c.max === c.min && c.best === c.min)) {
    out += `, ${translate(lang, 'count.best', { best: n(c.best) })}`;
  }
  if (withWords && c.words) out += ` (“${c.words}”)`;
  return out;
}
